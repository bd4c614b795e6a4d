/**
 * What the platform checks in V1 replies beyond the SDK's `judgeReply` (§7.6, §9.3, §9.8): the credentials of
 * `appInfo` (`userName`, `password`) must decrypt with the seller's key under the reply's `encryptType` (`"1"`
 * AES-256-CBC by default, `"2"` AES-128-CBC), otherwise the buyer would be shown garbage.
 */
import { decryptCredential } from '@koogallery-kit/sdk';
import { isObject } from './input-issues';
import type { AttemptProblem, ProductionInterface } from './types';

const CREDENTIAL_FIELDS = ['userName', 'password'] as const;

/** True for the V1 replies that carry encrypted `appInfo`. */
export function carriesV1AppInfo(name: ProductionInterface): boolean {
  return name === 'v1NewInstance' || name === 'v1QueryInstance';
}

/**
 * Problems with the encrypted credentials of a V1 newInstance or queryInstance reply body: one `FIELD_INVALID`
 * per credential that does not decrypt with `accessKey`. Values the schema already rejected (`alreadyReported`
 * fields, e.g. plain text) are not reported twice.
 */
export function checkV1Credentials(
  name: ProductionInterface,
  body: unknown,
  accessKey: string,
  alreadyReported: ReadonlySet<string>,
): AttemptProblem[] {
  if (!carriesV1AppInfo(name) || !isObject(body)) return [];
  const declared = body.encryptType;
  const encryptType = declared === '2' || declared === 2 ? 2 : 1;
  const places: Array<{ prefix: string; appInfo: unknown }> =
    name === 'v1NewInstance'
      ? [{ prefix: 'appInfo', appInfo: body.appInfo }]
      : (Array.isArray(body.info) ? body.info : []).map((item, k) => ({
          prefix: `info[${k}].appInfo`,
          appInfo: isObject(item) ? item.appInfo : undefined,
        }));
  const problems: AttemptProblem[] = [];
  for (const { prefix, appInfo } of places) {
    if (!isObject(appInfo)) continue;
    for (const field of CREDENTIAL_FIELDS) {
      const value = appInfo[field];
      const path = `${prefix}.${field}`;
      if (typeof value !== 'string' || value === '' || alreadyReported.has(path)) continue;
      try {
        decryptCredential(accessKey, value, encryptType);
      } catch {
        problems.push({
          code: 'FIELD_INVALID',
          field: path,
          message: `${path} does not decrypt with the seller key as encryptType ${encryptType} (${encryptType === 1 ? 'AES-256-CBC' : 'AES-128-CBC'}).`,
          hint: `Encrypt it with the key the product is bound to, e.g. encryptCredential(accessKey, value, { encryptType: ${encryptType} }), and send the matching encryptType.`,
        });
      }
    }
  }
  return problems;
}
