// The OpenAPI 3.1 documents of packages/sdk/openapi (generated from the schemas by scripts/generate-openapi.ts):
// valid for a maintained OpenAPI validator (@readme/openapi-parser), structured as the protocol says, every example
// accepted by the SDK's validators and by the document's own schema, the two agreeing on valid and broken bodies,
// and every signed example verifying with the SDK's verifiers (accessKey of the §12.3 vectors).
import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { OPEN_API_PATHS } from '../../src/client/hosts';
import {
  INTERFACES,
  SCHEMA_NAMES,
  validateSchema,
  type InterfaceName,
  type SchemaName,
} from '../../src/schemas';
import { computeApigSignature } from '../../src/signing/apig-signer';
import {
  verifyAuthToken,
  verifyBodySign,
  verifyKitRequest,
  verifyRequest,
  verifyUsagePush,
} from '../../src/signing';
import { OPENAPI_FILES, checkOpenApi } from '../../scripts/generate-openapi';
import { VECTOR_ACCESS_KEY } from '../../scripts/openapi-examples';
import { sample } from '../schemas/helpers';

/** A schema of the documents, as far as these tests read it. */
interface Schema {
  $ref?: string;
  pattern?: string;
  oneOf?: Schema[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
}
/** A named example: its value, and the text around it. */
interface Example {
  value: unknown;
  summary?: string;
  description?: string;
}
interface MediaType {
  schema: Schema;
  examples?: Record<string, Example>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema: Schema;
  examples?: Record<string, Example>;
}
interface Header {
  $ref?: string;
  schema?: Schema;
  examples?: Record<string, Example>;
}
interface Reply {
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  description: string;
  security: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, Reply>;
  'x-koogallery-response-by-activity'?: Record<string, Schema>;
}
/** The parts of an OpenAPI 3.1 document (packages/sdk/openapi) these tests read. */
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    headers: Record<string, Header>;
    securitySchemes: Record<string, { type: string; in: string; name: string; description: string }>;
  };
}

/** `value`, or a failed test naming what the document lacks. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the document has no ${what}`);
  return value;
}
/** The operation at `method path`. */
const operationOf = (doc: OpenApiDocument, path: string, method: string): Operation =>
  must(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
/** The JSON media type of a request body or reply. */
const jsonOf = (m: { content?: Record<string, MediaType> } | undefined, what: string): MediaType =>
  must(m?.content?.['application/json'], `application/json ${what}`);
/** The component name a `$ref` points at. */
const refName = (schema: Schema): string => must(schema.$ref?.split('/').pop(), '$ref');

/** The maintained validator, on a parsed document (it takes an object or a file path). */
const validateOpenApi = (doc: OpenApiDocument) => validate(doc as unknown as Parameters<typeof validate>[0]);

const OPENAPI_DIR = new URL('../../openapi/', import.meta.url);
const DOCS_DIR = new URL('../../../../docs/openapi/', import.meta.url);
const read = (dir: URL, file: string): OpenApiDocument =>
  JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as OpenApiDocument;
const production = read(OPENAPI_DIR, OPENAPI_FILES.production);
const openApis = read(OPENAPI_DIR, OPENAPI_FILES.openApis);
const DOCUMENTS = { production, openApis } as const;

/** Validators of a document's component schemas, compiled the way the SDK compiles its schemas. */
function componentValidator(doc: OpenApiDocument): (component: string, data: unknown) => boolean {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    // As the SDK's generator: lengths in UTF-16 code units (ajv calls the option deprecated but honours it).
    unicode: false,
    multipleOfPrecision: 3,
    logger: { log: console.log, warn: () => {}, error: console.error },
  });
  const id = 'https://koogallery-kit.invalid/openapi.json';
  ajv.addSchema({ $id: id, components: doc.components });
  return (component, data) => ajv.getSchema(`${id}#/components/schemas/${component}`)!(data) as boolean;
}

/** `NewInstanceRequest` → `newInstanceRequest`, when that is a schema name. */
function schemaNameOf(component: string): SchemaName | undefined {
  const name = component.charAt(0).toLowerCase() + component.slice(1);
  return (SCHEMA_NAMES as readonly string[]).includes(name) ? (name as SchemaName) : undefined;
}

const componentOf = (schemaName: SchemaName): string =>
  schemaName.charAt(0).toUpperCase() + schemaName.slice(1);

describe('the OpenAPI documents', () => {
  it.each(Object.entries(OPENAPI_FILES))(
    '%s is a valid OpenAPI 3.1 document (@readme/openapi-parser)',
    async (_, file) => {
      const result = await validateOpenApi(read(OPENAPI_DIR, file));
      expect(result.valid ? [] : result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(read(OPENAPI_DIR, file).openapi).toBe('3.1.0');
    },
  );

  it('a broken document is refused by the validator (the check can fail)', async () => {
    const danglingRef = structuredClone(production);
    must(jsonOf(operationOf(danglingRef, '/', 'post').requestBody, 'request').schema.oneOf, 'oneOf')[0] = {
      $ref: '#/components/schemas/Missing',
    };
    expect((await validateOpenApi(danglingRef)).valid).toBe(false);
    const badParameter = structuredClone(openApis);
    must(operationOf(badParameter, OPEN_API_PATHS.orderQuery, 'get').parameters?.[0], 'parameter').in =
      'body';
    expect((await validateOpenApi(badParameter)).valid).toBe(false);
  });

  it('are generated from the current schemas, and docs/openapi holds the same files', async () => {
    expect((await checkOpenApi()).stale).toEqual([]);
    for (const file of Object.values(OPENAPI_FILES))
      expect(read(DOCS_DIR, file)).toEqual(read(OPENAPI_DIR, file));
  });
});

describe('production-interfaces.openapi.json', () => {
  const post = operationOf(production, '/', 'post');
  const basic = Object.values(INTERFACES).filter((i) => i.family === 'basic' || i.family === 'licence');

  it('POST / carries every V2 basic and License 2.0 interface, discriminated by activity', () => {
    const discriminator = must(jsonOf(post.requestBody, 'request').schema.discriminator, 'discriminator');
    expect(discriminator.propertyName).toBe('activity');
    expect(Object.keys(discriminator.mapping).sort()).toEqual(basic.map((i) => i.activity).sort());
    for (const i of basic) {
      expect(discriminator.mapping[i.activity]).toBe(`#/components/schemas/${componentOf(i.request)}`);
      expect(post['x-koogallery-response-by-activity']?.[i.activity]).toEqual({
        $ref: `#/components/schemas/${componentOf(i.response)}`,
      });
    }
    expect(post.parameters?.map((p) => [p.in, p.name, p.required])).toEqual([
      ['query', 'signature', true],
      ['query', 'timestamp', true],
      ['query', 'nonce', true],
    ]);
  });

  it('the kit interfaces are POSTs at /produceAPI/v2/<name> signed in x-sign, x-timestamp and x-nonce headers', () => {
    const kit = Object.values(INTERFACES).filter((i) => i.family === 'kit');
    expect(kit.length).toBe(5);
    for (const i of kit) {
      const op = operationOf(production, `/produceAPI/v2/${i.name}`, 'post');
      expect(op.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual([
        'header:x-sign',
        'header:x-timestamp',
        'header:x-nonce',
      ]);
      expect(jsonOf(op.requestBody, 'request').schema.$ref).toBe(
        `#/components/schemas/${componentOf(i.request)}`,
      );
    }
  });

  it('V1 is a GET whose query parameters are the activity’s parameter set', () => {
    const get = operationOf(production, '/', 'get');
    const v1 = Object.values(INTERFACES).filter((i) => i.family === 'v1');
    expect(get.parameters).toHaveLength(1);
    const parameters = must(get.parameters?.[0], 'V1 parameters');
    expect(parameters).toMatchObject({ in: 'query', style: 'form', explode: true });
    expect(Object.keys(must(parameters.schema.discriminator, 'discriminator').mapping).sort()).toEqual(
      v1.map((i) => i.activity).sort(),
    );
  });

  it('every reply declares the Body-Sign header and lists the result codes', () => {
    const replies = [
      post,
      operationOf(production, '/', 'get'),
      operationOf(production, '/produceAPI/v2/tenantSync', 'post'),
    ].map((op) => must(op.responses['200'], 'reply 200'));
    const declared = must(production.components.headers.BodySign, 'BodySign header');
    for (const reply of replies) {
      const header = must(reply.headers?.['Body-Sign'], 'Body-Sign');
      // A reference, or the same header written out because it carries examples.
      if (header.$ref === undefined)
        expect({ ...header, examples: undefined }).toEqual({ ...declared, examples: undefined });
      else expect(header.$ref).toBe('#/components/headers/BodySign');
      for (const code of ['000000', '000001', '000002', '000003', '000004', '000005', '000100']) {
        expect(reply.description).toContain(`| ${code} |`);
      }
    }
    const pattern = new RegExp(must(declared.schema?.pattern, 'Body-Sign pattern'));
    expect(
      pattern.test('sign_type="HMAC-SHA256", signature="1Mc9WSem6yPAJvSAFmWv4E+FpoVZsxUBFG5YIF0f7NQ="'),
    ).toBe(true);
    expect(
      pattern.test('sign_type="HMAC-SHA256",signature="1Mc9WSem6yPAJvSAFmWv4E+FpoVZsxUBFG5YIF0f7NQ="'),
    ).toBe(false);
  });
});

describe('open-apis.openapi.json', () => {
  it('has every Open API path of the SDK client, each with a security requirement', () => {
    const paths = Object.keys(openApis.paths).sort();
    expect(paths).toEqual(Object.values(OPEN_API_PATHS).sort());
    for (const item of Object.values(openApis.paths)) {
      for (const op of Object.values(item)) expect(op.security).toHaveLength(1);
    }
    expect(operationOf(openApis, OPEN_API_PATHS.usagePush, 'post').security).toEqual([
      { UsagePushSignature: [] },
    ]);
    expect(operationOf(openApis, OPEN_API_PATHS.orderQuery, 'get').security).toEqual([{ AkSk: [] }]);
  });

  it('describes the AK/SK scheme (SDK-HMAC-SHA256 in the Authorization header)', () => {
    const scheme = must(openApis.components.securitySchemes.AkSk, 'AkSk scheme');
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(scheme.description).toContain('SDK-HMAC-SHA256');
    expect(scheme.description).toContain('X-Sdk-Date');
  });
});

/** Every example of a media type or parameter: [where, example name, value, description]. */
function examplesOf(
  doc: OpenApiDocument,
): Array<{ where: string; name: string; value: unknown; description?: string }> {
  const out: Array<{ where: string; name: string; value: unknown; description?: string }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      const add = (where: string, examples: Record<string, Example> | undefined): void => {
        for (const [name, e] of Object.entries(examples ?? {})) {
          out.push({ where: `${at} ${where}`, name, value: e.value, description: e.description });
        }
      };
      for (const p of op.parameters ?? []) add(`parameter ${p.name}`, p.examples);
      add('request body', op.requestBody?.content['application/json']?.examples);
      for (const [status, r] of Object.entries(op.responses)) {
        add(`reply ${status}`, r.content?.['application/json']?.examples);
        add(`reply ${status} Body-Sign`, r.headers?.['Body-Sign']?.examples);
      }
    }
  }
  return out;
}

describe('the examples', () => {
  const interfaceOf = (name: string): (typeof INTERFACES)[InterfaceName] => INTERFACES[name as InterfaceName];
  const productionExamples = examplesOf(production);

  it('there is a request example for every interface family and a signed one for each signature scheme', () => {
    const bodies = productionExamples.filter(
      (e) => e.where.endsWith('request body') || e.where.endsWith('parameters'),
    );
    const families = new Set(bodies.map((e) => interfaceOf(e.name).family));
    expect([...families].sort()).toEqual(['basic', 'kit', 'v1']);
    const signed = productionExamples.filter((e) => /parameter (signature|x-sign|parameters)$/.test(e.where));
    expect(signed.length).toBeGreaterThanOrEqual(4);
  });

  it('every production request and reply validates with the SDK’s validator of its interface and with the document’s schema', () => {
    const bySchema = componentValidator(production);
    let checked = 0;
    for (const e of productionExamples) {
      const reply = / reply 200$/.test(e.where);
      const request = / request body$/.test(e.where) || / parameter parameters$/.test(e.where);
      if (!reply && !request) continue;
      const schemaName = reply ? interfaceOf(e.name).response : interfaceOf(e.name).request;
      const sdk = validateSchema(schemaName, e.value);
      expect(sdk.ok ? [] : sdk.issues, `${e.where} ${e.name}`).toEqual([]);
      expect(bySchema(componentOf(schemaName), e.value), `${e.where} ${e.name}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('every Open API request and reply validates with the SDK’s validators and with the document’s schema', () => {
    const bySchema = componentValidator(openApis);
    let checked = 0;
    for (const [path, item] of Object.entries(openApis.paths)) {
      for (const op of Object.values(item)) {
        const body = op.requestBody?.content['application/json'];
        if (body?.examples) {
          const component = refName(body.schema);
          for (const e of Object.values(body.examples)) {
            const sdk = validateSchema(schemaNameOf(component)!, e.value);
            expect(sdk.ok ? [] : sdk.issues, `${path} body`).toEqual([]);
            expect(bySchema(component, e.value)).toBe(true);
            checked++;
          }
        }
        const query = (op.parameters ?? []).filter((p) => p.in === 'query' && p.examples);
        if (query.length > 0) {
          const params = Object.fromEntries(
            query.map((p) => [p.name, must(p.examples?.vector, 'vector').value]),
          );
          const component = `${op.operationId.charAt(0).toUpperCase()}${op.operationId.slice(1)}Request`;
          const sdk = validateSchema(schemaNameOf(component)!, params);
          expect(sdk.ok ? [] : sdk.issues, `${path} query`).toEqual([]);
          checked++;
        }
        const reply = jsonOf(op.responses['200'], 'reply');
        const replyComponent = refName(reply.schema);
        for (const e of Object.values(reply.examples ?? {})) {
          const sdk = validateSchema(schemaNameOf(replyComponent)!, e.value);
          expect(sdk.ok ? [] : sdk.issues, `${path} reply`).toEqual([]);
          expect(bySchema(replyComponent, e.value)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  it('the signed production examples verify with the SDK (V2 signature, kit x-sign, V1 authToken, Body-Sign)', () => {
    const find = (where: RegExp, name: string): ReturnType<typeof examplesOf>[number] | undefined =>
      productionExamples.find((e) => where.test(e.where) && e.name === name);
    let verified = 0;
    for (const e of productionExamples.filter((x) => / parameter (signature|x-sign)$/.test(x.where))) {
      const kit = e.where.endsWith('x-sign');
      const path = e.where.split(' ')[1]!;
      const param = (part: string): string =>
        find(new RegExp(`^POST ${path.replace(/\//g, '\\/')} parameter ${kit ? 'x-' : ''}${part}$`), e.name)!
          .value as string;
      const body = JSON.stringify(
        find(new RegExp(`^POST ${path.replace(/\//g, '\\/')} request body$`), e.name)!.value,
      );
      const timestamp = param('timestamp');
      const now = (): number => Number(timestamp);
      const result = kit
        ? verifyKitRequest({
            accessKey: VECTOR_ACCESS_KEY,
            rawBody: body,
            headers: { 'x-sign': e.value as string, 'x-timestamp': timestamp, 'x-nonce': param('nonce') },
            now,
          })
        : verifyRequest({
            accessKey: VECTOR_ACCESS_KEY,
            rawBody: body,
            query: { signature: e.value as string, timestamp, nonce: param('nonce') },
            now,
          });
      expect(result.valid, `${e.where} ${e.name}`).toBe(true);
      verified++;
    }
    const v1 = find(/^GET \/ parameter parameters$/, 'v1NewInstance')!;
    expect(
      verifyAuthToken({ accessKey: VECTOR_ACCESS_KEY, query: v1.value as Record<string, string> }).valid,
    ).toBe(true);
    for (const e of productionExamples.filter((x) => x.where.endsWith('Body-Sign'))) {
      const reply = find(
        new RegExp(`^${e.where.replace(/ Body-Sign$/, '').replace(/\//g, '\\/')}$`),
        e.name,
      )!;
      const text = (reply.description as string).replace(
        /^The exact reply bytes \(what Body-Sign signs\): /,
        '',
      );
      expect(JSON.parse(text)).toEqual(reply.value);
      expect(verifyBodySign(VECTOR_ACCESS_KEY, text, e.value as string), `${e.where} ${e.name}`).toBe(true);
      verified++;
    }
    expect(verified).toBeGreaterThanOrEqual(6);
  });

  it('the signed Open API examples verify with the SDK (usage push signature, AK/SK signatures)', () => {
    const push = operationOf(openApis, OPEN_API_PATHS.usagePush, 'post');
    const headers = Object.fromEntries(
      (push.parameters ?? []).map((p) => [p.name, must(p.examples?.vector, 'vector').value as string]),
    );
    const vector = must(jsonOf(push.requestBody, 'request').examples?.vector, 'vector');
    const signature = '§12.3 (e)';
    expect(vector.summary).toContain(signature);
    const result = verifyUsagePush({
      key: VECTOR_ACCESS_KEY,
      rawBody: JSON.stringify(vector.value),
      headers: { ...headers, signature: 'RXTpll6Irjzp2ZISySI1Gp12xlHSmG1tVUPmUXL7H1c=' },
      now: () => Number(headers['ts']),
    });
    expect(result.valid).toBe(true);
    // The AK/SK signatures quoted in the descriptions (§12.3 (h), (i)).
    for (const [path, method, body] of [
      [OPEN_API_PATHS.orderQuery, 'get', undefined],
      [OPEN_API_PATHS.licenseActivateV1, 'post', '{"license":"LIC-TEST-0001"}'],
    ] as const) {
      const op = operationOf(openApis, path, method);
      const quoted = /signature is ([0-9a-f]{64})/.exec(op.description)![1];
      const query = (op.parameters ?? [])
        .filter((p) => p.in === 'query' && p.examples)
        .map((p) => `${p.name}=${must(p.examples?.vector, 'vector').value as string}`)
        .join('&');
      const computed = computeApigSignature({
        accessKey: 'TEST_AK',
        secretKey: 'TEST_SK_0000000000000000000000000000000000',
        method: method.toUpperCase(),
        url: `https://mkt.myhuaweicloud.com${path}${query ? `?${query}` : ''}`,
        headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': '20250101T000000Z' },
        ...(body ? { body } : {}),
      });
      expect(computed.signature, path).toBe(quoted);
    }
  });
});

describe('the documents’ schemas and the SDK’s validators agree', () => {
  const cases = Object.entries(DOCUMENTS).flatMap(([doc, json]) =>
    Object.keys(json.components.schemas)
      .filter((component) => schemaNameOf(component) !== undefined)
      .map((component) => [doc as keyof typeof DOCUMENTS, component] as const),
  );

  it('every body schema of the SDK is a component of one of the documents', () => {
    const components = new Set(cases.map(([, c]) => schemaNameOf(c)));
    const missing = SCHEMA_NAMES.filter((n) => !components.has(n) && !['licenseCodeInfo'].includes(n));
    expect(missing).toEqual([]);
  });

  it.each(cases)('%s %s: same verdict on the valid sample and on broken variants', (doc, component) => {
    const valid = componentValidator(DOCUMENTS[doc]);
    const name = schemaNameOf(component)!;
    const body = sample(name);
    const variants: Array<[string, unknown]> = [['the valid sample', body]];
    for (const key of Object.keys(body)) {
      const without = structuredClone(body);
      delete without[key];
      variants.push([`without ${key}`, without]);
      variants.push([`${key} as an object`, { ...body, [key]: { x: 1 } }]);
      variants.push([`${key} too long`, { ...body, [key]: 'x'.repeat(7000) }]);
    }
    variants.push(['an array', [body]]);
    let rejected = 0;
    for (const [what, data] of variants) {
      const sdk = validateSchema(name, data).ok;
      expect(valid(component, data), `${what}: the SDK says ${sdk}`).toBe(sdk);
      if (!sdk) rejected++;
    }
    expect(validateSchema(name, body).ok).toBe(true);
    expect(rejected).toBeGreaterThan(0);
  });
});
