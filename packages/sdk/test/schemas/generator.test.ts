import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkGeneratedCode,
  generateSchemaCode,
  SchemaSetError,
  writeGeneratedCode,
  type GeneratedFile,
} from '../../scripts/generate-schema-code';
import { SCHEMAS_DIR } from './helpers';

const SDK_DIR = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = path.join(SDK_DIR, 'scripts/generate-schema-code.ts');
const GENERATED_DIR = path.join(SDK_DIR, 'src/generated');
// Bare specifier, resolved from the package directory up to the workspace root's node_modules.
const TSX = 'tsx';

let tmp: string;
let fresh: GeneratedFile[];

/** A copy of the real schema directory under the temp dir, changed by `edit`. */
async function schemaCopy(name: string, edit?: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(tmp, name);
  await cp(SCHEMAS_DIR, dir, { recursive: true });
  if (edit) await edit(dir);
  return dir;
}

async function editJson(file: string, change: (json: Record<string, unknown>) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  change(json);
  await writeFile(file, JSON.stringify(json, null, 2));
}

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, SCRIPT, ...args], {
    cwd: SDK_DIR,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kgk-schema-gen-'));
  fresh = await generateSchemaCode();
}, 120_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('generate-schema-code', () => {
  it('the committed src/generated matches what the schemas generate', async () => {
    expect(fresh.map((f) => f.path)).toEqual([
      'schema-files.ts',
      'types.ts',
      'validators.d.ts',
      'validators.js',
    ]);
    for (const file of fresh) {
      expect(await readFile(path.join(GENERATED_DIR, file.path), 'utf8'), file.path).toBe(file.content);
    }
  });

  it('emits types and validators for every body schema', () => {
    const types = fresh.find((f) => f.path === 'types.ts')?.content ?? '';
    const validators = fresh.find((f) => f.path === 'validators.js')?.content ?? '';
    expect(types).toMatch(/export interface SchemaTypes \{/);
    expect(types).toMatch(/export interface NewInstanceRequest \{/);
    expect(types).toMatch(/export interface OrderInfo \{/);
    expect(types).toMatch(/status: 'FREEZE' \| 'UNFREEZE';/);
    expect(validators).toMatch(/^export const newInstanceRequest = validate\d+;/m);
  });

  it('--check detects a changed schema and names the stale files (real files untouched)', async () => {
    const dir = await schemaCopy('changed-length', (d) =>
      editJson(path.join(d, 'common/fields.json'), (json) => {
        (
          (json.$defs as Record<string, Record<string, unknown>>).instanceId as Record<string, unknown>
        ).maxLength = 65;
      }),
    );
    const report = await checkGeneratedCode({ schemasDir: dir, outDir: GENERATED_DIR });
    expect(report.stale).toContainEqual({ path: 'validators.js', problem: 'differs' });
    const cli = runCli(['--check', '--schemas', dir]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(path.join('src', 'generated', 'validators.js'));
    expect(cli.stderr).toContain('is stale');
    expect(cli.stderr).toContain('run gen');
  }, 120_000);

  it('--check detects a new field in the types', async () => {
    const dir = await schemaCopy('new-field', (d) =>
      editJson(path.join(d, 'v2/new-instance-request.json'), (json) => {
        (json.properties as Record<string, unknown>).newField = { type: 'string' };
      }),
    );
    const report = await checkGeneratedCode({ schemasDir: dir, outDir: GENERATED_DIR });
    expect(report.stale.map((s) => s.path).sort()).toEqual(['types.ts', 'validators.js']);
  }, 120_000);

  it('writes into another directory, which then checks clean, and reports missing and unexpected files', async () => {
    const out = path.join(tmp, 'out');
    await writeGeneratedCode({ outDir: out });
    expect(await checkGeneratedCode({ outDir: out })).toEqual({ stale: [] });
    await rm(path.join(out, 'types.ts'));
    await writeFile(path.join(out, 'leftover.ts'), 'export {};\n');
    const report = await checkGeneratedCode({ outDir: out });
    expect(report.stale).toEqual([
      { path: 'types.ts', problem: 'missing' },
      { path: 'leftover.ts', problem: 'unexpected' },
    ]);
    const cli = runCli(['--check', '--out', out]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('types.ts is missing');
    expect(cli.stderr).toContain('leftover.ts is not generated by the schemas');
  }, 120_000);

  it('the real check passes from the command line', () => {
    const cli = runCli(['--check']);
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
  }, 120_000);

  it('rejects a pattern without a plain-words message', async () => {
    const dir = await schemaCopy('no-message', (d) =>
      editJson(path.join(d, 'v2/order-notify-request.json'), (json) => {
        (json.properties as Record<string, unknown>).orderId = { type: 'string', pattern: '^CS' };
      }),
    );
    const error = await generateSchemaCode({ schemasDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaSetError);
    expect((error as Error).message).toMatch(/order-notify-request\.json.*x-pattern-message/);
  }, 120_000);

  it('rejects a body schema whose file name does not match its title', async () => {
    const dir = await schemaCopy('bad-name', async (d) => {
      await cp(path.join(d, 'v2/order-notify-request.json'), path.join(d, 'v2/order-notify-copy.json'));
    });
    await expect(generateSchemaCode({ schemasDir: dir })).rejects.toThrow(/order-notify-request\.json/);
  }, 120_000);

  it('rejects an unresolvable $ref and names the file; the CLI exits 1', async () => {
    const dir = await schemaCopy('bad-ref', (d) =>
      editJson(path.join(d, 'v2/order-notify-request.json'), (json) => {
        (json.properties as Record<string, unknown>).orderId = { $ref: '../common/fields.json#/$defs/nope' };
      }),
    );
    await expect(generateSchemaCode({ schemasDir: dir })).rejects.toThrow(SchemaSetError);
    const cli = runCli(['--check', '--schemas', dir]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('order-notify-request.json');
  }, 120_000);

  it('usage errors exit 2', () => {
    expect(runCli(['--bogus']).status).toBe(2);
    expect(runCli(['--out']).status).toBe(2);
  }, 60_000);
});
