/**
 * scripts/generate-config-validator.ts: the committed validator is what the schema generates, the generated code
 * imports nothing (no ajv at run time), `--check` fails with a clear message naming every stale, missing or
 * unexpected file, and the shared-subschema rewrite keeps the schema's meaning.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigValidatorError,
  DEFAULT_OUT_DIR,
  checkConfigValidator,
  generateConfigValidator,
  main,
  shareRepeatedSubschemas,
  writeConfigValidator,
  type GeneratedFile,
} from '../../scripts/generate-config-validator';
import { MOCK_CONFIG_SCHEMA } from '../../src/config/config-schema';

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = path.join(PACKAGE_DIR, 'scripts/generate-config-validator.ts');

let tmp: string;
let fresh: GeneratedFile[];

/** MOCK_CONFIG_SCHEMA with the maximum port changed (a stale validator for the committed files). */
function changedSchema(): Record<string, unknown> {
  const schema = structuredClone(MOCK_CONFIG_SCHEMA) as unknown as {
    properties: { port: { maximum: number } };
  };
  schema.properties.port.maximum = 65534;
  return schema;
}

async function runMain(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kgk-config-gen-'));
  fresh = await generateConfigValidator();
}, 60_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('generate-config-validator', () => {
  it('the committed src/config/generated matches what MOCK_CONFIG_SCHEMA generates', async () => {
    expect(fresh.map((f) => f.path)).toEqual(['config-validator.d.ts', 'config-validator.js']);
    for (const file of fresh) {
      expect(await readFile(path.join(DEFAULT_OUT_DIR, file.path), 'utf8'), file.path).toBe(file.content);
    }
    expect(await checkConfigValidator()).toEqual({ stale: [] });
  });

  it('emits a self-contained ES module: no import, no require, one default export', () => {
    const js = fresh.find((f) => f.path === 'config-validator.js')?.content ?? '';
    expect(js).not.toMatch(/\brequire\s*\(/);
    expect(js).not.toMatch(/^\s*import[\s{*]/m);
    expect(js).not.toMatch(/from\s*['"]ajv/);
    expect(js).toMatch(/^export default validate\d+;$/m);
    // The code of the shared retry schedule is generated once, not once per interface.
    const interfaces = Object.keys(MOCK_CONFIG_SCHEMA.properties.retrySchedules.properties).length;
    expect(interfaces).toBeGreaterThan(10);
    expect(js.match(/^function validate\d+\(/gm)?.length ?? 0).toBeLessThan(interfaces);
  });

  it('--check reports a stale validator when the schema changed, and writes nothing', async () => {
    const before = await readFile(path.join(DEFAULT_OUT_DIR, 'config-validator.js'), 'utf8');
    const report = await checkConfigValidator({ schema: changedSchema() });
    expect(report.stale).toEqual([{ path: 'config-validator.js', problem: 'differs' }]);
    expect(await readFile(path.join(DEFAULT_OUT_DIR, 'config-validator.js'), 'utf8')).toBe(before);
  });

  it('writes the files, deletes stray ones, and --check then passes', async () => {
    const out = path.join(tmp, 'written');
    await writeConfigValidator({ outDir: out });
    await writeFile(path.join(out, 'stray.js'), 'export {};\n');
    expect((await checkConfigValidator({ outDir: out })).stale).toEqual([
      { path: 'stray.js', problem: 'unexpected' },
    ]);
    await writeConfigValidator({ outDir: out });
    expect((await checkConfigValidator({ outDir: out })).stale).toEqual([]);
    expect(await readFile(path.join(out, 'config-validator.js'), 'utf8')).toBe(
      fresh.find((f) => f.path === 'config-validator.js')?.content,
    );
  });

  it('main: --check exits 1 naming each missing or stale file and what to run; usage errors exit 2', async () => {
    const empty = path.join(tmp, 'empty');
    const missing = await runMain(['--check', '--out', empty]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('config-validator.js is missing');
    expect(missing.err).toContain('config-validator.d.ts is missing');
    expect(missing.err).toContain('Run `npx pnpm@10 run gen` and commit the result.');

    const stale = path.join(tmp, 'stale');
    await writeConfigValidator({ outDir: stale, schema: changedSchema() });
    const r = await runMain(['--check', '--out', stale]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('config-validator.js is stale');
    expect(r.err).not.toContain('config-validator.d.ts');

    expect((await runMain(['--bogus'])).code).toBe(2);
    expect((await runMain(['--out'])).code).toBe(2);
  });

  it('runs as a script: --check on the committed files exits 0', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--check'], {
      cwd: PACKAGE_DIR,
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/stale|missing|error/i);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('is up to date');
  }, 60_000);
});

describe('shareRepeatedSubschemas', () => {
  it('defines a subschema used at several places once and references it; the input is not changed', () => {
    const shared = { type: 'integer', minimum: 0 };
    const schema = {
      type: 'object',
      properties: { a: shared, b: shared, c: { type: 'array', items: shared }, d: { type: 'string' } },
    };
    const copy = structuredClone(schema);
    const out = shareRepeatedSubschemas(schema);
    expect(out).toEqual({
      type: 'object',
      properties: {
        a: { $ref: '#/definitions/generatorShared1' },
        b: { $ref: '#/definitions/generatorShared1' },
        c: { type: 'array', items: { $ref: '#/definitions/generatorShared1' } },
        d: { type: 'string' },
      },
      definitions: { generatorShared1: { type: 'integer', minimum: 0 } },
    });
    expect(schema).toEqual(copy);
  });

  it('leaves a schema without shared subschemas as it is (a copy), and never treats data as a schema', () => {
    const values = ['a', 'b'];
    const schema = { properties: { x: { enum: values }, y: { enum: values } } };
    const out = shareRepeatedSubschemas(schema);
    expect(out).toEqual(schema);
    expect(out).not.toBe(schema);
    expect((out.properties as { x: { enum: unknown } }).x.enum).not.toBe(values);
  });

  it('refuses to overwrite a definition of the schema', () => {
    const shared = { type: 'string' };
    expect(() =>
      shareRepeatedSubschemas({
        definitions: { generatorShared1: {} },
        properties: { a: shared, b: shared },
      }),
    ).toThrow(ConfigValidatorError);
  });
});
