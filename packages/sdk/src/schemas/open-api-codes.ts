/**
 * Result codes of the KooGallery Open APIs (platform → seller; protocol reference §6.2) with their HTTP status.
 * Order query answers `resultCode`/`resultMsg`; usage push and the licence APIs answer `error_code`/`error_msg`.
 * API-gateway failures (APIGW.xxxx) are not listed: the gateway answers them itself (see the apigErrorBody
 * schema). Data only.
 */

/** `marketplace` = MKT.xxxx (order query, usage push); `license` = licence activation and query. */
export type OpenApiCodeFamily = 'marketplace' | 'license';

/** One documented Open-API code. */
export interface OpenApiCodeInfo {
  code: string;
  family: OpenApiCodeFamily;
  /** HTTP status the platform answers with. */
  httpStatus: number;
  /**
   * A second status documented for the same code: 92020001 is listed both as 403 Unauthorized and as
   * 500 internal error.
   */
  alternativeHttpStatus?: number;
  /** True for the success codes (MKT.0000, 92020000). */
  success: boolean;
  /** What it means, from the reference. */
  meaning: string;
}

const codes = {
  'MKT.0000': { code: 'MKT.0000', family: 'marketplace', httpStatus: 200, success: true, meaning: 'success' },
  'MKT.0999': {
    code: 'MKT.0999',
    family: 'marketplace',
    httpStatus: 500,
    success: false,
    meaning: 'internal error',
  },
  'MKT.0100': {
    code: 'MKT.0100',
    family: 'marketplace',
    httpStatus: 500,
    success: false,
    meaning: 'input parameter check failed (out of range, illegal value or format)',
  },
  'MKT.0101': {
    code: 'MKT.0101',
    family: 'marketplace',
    httpStatus: 400,
    success: false,
    meaning: 'invalid parameter (e.g. a mandatory parameter is missing)',
  },
  'MKT.0102': {
    code: 'MKT.0102',
    family: 'marketplace',
    httpStatus: 400,
    success: false,
    meaning: 'invalid body signature (usage push)',
  },
  'MKT.0199': {
    code: 'MKT.0199',
    family: 'marketplace',
    httpStatus: 400,
    success: false,
    meaning: 'request parameter error',
  },
  'MKT.0150': {
    code: 'MKT.0150',
    family: 'marketplace',
    httpStatus: 401,
    success: false,
    meaning: 'illegal operation, e.g. the instance was not published by the ISV owning the AK/SK',
  },
  'MKT.0151': {
    code: 'MKT.0151',
    family: 'marketplace',
    httpStatus: 401,
    success: false,
    meaning: 'no authority (the token is not of the ISV role)',
  },
  'MKT.0154': {
    code: 'MKT.0154',
    family: 'marketplace',
    httpStatus: 401,
    success: false,
    meaning: 'illegal token',
  },
  'MKT.0250': {
    code: 'MKT.0250',
    family: 'marketplace',
    httpStatus: 406,
    success: false,
    meaning: 'access frequency over limit',
  },
  'MKT.9001': {
    code: 'MKT.9001',
    family: 'marketplace',
    httpStatus: 500,
    success: false,
    meaning: 'instance not found (usage push)',
  },
  'MKT.9002': {
    code: 'MKT.9002',
    family: 'marketplace',
    httpStatus: 500,
    success: false,
    meaning: 'invalid usage entities',
  },
  'MKT.9003': {
    code: 'MKT.9003',
    family: 'marketplace',
    httpStatus: 500,
    success: false,
    meaning: 'too many records (more than 1000)',
  },
  'MKT.9004': {
    code: 'MKT.9004',
    family: 'marketplace',
    httpStatus: 500,
    success: false,
    meaning: 'begin time more than 21 days in the past',
  },
  '92020000': { code: '92020000', family: 'license', httpStatus: 200, success: true, meaning: 'success' },
  '92020001': {
    code: '92020001',
    family: 'license',
    httpStatus: 403,
    alternativeHttpStatus: 500,
    success: false,
    meaning: 'unauthorized (403), also documented for an internal error (500)',
  },
  '92020002': {
    code: '92020002',
    family: 'license',
    httpStatus: 400,
    success: false,
    meaning: 'invalid parameter',
  },
  '92020004': {
    code: '92020004',
    family: 'license',
    httpStatus: 200,
    success: false,
    meaning: 'cannot activate before the user has received the licence code',
  },
  '92020005': {
    code: '92020005',
    family: 'license',
    httpStatus: 200,
    success: false,
    meaning: 'licence code does not exist',
  },
  '91380150': {
    code: '91380150',
    family: 'license',
    httpStatus: 403,
    success: false,
    meaning: 'role permission denied (seen in responses; HTTP status not documented, 403 assumed)',
  },
} as const satisfies Record<string, OpenApiCodeInfo>;

/** A documented Open-API code, e.g. `MKT.0250`. */
export type OpenApiCode = keyof typeof codes;

for (const entry of Object.values(codes)) Object.freeze(entry);

/** Every documented Open-API code by code, e.g. `OPEN_API_CODES['MKT.0250'].httpStatus === 406`. Frozen. */
export const OPEN_API_CODES: typeof codes & Readonly<Record<OpenApiCode, OpenApiCodeInfo>> =
  Object.freeze(codes);

/** The documented entry for an Open-API code, or `undefined` for an undocumented one. */
export function findOpenApiCode(code: string): OpenApiCodeInfo | undefined {
  return Object.prototype.hasOwnProperty.call(codes, code)
    ? (codes as Record<string, OpenApiCodeInfo>)[code]
    : undefined;
}
