/**
 * Production-interface result codes (`resultCode`, seller → platform; protocol reference §6.1). Data only.
 * Anything but 000000 counts as a failed call, except 000004 on newInstance (the platform then polls
 * queryInstance).
 */

/** Where a result code may be used. */
export type ResultCodeScope = 'all' | 'newInstance' | 'onlineLicense';

/** One documented result code. */
export interface ResultCodeInfo {
  /** The six-digit code, e.g. `000000`. */
  code: string;
  /** Which interfaces may answer with it. */
  scope: ResultCodeScope;
  /** What it means, from the reference. */
  meaning: string;
  /**
   * The standard `resultMsg` to send with it: the wording of Huawei's Java sample where it has one
   * (000000–000005, 000100), a short English message otherwise.
   */
  message: string;
}

const codes = {
  SUCCESS: { code: '000000', scope: 'all', meaning: 'success', message: 'success.' },
  AUTH_FAILED: {
    code: '000001',
    scope: 'all',
    meaning: 'authentication failed (bad signature or authToken, stale timestamp, replayed nonce)',
    message: 'token is invalid',
  },
  INVALID_PARAMS: {
    code: '000002',
    scope: 'all',
    meaning: 'request parameters invalid',
    message: 'param is invalid',
  },
  INSTANCE_NOT_FOUND: {
    code: '000003',
    scope: 'all',
    meaning: 'instance id does not exist (License 2.0 interfaces: licence code does not exist)',
    message: 'instance is invalid',
  },
  PROCESSING: {
    code: '000004',
    scope: 'all',
    meaning: 'request being processed asynchronously (newInstance: the platform polls queryInstance)',
    message: 'request is processing',
  },
  INTERNAL_ERROR: {
    code: '000005',
    scope: 'all',
    meaning: 'other internal error',
    message: 'other inner error',
  },
  NO_RESOURCE: {
    code: '000100',
    scope: 'newInstance',
    meaning: 'no instance resource available to allocate',
    message: 'no available resource',
  },
  // Huawei's Java sample reuses 000101 for "appSecret could not be decrypted" (applicationSync); the documented
  // meaning is the newInstance one below, which this catalogue keeps.
  MOBILE_PHONE_INVALID: {
    code: '000101',
    scope: 'newInstance',
    meaning: 'mobile number empty or already exists',
    message: 'mobile phone is empty or already exists',
  },
  EMAIL_INVALID: {
    code: '000102',
    scope: 'newInstance',
    meaning: 'e-mail empty or already exists',
    message: 'email is empty or already exists',
  },
  REPEAT_PURCHASE: {
    code: '000103',
    scope: 'newInstance',
    meaning: 'product cannot be purchased twice',
    message: 'product cannot be purchased again',
  },
  PRODUCT_INTERNAL_ERROR: {
    code: '000104',
    scope: 'newInstance',
    meaning: 'internal service error of the product',
    message: 'product internal error',
  },
  BENEFIT_ALREADY_OWNED: {
    code: '000105',
    scope: 'newInstance',
    meaning: 'account already owns the benefit, cannot open again',
    message: 'benefit already owned',
  },
  SOLD_OUT: {
    code: '000106',
    scope: 'newInstance',
    meaning: 'product resources sold out',
    message: 'sold out',
  },
  EMAIL_DOMAIN_EXISTS: {
    code: '000107',
    scope: 'newInstance',
    meaning: 'SaaS e-mail domain already exists',
    message: 'email domain already exists',
  },
  LICENSE_QUOTA_INSUFFICIENT: {
    code: '000900',
    scope: 'onlineLicense',
    meaning: 'licence quota of the current effective order insufficient',
    message: 'license quota insufficient',
  },
  LICENSE_OUTSIDE_VALIDITY: {
    code: '000901',
    scope: 'onlineLicense',
    meaning: "apply within the current order's validity window",
    message: 'apply within the order validity period',
  },
  LICENSE_EXPIRY_REQUIRED: {
    code: '000902',
    scope: 'onlineLicense',
    meaning: 'period licence requires an expiry date',
    message: 'expiry date required',
  },
  LICENSE_FINGERPRINT_REQUIRED: {
    code: '000903',
    scope: 'onlineLicense',
    meaning: 'device fingerprint / hardware id required',
    message: 'device fingerprint required',
  },
} as const satisfies Record<string, ResultCodeInfo>;

/** Name of a documented result code, e.g. `INSTANCE_NOT_FOUND`. */
export type ResultCodeName = keyof typeof codes;

for (const entry of Object.values(codes)) Object.freeze(entry);

/**
 * Every documented result code by name, e.g. `RESULT_CODES.INSTANCE_NOT_FOUND.code === '000003'`,
 * `RESULT_CODES.SUCCESS.message === 'success.'`. Frozen.
 */
export const RESULT_CODES: typeof codes & Readonly<Record<ResultCodeName, ResultCodeInfo>> =
  Object.freeze(codes);

const byCode: ReadonlyMap<string, ResultCodeInfo> = new Map(Object.values(codes).map((c) => [c.code, c]));

/** The documented entry for a six-digit code, or `undefined` for an undocumented one. */
export function findResultCode(code: string): ResultCodeInfo | undefined {
  return byCode.get(code);
}
