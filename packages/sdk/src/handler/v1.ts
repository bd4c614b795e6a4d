import { decryptCredential, encryptCredential } from '../signing';

/** Internal: V1 (legacy GET) specifics — the body is the query string, credentials are AES-encrypted (§7.6, §9). */

/** V1 wire activity → interface name in the schema catalogue. */
export const V1_ACTIVITIES = {
  newInstance: 'v1NewInstance',
  refreshInstance: 'v1RefreshInstance',
  expireInstance: 'v1ExpireInstance',
  releaseInstance: 'v1ReleaseInstance',
  upgrade: 'v1Upgrade',
  queryInstance: 'v1QueryInstance',
  instanceStatus: 'v1InstanceStatus',
} as const;

/** A V1 wire activity (the `activity` query parameter). */
export type V1Activity = keyof typeof V1_ACTIVITIES;

export function isV1Activity(value: unknown): value is V1Activity {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(V1_ACTIVITIES, value);
}

/** The V1 request as an object of strings: every query parameter (first value if repeated) except `authToken`. */
export function v1Body(query: Record<string, string | string[]>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name === 'authToken') continue;
    const v = Array.isArray(value) ? value[0] : value;
    if (typeof v === 'string') body[name] = v;
  }
  return body;
}

/** Fields of the V1 newInstance request that arrive AES-encrypted. */
const ENCRYPTED_REQUEST_FIELDS = ['mobilePhone', 'email'] as const;

/**
 * Decrypts `mobilePhone` and `email` in place. A `+` of the Base64 ciphertext may arrive as a space when the
 * platform did not percent-encode it (§7.5), so spaces are mapped back to `+` first. Returns the name of the
 * first field that could not be decrypted, or null.
 */
export function decryptV1Credentials(
  body: Record<string, unknown>,
  accessKey: string,
  encryptType: 1 | 2,
): string | null {
  for (const field of ENCRYPTED_REQUEST_FIELDS) {
    const value = body[field];
    if (typeof value !== 'string' || value.length === 0) continue;
    try {
      body[field] = decryptCredential(accessKey, value.replace(/ /g, '+'), encryptType);
    } catch {
      return field;
    }
  }
  return null;
}

function encryptAppInfo(appInfo: unknown, accessKey: string, encryptType: 1 | 2): boolean {
  if (typeof appInfo !== 'object' || appInfo === null || Array.isArray(appInfo)) return false;
  const info = appInfo as Record<string, unknown>;
  let changed = false;
  for (const field of ['userName', 'password'] as const) {
    const value = info[field];
    if (typeof value === 'string' && value.length > 0) {
      info[field] = encryptCredential(accessKey, value, { encryptType });
      changed = true;
    }
  }
  return changed;
}

/**
 * Encrypts `appInfo.userName`/`password` of a V1 answer (newInstance: `appInfo`; queryInstance: each
 * `info[].appInfo`) and sets the response's `encryptType`. Handlers return plain text; a payload that already has
 * `encryptType` is taken as encrypted by the handler and left alone. Mutates `payload`, which must be the
 * pipeline's own JSON copy of the answer (never the handler's objects).
 */
export function encryptV1Response(
  payload: Record<string, unknown>,
  accessKey: string,
  encryptType: 1 | 2,
): void {
  if (payload.encryptType !== undefined) return;
  let changed = encryptAppInfo(payload.appInfo, accessKey, encryptType);
  if (Array.isArray(payload.info)) {
    for (const item of payload.info) {
      if (typeof item === 'object' && item !== null) {
        changed =
          encryptAppInfo((item as Record<string, unknown>).appInfo, accessKey, encryptType) || changed;
      }
    }
  }
  if (changed) payload.encryptType = String(encryptType);
}
