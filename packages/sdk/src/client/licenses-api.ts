/**
 * `client.licenses`: licence activation and licence query ("heartbeat") Open APIs (§8.6, §8.7), v1 (one code)
 * and v2 (a list of codes) forms, AK/SK-signed. `license_code_info` arrives as a JSON *string*; it is parsed
 * and validated.
 */
import { ValidationError } from '../errors';
import type { ValidationIssue } from '../errors';
import { assertSchema, describeIssues, validateSchema } from '../schemas';
import type { SchemaName } from '../schemas';
import type { LicenseCodeInfo, LicenseInfo } from '../schemas';
import { apigSigner } from './apig-signer';
import type { ApigCredentials } from './apig-signer';
import { OPEN_API_PATHS } from './hosts';
import { ArgumentIssues, checkArguments, requireObject } from './input-checks';
import type { ApiCallOptions, RequestExecutor } from './request-executor';
import { isObject } from '../util/is-object';

/** Most codes in one v2 call (§8.6). */
export const MAX_LICENSES_PER_CALL = 100;

/** v1 activation: one licence code. */
export interface LicenseActivateV1Input {
  /** The licence (authorisation) code, at most 64 characters. */
  license: string;
  /** When the licence takes effect, UTC `yyyyMMddHHmmss`; not earlier than the order time. */
  real_effect_time?: string;
}

/** v2 activation: up to 100 licence codes. */
export interface LicenseActivateV2Input {
  /** The licence codes, 1 to 100, each at most 64 characters. */
  license_list: string[];
  /** When the licences take effect, UTC `yyyyMMddHHmmss`. */
  real_effect_time?: string;
}

/** v1 query: one licence code. */
export interface LicenseQueryV1Input {
  /** The licence code, at most 64 characters. */
  license: string;
  /** Deprecated heartbeat details. */
  heartbeatInfo?: { thirdPartyAccount: string; ip?: string };
}

/** v2 query: up to 100 licence codes (request shape of the v2 path assumed to mirror v2 activation). */
export interface LicenseQueryV2Input {
  license_list: string[];
}

/** One licence in an answer, with its parsed `license_code_info` when the answer carried one. */
export interface LicenseItem {
  /** The licence code, when the answer or the request names it. */
  license: string | undefined;
  /** `license_code_info` parsed from its JSON string, when present. */
  licenseCodeInfo: LicenseCodeInfo | undefined;
  /** The licence state object of a query answer, when present. */
  licenseInfo: LicenseInfo | undefined;
}

/** Result of `licenses.activate` / `licenses.query`. */
export interface LicenseResult {
  /** Which form was called. */
  version: 'v1' | 'v2';
  /** `92020000`. */
  errorCode: string;
  /** The platform's message. */
  errorMsg: string;
  /** One entry per licence found in `data`. */
  items: LicenseItem[];
  /** `items[0]?.licenseCodeInfo`: the v1 convenience. */
  licenseCodeInfo: LicenseCodeInfo | undefined;
  /** `data` as received (nothing is dropped). */
  data: unknown;
  /** Platform request id, when present. */
  requestId: string | undefined;
}

/** The licence APIs. */
export interface LicensesApi {
  /**
   * Activate a licence code (v1, `{ license }`) or up to 100 codes (v2, `{ license_list }`). Not idempotent:
   * retried only when the request certainly never left or was rate-limited.
   *
   * @throws ValidationError (`INVALID_ARGUMENT`) for bad arguments; (`SCHEMA_VIOLATION`) when
   *   `license_code_info` is not the documented JSON.
   * @throws LicenseApiError (`92020002`, `92020004`, `92020005`, `92020001`...), GatewayError, ConnectionError.
   */
  activate(
    input: LicenseActivateV1Input | LicenseActivateV2Input,
    options?: ApiCallOptions,
  ): Promise<LicenseResult>;
  /**
   * Query the state of a licence code (v1, `{ license }`) or of several (v2, `{ license_list }`). Call it at
   * the buyer's first use of the software each day. Idempotent: retried like a GET.
   */
  query(input: LicenseQueryV1Input | LicenseQueryV2Input, options?: ApiCallOptions): Promise<LicenseResult>;
}

type LicenseForm = 'v1' | 'v2';

/** Which form the argument is; throws unless it has exactly one of `license` / `license_list`. */
function formOf(operation: string, args: Record<string, unknown>): LicenseForm {
  const hasOne = args.license !== undefined;
  const hasList = args.license_list !== undefined;
  if (hasOne === hasList) {
    const check = new ArgumentIssues();
    check.add('', 'must have exactly one of license (v1) or license_list (v2)', 'oneOf');
    check.throwIfAny(operation);
  }
  return hasOne ? 'v1' : 'v2';
}

/** Parse and validate one `license_code_info` JSON string. */
export function parseLicenseCodeInfo(
  value: unknown,
  path: string,
  operation: string,
): LicenseCodeInfo | undefined {
  if (value === undefined || value === null) return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      throw new ValidationError(
        `${operation}: ${path.slice(1)} is not valid JSON (it must be a JSON string of the licence state).`,
        [{ path, message: 'must be a JSON string', keyword: 'format' }],
      );
    }
  }
  const result = validateSchema('licenseCodeInfo', parsed);
  if (!result.ok) throw shapeError(operation, path.slice(1), path, result.issues);
  return result.value;
}

/** A SCHEMA_VIOLATION ValidationError for part of an answer, issue paths made absolute. */
function shapeError(
  operation: string,
  what: string,
  at: string,
  found: readonly ValidationIssue[],
): ValidationError {
  const issues = found.map((i) => ({ ...i, path: `${at}${i.path}` }));
  return new ValidationError(
    `${operation}: ${what} does not have the documented shape — ${describeIssues(issues)}.`,
    issues,
  );
}

function itemOf(entry: unknown, path: string, operation: string, requested: string | undefined): LicenseItem {
  if (!isObject(entry)) return { license: requested, licenseCodeInfo: undefined, licenseInfo: undefined };
  const licenseCodeInfo = parseLicenseCodeInfo(
    entry.license_code_info,
    `${path}/license_code_info`,
    operation,
  );
  const hasState = entry.status !== undefined || entry.license_code !== undefined;
  let licenseInfo: LicenseInfo | undefined;
  if (hasState) {
    const checked = validateSchema('licenseInfo', entry);
    if (!checked.ok) throw shapeError(operation, 'the licence state', path, checked.issues);
    licenseInfo = checked.value;
  }
  const named = [entry.license_code, entry.license].find((v): v is string => typeof v === 'string');
  return { license: named ?? requested, licenseCodeInfo, licenseInfo };
}

function resultOf(
  version: 'v1' | 'v2',
  body: unknown,
  requestId: string | undefined,
  operation: string,
  requested: string[],
): LicenseResult {
  const r = isObject(body) ? body : {};
  const data = r.data;
  let items: LicenseItem[] = [];
  if (Array.isArray(data)) {
    items = data.map((entry, i) =>
      itemOf(entry, `/data/${i}`, operation, version === 'v2' ? requested[i] : requested[0]),
    );
  } else if (isObject(data)) {
    const list = data.license_list ?? data.licenses;
    if (Array.isArray(list))
      items = list.map((entry, i) =>
        itemOf(
          entry,
          `/data/${data.license_list ? 'license_list' : 'licenses'}/${i}`,
          operation,
          requested[i],
        ),
      );
    else items = [itemOf(data, '/data', operation, requested.length === 1 ? requested[0] : undefined)];
  }
  return {
    version,
    errorCode: typeof r.error_code === 'string' ? r.error_code : '92020000',
    errorMsg: typeof r.error_msg === 'string' ? r.error_msg : '',
    items,
    licenseCodeInfo: items[0]?.licenseCodeInfo,
    data,
    requestId,
  };
}

/** Build `client.licenses`. */
export function createLicensesApi(executor: RequestExecutor, credentials: ApigCredentials): LicensesApi {
  const call = async (
    operation: string,
    input: unknown,
    schemas: Record<LicenseForm, { path: string; request: SchemaName; response: SchemaName }>,
    fields: readonly string[],
    idempotent: boolean,
    options: ApiCallOptions | undefined,
  ): Promise<LicenseResult> => {
    const args = requireObject(input, operation, 'the argument');
    const version = formOf(operation, args);
    const target = schemas[version];
    const body: Record<string, unknown> = {};
    for (const key of fields) if (args[key] !== undefined) body[key] = args[key];
    checkArguments(target.request, body, operation);
    const text = JSON.stringify(body);
    const reply = await executor.execute(
      { operation, method: 'POST', path: target.path, sign: apigSigner(credentials, text), idempotent },
      options,
    );
    assertSchema(target.response, reply.body, `the ${operation} answer`);
    const requested = version === 'v1' ? [args.license as string] : (args.license_list as string[]);
    return resultOf(version, reply.body, reply.requestId, operation, requested);
  };
  return {
    activate: (input, options) =>
      call(
        'licenses.activate',
        input,
        {
          v1: {
            path: OPEN_API_PATHS.licenseActivateV1,
            request: 'licenseActivateV1Request',
            response: 'licenseActivateV1Response',
          },
          v2: {
            path: OPEN_API_PATHS.licenseActivateV2,
            request: 'licenseActivateV2Request',
            response: 'licenseActivateV2Response',
          },
        },
        ['license', 'license_list', 'real_effect_time'],
        false,
        options,
      ),
    query: (input, options) =>
      call(
        'licenses.query',
        input,
        {
          v1: {
            path: OPEN_API_PATHS.licenseQueryV1,
            request: 'licenseQueryV1Request',
            response: 'licenseQueryV1Response',
          },
          v2: {
            path: OPEN_API_PATHS.licenseQueryV2,
            request: 'licenseQueryV2Request',
            response: 'licenseQueryV2Response',
          },
        },
        ['license', 'license_list', 'heartbeatInfo'],
        true,
        options,
      ),
  };
}
