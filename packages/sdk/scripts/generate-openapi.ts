/**
 * Generates the two OpenAPI 3.1 documents from the JSON Schemas in `schemas/` (the single source of truth) and
 * the SDK's protocol tables (interface catalogue, result codes, Open-API paths and codes):
 *
 * - `production-interfaces.openapi.json`  what the platform sends the seller: the V2 basic (and License 2.0)
 *   interfaces as one POST discriminated by `activity`, the kit interfaces at `/produceAPI/v2/<name>`, V1 as a GET
 *   with query parameters; signature parameters and headers, the `Body-Sign` response header, the result codes;
 * - `open-apis.openapi.json`  what the seller calls: order query, usage push, licences, assets, with the AK/SK
 *   security scheme.
 *
 * Schemas become `components/schemas` (body schemas and the titled objects of `common/`, by title); untitled
 * `common/` definitions (scalars such as orderId) are inlined where they are used. Examples come from
 * scripts/openapi-examples.ts (the reference's vectors).
 *
 * Usage: `tsx scripts/generate-openapi.ts [--check] [--schemas <dir>] [--out <dir>]` (default out: `openapi/`;
 * `gen` also writes the copy in docs/openapi/). Run by `pnpm run gen`; `gen:check` fails on drift.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator, runIfEntryPoint } from '../../../scripts/lib/generated-files';
import type { GeneratedFile } from '../../../scripts/lib/generated-files';
import { OPEN_API_PATHS, REGION_BASE_URLS } from '../src/client/hosts';
import type { OpenApiPathName } from '../src/client/hosts';
import { INTERFACES } from '../src/schemas/interfaces';
import type { InterfaceFamily, InterfaceInfo } from '../src/schemas/interfaces';
import { OPEN_API_CODES } from '../src/schemas/open-api-codes';
import type { OpenApiCodeFamily } from '../src/schemas/open-api-codes';
import { RESULT_CODES } from '../src/schemas/result-codes';
import { DEFAULT_SCHEMAS_DIR, SchemaSetError, loadSchemas } from './generate-schema-code';
import type { BodySchema, SchemaFile } from './generate-schema-code';
import { OPEN_API_EXAMPLES, PRODUCTION_EXAMPLES, VECTOR_ACCESS_KEY } from './openapi-examples';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Default output directory: `packages/sdk/openapi` (shipped as `@koogallery-kit/sdk/openapi/*`). */
export const DEFAULT_OPENAPI_DIR = path.resolve(here, '../openapi');
/** File names of the two documents. */
export const OPENAPI_FILES = Object.freeze({
  production: 'production-interfaces.openapi.json',
  openApis: 'open-apis.openapi.json',
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * `info.version` of the documents: the protocol generation they describe (SaaS Access Guide V2.0; Open APIs
 * global/v1), not the package version, so a release does not change the generated files.
 */
const DOCUMENT_VERSIONS = Object.freeze({ production: '2.0', openApis: '1.0' });
/** Keywords that only annotate: a `$ref` with nothing else beside it can be inlined. */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'x-pattern-message']);

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/**
 * Turns the schema files into OpenAPI component schemas: every `$ref` between files is rewritten to
 * `#/components/schemas/<Title>` (titled targets) or replaced by the target itself (untitled scalars).
 */
class ComponentBuilder {
  readonly components = new Map<string, JsonObject>();
  private readonly files = new Map<string, SchemaFile>();
  private readonly componentOf = new Map<string, string>();

  private readonly fileByName: ReadonlyMap<string, string>;

  constructor(all: readonly SchemaFile[], bodies: readonly BodySchema[]) {
    for (const file of all) this.files.set(file.rel, file);
    this.fileByName = new Map(bodies.map((b) => [b.name, b.rel]));
  }

  /** Component name of a body schema (by schema name), adding it and what it references to the components. */
  schema(schemaName: string): string {
    const rel = this.fileByName.get(schemaName);
    if (rel === undefined) throw new SchemaSetError(`no schema named ${schemaName}`);
    return this.component(rel, '');
  }

  private component(rel: string, pointer: string): string {
    const key = `${rel}#${pointer}`;
    const known = this.componentOf.get(key);
    if (known !== undefined) return known;
    const target = this.resolve(rel, pointer);
    const title = target.title;
    if (typeof title !== 'string') throw new SchemaSetError(`${key}: a component schema needs a title`);
    for (const [otherKey, name] of this.componentOf) {
      if (name === title) throw new SchemaSetError(`${key}: title ${title} is already used by ${otherKey}`);
    }
    this.componentOf.set(key, title);
    this.components.set(title, {});
    this.components.set(title, this.convert(target, rel) as JsonObject);
    return title;
  }

  private resolve(rel: string, pointer: string): JsonObject {
    const file = this.files.get(rel);
    if (!file) throw new SchemaSetError(`$ref to ${rel}: no such schema file`);
    let node: unknown = file.json;
    for (const part of pointer.split('/').filter(Boolean)) {
      node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (!isObject(node)) throw new SchemaSetError(`$ref to ${rel}#${pointer}: not found`);
    return node;
  }

  /** A copy of `node` (found in file `rel`) with its `$ref`s rewritten and `$schema` dropped. */
  private convert(node: unknown, rel: string): Json {
    if (Array.isArray(node)) return node.map((item) => this.convert(item, rel));
    if (!isObject(node)) return node as Json;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema' || key === '$ref') continue;
      if (key === 'enum' || key === 'const' || key === 'examples') out[key] = value;
      else if (key === '$defs') continue;
      else out[key] = this.convert(value, rel);
    }
    if (typeof node.$ref !== 'string') return out;
    const [target = '', pointer = ''] = node.$ref.split('#');
    const targetRel =
      target === '' ? rel : path.posix.normalize(path.posix.join(path.posix.dirname(rel), target));
    const resolved = this.resolve(targetRel, pointer);
    if (typeof resolved.title === 'string') return { ...ref(this.component(targetRel, pointer)), ...out };
    const inlined = this.convert(resolved, targetRel) as JsonObject;
    const annotationsOnly = Object.keys(out).every((k) => ANNOTATIONS.has(k));
    return annotationsOnly ? { ...inlined, ...out } : { allOf: [inlined], ...out };
  }

  /** The `components/schemas` object, sorted by name. */
  schemas(): JsonObject {
    return Object.fromEntries([...this.components].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The §6.1 result codes as a Markdown table. */
function resultCodeTable(): string {
  return table(
    ['resultCode', 'Scope', 'Meaning', 'resultMsg'],
    Object.values(RESULT_CODES).map((c) => [c.code, c.scope, c.meaning, c.message]),
  );
}

function parsedBody(text: string): Json {
  return JSON.parse(text) as Json;
}

const BODY_SIGN_HEADER: JsonObject = {
  description:
    'base64(HMAC-SHA256(accessKey, exact response body bytes)), rendered exactly as `sign_type="HMAC-SHA256", signature="<base64>"` (comma and one space, both values in double quotes). The header name is case-sensitive: `Body-Sign` (protocol §7.3). Sent with every reply, errors included.',
  required: true,
  schema: {
    type: 'string',
    pattern: '^sign_type="HMAC-SHA256", signature="[A-Za-z0-9+/]{43}="$',
  },
};

/** The Body-Sign reply header: a reference, or the full header when it carries examples (a Reference Object
 * takes none). */
function bodySignHeader(examples: JsonObject | undefined): JsonObject {
  return examples ? { ...BODY_SIGN_HEADER, examples } : { $ref: '#/components/headers/BodySign' };
}

const SIGNATURE_SCHEMES: Record<'basic' | 'kit', Record<'signature' | 'timestamp' | 'nonce', JsonObject>> = {
  basic: {
    signature: {
      name: 'signature',
      in: 'query',
      required: true,
      description:
        "hex(HMAC-SHA256(accessKey, accessKey + nonce + timestamp + hex(HMAC-SHA256(accessKey, body)))) (protocol §7.1); compare case-insensitively. The body is hashed as received; Huawei's Java sample hashes its canonical form (top-level keys sorted, null values dropped, compact): accept either.",
      schema: { type: 'string', pattern: '^[0-9A-Fa-f]{64}$' },
    },
    timestamp: {
      name: 'timestamp',
      in: 'query',
      required: true,
      description:
        'Milliseconds since the epoch (13 digits). Refuse the call (000001) when it differs from your clock by more than 60 000 ms (§2.2).',
      schema: { type: 'string', pattern: '^[0-9]{1,15}$' },
    },
    nonce: {
      name: 'nonce',
      in: 'query',
      required: true,
      description: 'Random string; refuse a nonce already seen within the window (replay, 000001).',
      schema: { type: 'string', minLength: 1, maxLength: 128 },
    },
  },
  kit: {
    signature: {
      name: 'x-sign',
      in: 'header',
      required: true,
      description:
        'hex(HMAC-SHA256(kitKey, kitKey + x-nonce + x-timestamp + raw body)) — the body itself, not its HMAC (protocol §7.2).',
      schema: { type: 'string', pattern: '^[0-9A-Fa-f]{64}$' },
    },
    timestamp: {
      name: 'x-timestamp',
      in: 'header',
      required: true,
      description: 'Milliseconds since the epoch; same 60 s window as the basic interfaces.',
      schema: { type: 'string', pattern: '^[0-9]{1,15}$' },
    },
    nonce: {
      name: 'x-nonce',
      in: 'header',
      required: true,
      description: 'Random string; refuse replays.',
      schema: { type: 'string', minLength: 1, maxLength: 128 },
    },
  },
};

const FAMILY_TAG: Record<InterfaceFamily, string> = {
  basic: 'V2 basic interfaces',
  licence: 'License 2.0 seller interfaces',
  kit: 'Joint-operations kit interfaces',
  v1: 'V1 interfaces (legacy)',
};

function interfacesOf(families: readonly InterfaceFamily[]): InterfaceInfo[] {
  return Object.values(INTERFACES).filter((i) => families.includes(i.family));
}

/** `examples` of a request body / response / parameter, keyed by interface name. */
function examplesFor(
  interfaces: readonly InterfaceInfo[],
  pick: (e: (typeof PRODUCTION_EXAMPLES)[number]) => Json | undefined,
  describe?: (e: (typeof PRODUCTION_EXAMPLES)[number]) => string,
): JsonObject | undefined {
  const names = new Set(interfaces.map((i) => i.name));
  const entries = PRODUCTION_EXAMPLES.filter((e) => names.has(e.interface)).flatMap((e) => {
    const value = pick(e);
    if (value === undefined) return [];
    const example: JsonObject = { summary: e.summary, value };
    if (describe) example.description = describe(e);
    return [[e.interface, example] as const];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function withExamples(base: JsonObject, examples: JsonObject | undefined): JsonObject {
  return examples ? { ...base, examples } : base;
}

function signatureParameters(kind: 'basic' | 'kit', interfaces: readonly InterfaceInfo[]): Json[] {
  return (['signature', 'timestamp', 'nonce'] as const).map((part) =>
    withExamples(
      SIGNATURE_SCHEMES[kind][part],
      examplesFor(interfaces, (e) => e.signature?.[part]),
    ),
  );
}

function replyDescription(what: string): string {
  return `${what} Always HTTP 200 with \`Content-Type: application/json\`; business failures travel in resultCode (protocol §2.3, §6.1):\n\n${resultCodeTable()}`;
}

function productionResponse(
  interfaces: readonly InterfaceInfo[],
  builder: ComponentBuilder,
  what: string,
): JsonObject {
  const names = [...new Set(interfaces.map((i) => builder.schema(i.response)))];
  const schema: JsonObject = names.length === 1 ? ref(names[0]!) : { anyOf: names.map(ref) };
  return {
    description: replyDescription(what),
    headers: { 'Body-Sign': bodySignHeader(examplesFor(interfaces, (e) => e.response?.bodySign)) },
    content: {
      'application/json': withExamples(
        { schema },
        examplesFor(
          interfaces,
          (e) => (e.response ? parsedBody(e.response.text) : undefined),
          (e) => `The exact reply bytes (what Body-Sign signs): ${e.response!.text}`,
        ),
      ),
    },
  };
}

function productionDocument(builder: ComponentBuilder): JsonObject {
  const posted = interfacesOf(['basic', 'licence']);
  const kit = interfacesOf(['kit']);
  const v1 = interfacesOf(['v1']);
  const discriminated = (interfaces: readonly InterfaceInfo[]): JsonObject => {
    const mapping = Object.fromEntries(
      interfaces.map((i) => [i.activity, `#/components/schemas/${builder.schema(i.request)}`]),
    );
    return {
      oneOf: interfaces.map((i) => ref(builder.schema(i.request))),
      discriminator: { propertyName: 'activity', mapping },
    };
  };
  const responseByActivity = (interfaces: readonly InterfaceInfo[]): JsonObject =>
    Object.fromEntries(interfaces.map((i) => [i.activity, ref(builder.schema(i.response))]));
  const list = (interfaces: readonly InterfaceInfo[]): string =>
    interfaces.map((i) => `- \`${i.activity}\`: ${i.description}`).join('\n');

  const paths: JsonObject = {
    '/': {
      post: {
        operationId: 'productionInterface',
        tags: [FAMILY_TAG.basic, FAMILY_TAG.licence],
        summary: 'V2 basic and License 2.0 interfaces: one POST, told apart by the body field `activity`',
        description: `The platform POSTs every basic interface to the one registered production URL; the body's \`activity\` says which (protocol §3, §10.1):\n\n${list(posted)}\n\nThe reply schema is the one of the activity called (\`x-koogallery-response-by-activity\`). Verify the signature before anything else; answer within 5 s.`,
        parameters: signatureParameters('basic', posted),
        requestBody: {
          required: true,
          content: {
            'application/json': withExamples(
              { schema: discriminated(posted) },
              examplesFor(posted, (e) => e.request as Json),
            ),
          },
        },
        responses: { '200': productionResponse(posted, builder, 'The reply of the activity called.') },
        'x-koogallery-response-by-activity': responseByActivity(posted),
      },
      get: {
        operationId: 'v1ProductionInterface',
        tags: [FAMILY_TAG.v1],
        summary:
          'V1 interfaces (legacy): a GET with every parameter in the query string, told apart by `activity`',
        description: `V1 products only (protocol §9). Every value arrives URL-encoded in the query string; \`authToken\` = base64(HMAC-SHA256(accessKey + timeStamp, the other parameters sorted by name and joined as k=v with &)) (§7.5). Credentials in the reply are AES-encrypted (\`encryptType\`, §7.6).\n\n${list(v1)}`,
        parameters: [
          withExamples(
            {
              name: 'parameters',
              in: 'query',
              required: true,
              style: 'form',
              explode: true,
              description: 'The query parameters of the activity called (each property is one parameter).',
              schema: discriminated(v1),
            },
            examplesFor(v1, (e) => e.request as Json),
          ),
        ],
        responses: { '200': productionResponse(v1, builder, 'The reply of the activity called.') },
        'x-koogallery-response-by-activity': responseByActivity(v1),
      },
    },
  };
  for (const i of kit) {
    paths[i.kitPath!] = {
      post: {
        operationId: i.name,
        tags: [FAMILY_TAG.kit],
        summary: i.description,
        description:
          'Joint-operations products only (protocol §4): POSTed to the production URL + this path, signed with the kit key in the x-sign / x-timestamp / x-nonce headers. Adds and deletes are idempotent.',
        parameters: signatureParameters('kit', [i]),
        requestBody: {
          required: true,
          content: {
            'application/json': withExamples(
              { schema: ref(builder.schema(i.request)) },
              examplesFor([i], (e) => e.request as Json),
            ),
          },
        },
        responses: { '200': productionResponse([i], builder, `The reply to ${i.name}.`) },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'KooGallery SaaS production interfaces (platform → seller)',
      version: DOCUMENT_VERSIONS.production,
      summary: 'What the Huawei Cloud KooGallery platform sends to a SaaS seller: implement these.',
      description: `Generated by koogallery-kit from the JSON Schemas of @koogallery-kit/sdk (packages/sdk/schemas). The seller implements these operations; the platform calls them. Signatures: protocol §7.1 (V2, query parameters), §7.2 (kit, headers), §7.5 (V1 authToken), §7.3 (Body-Sign on every reply). Signed examples use the accessKey \`${VECTOR_ACCESS_KEY}\` (protocol §12.3), so an implementation can check itself against them. Guide: docs/any-language.md.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      {
        url: '{productionUrl}',
        description:
          'The production URL registered in the seller console (HTTPS, a domain name, a CA certificate).',
        variables: { productionUrl: { default: 'https://www.isvwebsite.com/saasproduce' } },
      },
    ],
    tags: (['basic', 'licence', 'kit', 'v1'] as const).map((f) => ({ name: FAMILY_TAG[f] })),
    paths,
    components: {
      schemas: builder.schemas(),
      headers: { BodySign: BODY_SIGN_HEADER },
    },
  };
}

/** Open APIs: which schemas and codes each path uses. */
const OPEN_API_OPERATIONS: ReadonlyArray<{
  path: OpenApiPathName;
  method: 'get' | 'post';
  request: string;
  response: string;
  security: 'AkSk' | 'UsagePushSignature';
  codes: OpenApiCodeFamily;
  summary: string;
  section: string;
}> = [
  {
    path: 'orderQuery',
    method: 'get',
    request: 'orderQueryRequest',
    response: 'orderQueryResponse',
    security: 'AkSk',
    codes: 'marketplace',
    summary:
      'Order query: the details of an order (call it in newInstance, refreshInstance, upgradeInstance)',
    section: '§8.3',
  },
  {
    path: 'usagePush',
    method: 'post',
    request: 'usagePushRequest',
    response: 'usagePushResponse',
    security: 'UsagePushSignature',
    codes: 'marketplace',
    summary: 'Usage push (new): pay-per-use usage records, at most 1000 per call',
    section: '§8.4',
  },
  {
    path: 'licenseActivateV1',
    method: 'post',
    request: 'licenseActivateV1Request',
    response: 'licenseActivateV1Response',
    security: 'AkSk',
    codes: 'license',
    summary: 'Licence activation (v1): one licence code',
    section: '§8.6',
  },
  {
    path: 'licenseActivateV2',
    method: 'post',
    request: 'licenseActivateV2Request',
    response: 'licenseActivateV2Response',
    security: 'AkSk',
    codes: 'license',
    summary: 'Licence activation (v2): up to 100 licence codes',
    section: '§8.6',
  },
  {
    path: 'licenseQueryV1',
    method: 'post',
    request: 'licenseQueryV1Request',
    response: 'licenseQueryV1Response',
    security: 'AkSk',
    codes: 'license',
    summary: 'Licence query (formerly heartbeat, v1): call at the first use each day',
    section: '§8.7',
  },
  {
    path: 'licenseQueryV2',
    method: 'post',
    request: 'licenseQueryV2Request',
    response: 'licenseQueryV2Response',
    security: 'AkSk',
    codes: 'license',
    summary: 'Licence query (v2)',
    section: '§8.7',
  },
  {
    path: 'deployedObjects',
    method: 'get',
    request: 'deployedObjectsRequest',
    response: 'deployedObjectsResponse',
    security: 'AkSk',
    codes: 'marketplace',
    summary: 'KooGallery assets: the deployed objects (images, software packages) of an asset',
    section: '§8.8',
  },
];

const AKSK_DESCRIPTION = [
  'APIG AK/SK signature `SDK-HMAC-SHA256` (protocol §7.7), with the AK/SK of the seller account (My Credentials > Access Keys), not the KooGallery key:',
  '1. set `X-Sdk-Date` (UTC `YYYYMMDDTHHMMSSZ`) and `Host`;',
  '2. CanonicalRequest = method \\n path ending with `/` (each segment URI-encoded) \\n sorted, RFC 3986-encoded query \\n `name:value\\n` of each signed header (lower-case names, sorted) \\n signed header names joined by `;` \\n hex(SHA-256(body));',
  '3. StringToSign = `SDK-HMAC-SHA256` \\n X-Sdk-Date \\n hex(SHA-256(CanonicalRequest));',
  '4. `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex(HMAC-SHA256(SK, StringToSign))>`.',
  'Gateway failures answer `{error_code: "APIGW.xxxx", error_msg, request_id}` (ApigErrorBody).',
].join('\n');

function openApisDocument(builder: ComponentBuilder): JsonObject {
  const paths: JsonObject = {};
  for (const op of OPEN_API_OPERATIONS) {
    const example = OPEN_API_EXAMPLES.find((e) => e.path === op.path);
    const requestName = builder.schema(op.request);
    const responseName = builder.schema(op.response);
    const apigError = builder.schema('apigErrorBody');
    const parameters: Json[] = [];
    if (op.security === 'AkSk') {
      parameters.push(
        withExamples(
          {
            name: 'X-Sdk-Date',
            in: 'header',
            required: true,
            description: 'UTC signing time `YYYYMMDDTHHMMSSZ`, part of the AK/SK signature.',
            schema: { type: 'string', pattern: '^[0-9]{8}T[0-9]{6}Z$' },
          },
          example?.headers?.['X-Sdk-Date'] ? { vector: { value: example.headers['X-Sdk-Date'] } } : undefined,
        ),
      );
    } else {
      for (const [name, description, schema] of [
        ['ts', 'Unix time in milliseconds.', { type: 'string', pattern: '^[0-9]{1,20}$' }],
        [
          'nonce',
          'A random string (secure random), at most 64 characters.',
          { type: 'string', maxLength: 64 },
        ],
      ] as const) {
        parameters.push(
          withExamples(
            { name, in: 'header', required: true, description, schema },
            example?.headers?.[name] ? { vector: { value: example.headers[name] } } : undefined,
          ),
        );
      }
    }
    let requestBody: JsonObject | undefined;
    if (op.method === 'get') {
      const schema = builder.components.get(requestName)!;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      for (const [name, property] of Object.entries(schema.properties as JsonObject)) {
        const value = example?.request[name];
        parameters.push(
          withExamples(
            {
              name,
              in: 'query',
              required: required.has(name),
              ...(isObject(property) && typeof property.description === 'string'
                ? { description: property.description }
                : {}),
              schema: property,
            },
            value === undefined ? undefined : { vector: { value: value as Json } },
          ),
        );
      }
    } else {
      requestBody = {
        required: true,
        content: {
          'application/json': withExamples(
            { schema: ref(requestName) },
            example ? { vector: { summary: example.summary, value: example.request as Json } } : undefined,
          ),
        },
      };
    }
    const codes = Object.values(OPEN_API_CODES).filter((c) => c.family === op.codes);
    const statuses = [
      ...new Set(codes.flatMap((c) => [c.httpStatus, c.alternativeHttpStatus ?? c.httpStatus])),
    ].sort();
    const responses: JsonObject = {};
    for (const status of statuses) {
      const here = codes.filter((c) => c.httpStatus === status || c.alternativeHttpStatus === status);
      const lines = here.map((c) => `- \`${c.code}\`: ${c.meaning}`).join('\n');
      responses[String(status)] = {
        description: `${status === 200 ? 'Answered' : 'Refused'} by KooGallery:\n\n${lines}${status === 200 ? '' : '\n\nor by the API gateway (ApigErrorBody).'}`,
        content: {
          'application/json': withExamples(
            { schema: status === 200 ? ref(responseName) : { anyOf: [ref(responseName), ref(apigError)] } },
            status === 200 && example ? { vector: { value: example.response as Json } } : undefined,
          ),
        },
      };
    }
    paths[OPEN_API_PATHS[op.path]] = {
      [op.method]: {
        operationId: op.path,
        summary: op.summary,
        description: `Protocol ${op.section}. ${example ? `Example: ${example.summary}.` : ''}`.trim(),
        security: [{ [op.security]: [] }],
        parameters,
        ...(requestBody ? { requestBody } : {}),
        responses,
      },
    };
  }
  const servers = Object.entries<readonly string[]>(REGION_BASE_URLS).flatMap(([region, urls]) =>
    urls.map((url, i) => ({
      url,
      description: `${{ cn: 'Chinese mainland', intl: 'International', eu: 'EU' }[region]}${i > 0 ? ' (fallback host)' : ''}`,
    })),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'KooGallery Open APIs (seller → platform)',
      version: DOCUMENT_VERSIONS.openApis,
      summary:
        'The Huawei Cloud KooGallery APIs a SaaS seller calls: order query, usage push, licences, assets.',
      description:
        'Generated by koogallery-kit from the JSON Schemas of @koogallery-kit/sdk (packages/sdk/schemas). HTTPS only; verify the certificate strictly. Order query answers resultCode/resultMsg; the other APIs answer error_code/error_msg (protocol §6.2). Guide: docs/any-language.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers,
    paths,
    components: {
      schemas: builder.schemas(),
      securitySchemes: {
        AkSk: { type: 'apiKey', in: 'header', name: 'Authorization', description: AKSK_DESCRIPTION },
        UsagePushSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'signature',
          description:
            'Usage push (new) is signed with the KooGallery key, not AK/SK (protocol §7.4): signature = base64(HMAC-SHA256(key, "ts=" + ts + "&nonce=" + nonce + "&body=" + the exact body sent)), with headers `ts` (Unix ms) and `nonce`.',
        },
      },
    },
  };
}

/** Generates both documents (in memory). */
export async function generateOpenApi(options: { schemasDir?: string } = {}): Promise<GeneratedFile[]> {
  const { all, bodies } = await loadSchemas(path.resolve(options.schemasDir ?? DEFAULT_SCHEMAS_DIR));
  const text = (doc: JsonObject): string => `${JSON.stringify(doc, null, 2)}\n`;
  return [
    { path: OPENAPI_FILES.openApis, content: text(openApisDocument(new ComponentBuilder(all, bodies))) },
    { path: OPENAPI_FILES.production, content: text(productionDocument(new ComponentBuilder(all, bodies))) },
  ];
}

const generator = createGenerator({
  generate: generateOpenApi,
  defaultOutDir: DEFAULT_OPENAPI_DIR,
  cli: {
    name: 'generate-openapi',
    directoryFlags: ['schemas', 'out'],
    options: ({ schemas }) => ({ schemasDir: schemas }),
    subject: 'OpenAPI documents',
    unexpectedText: 'is not generated from the schemas (delete it)',
    differsText: 'is stale (differs from what the schemas generate)',
    inputError: { type: SchemaSetError, label: 'schema error' },
  },
});

export const checkOpenApi = generator.check;
export const writeOpenApi = generator.write;
export const main = generator.main;

runIfEntryPoint(import.meta.url, main);
