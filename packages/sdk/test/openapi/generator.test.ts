// scripts/generate-openapi.ts as `gen` and `gen:check` use it: drift in an output directory is named file by file,
// and a schema set that cannot become components fails with the file named.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILES, checkOpenApi, generateOpenApi, writeOpenApi } from '../../scripts/generate-openapi';
import { SchemaSetError } from '../../scripts/generate-schema-code';

const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kgk-openapi-gen-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The parts of a JSON Schema file (packages/sdk/schemas) these tests change. */
interface JsonSchemaFile {
  properties: Record<string, unknown>;
}

describe('generate-openapi', () => {
  it('writes both documents; the check then passes, and names a changed, a missing and an unexpected file', async () => {
    const outDir = path.join(tmp, 'out');
    const written = await writeOpenApi({ outDir });
    expect(written.map((f) => f.path).sort()).toEqual(Object.values(OPENAPI_FILES).sort());
    expect((await checkOpenApi({ outDir })).stale).toEqual([]);

    const production = path.join(outDir, OPENAPI_FILES.production);
    await writeFile(production, (await readFile(production, 'utf8')).replace('"3.1.0"', '"3.0.3"'));
    await rm(path.join(outDir, OPENAPI_FILES.openApis));
    await writeFile(path.join(outDir, 'old.openapi.json'), '{}');
    expect((await checkOpenApi({ outDir })).stale).toEqual([
      { path: OPENAPI_FILES.openApis, problem: 'missing' },
      { path: OPENAPI_FILES.production, problem: 'differs' },
      { path: 'old.openapi.json', problem: 'unexpected' },
    ]);
  });

  it('a new schema field appears in the document generated from it', async () => {
    const schemasDir = path.join(tmp, 'schemas-field');
    await cp(SCHEMAS_DIR, schemasDir, { recursive: true });
    const file = path.join(schemasDir, 'v2/new-instance-request.json');
    const schema = JSON.parse(await readFile(file, 'utf8')) as JsonSchemaFile;
    schema.properties.tenantHint = { type: 'string', maxLength: 8 };
    await writeFile(file, JSON.stringify(schema));
    const files = await generateOpenApi({ schemasDir });
    const doc = JSON.parse(files.find((f) => f.path === OPENAPI_FILES.production)!.content) as {
      components: { schemas: Record<string, JsonSchemaFile> };
    };
    expect(doc.components.schemas.NewInstanceRequest?.properties.tenantHint).toEqual({
      type: 'string',
      maxLength: 8,
    });
  });

  it('fails naming the reference when a $ref points at nothing, and when two components share a title', async () => {
    const broken = path.join(tmp, 'schemas-ref');
    await cp(SCHEMAS_DIR, broken, { recursive: true });
    const file = path.join(broken, 'v2/new-instance-request.json');
    const schema = JSON.parse(await readFile(file, 'utf8')) as JsonSchemaFile;
    schema.properties.orderId = { $ref: '../common/fields.json#/$defs/noSuchField' };
    await writeFile(file, JSON.stringify(schema));
    await expect(generateOpenApi({ schemasDir: broken })).rejects.toThrow(SchemaSetError);
    await expect(generateOpenApi({ schemasDir: broken })).rejects.toThrow(
      /fields\.json#\/\$defs\/noSuchField/,
    );

    const clash = path.join(tmp, 'schemas-title');
    await cp(SCHEMAS_DIR, clash, { recursive: true });
    const common = path.join(clash, 'common/instance.json');
    const defs = JSON.parse(await readFile(common, 'utf8')) as { $defs: Record<string, { title?: string }> };
    defs.$defs.appInfo!.title = 'NewInstanceResponse';
    await writeFile(common, JSON.stringify(defs));
    await expect(generateOpenApi({ schemasDir: clash })).rejects.toThrow(
      /title NewInstanceResponse is already used/,
    );
  });
});
