/**
 * What the platform checks in the content of a successful reply beyond its schema, used by `judgeReply` (and so
 * by the mock marketplace and the conformance suite alike):
 *
 * - free text must be ASCII on the wire: non-ASCII characters (Chinese `memo`, `resultMsg`…) sent as `\uXXXX`
 *   escapes (protocol notes §3.2 AppInfo.memo: "Chinese characters must be sent as \uXXXX escapes");
 * - `usageInfo` with `usageValue` and `statisticalTime` for every instance of a pay-per-use (`ON_DEMAND`) or
 *   package (`ON_DEMAND_PKG`) product (§3.2 UsageInfo, §11.4 debugging checks);
 * - V1 `appInfo.userName` / `password` encrypted with the seller key under the declared `encryptType` (§7.6, §9.3,
 *   §9.8): `"1"` (default) AES-256-CBC, `"2"` AES-128-CBC.
 */
import { decryptCredential, type EncryptType } from '../signing/credential-cipher';
import type { ChargingMode, InterfaceName } from '../schemas';
import { createProblem } from './problems';
import type { Problem } from './types';
import { isObject } from '../util/is-object';

/** Instances of a queryInstance reply (`info[]`), with their field paths. */
function infoEntries(body: Record<string, unknown>): Array<{ path: string; item: Record<string, unknown> }> {
  const info = body['info'];
  if (!Array.isArray(info)) return [];
  return info.flatMap((item, k) => (isObject(item) ? [{ path: `info[${k}]`, item }] : []));
}

/** Every string value of a JSON value with its path (`info[0].appInfo.memo`). */
function stringFields(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, k) => stringFields(v, `${path}[${k}]`, out));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) stringFields(v, path === '' ? k : `${path}.${k}`, out);
  }
}

// eslint-disable-next-line no-control-regex -- the range starts at \x00 on purpose: anything outside ASCII
const NON_ASCII = /[^\x00-\x7f]/;

/** Free-text fields (as opposed to identifiers and URLs): their non-ASCII text must be escaped. */
const FREE_TEXT: ReadonlySet<string> = new Set(['memo', 'resultMsg']);

/**
 * Free-text fields (`memo`, `resultMsg`) whose non-ASCII characters were sent raw instead of as `\uXXXX` escapes
 * (one problem per field). A body that is pure ASCII on the wire escaped everything. Identifiers are not judged:
 * the protocol's own Body-Sign vector carries a raw UTF-8 instanceId (§12.3 c).
 */
export function rawTextProblems(rawBody: string, body: Record<string, unknown>): Problem[] {
  if (!NON_ASCII.test(rawBody)) return [];
  const fields: Array<[string, string]> = [];
  stringFields(body, '', fields);
  return fields
    .filter(
      ([path, value]) =>
        FREE_TEXT.has(path.slice(path.lastIndexOf('.') + 1)) &&
        NON_ASCII.test(value) &&
        rawBody.includes(JSON.stringify(value).slice(1, -1)),
    )
    .map(([field]) =>
      createProblem(
        'FIELD_INVALID',
        `${field} carries non-ASCII text sent as raw UTF-8; the platform requires \\uXXXX escapes (e.g. "\\u4e2d" for 中).`,
        {
          field,
          hint:
            'Escape every character above U+007F as \\uXXXX when serialising the reply (Jackson: ' +
            'JsonGenerator.Feature.ESCAPE_NON_ASCII; PHP: json_encode without JSON_UNESCAPED_UNICODE; Python: ' +
            'json.dumps with ensure_ascii=True), then sign those exact bytes.',
        },
      ),
    );
}

/** Charging modes whose instances must report usage (§3.2 UsageInfo). */
const USAGE_MODES: ReadonlySet<ChargingMode> = new Set<ChargingMode>(['ON_DEMAND', 'ON_DEMAND_PKG']);

/**
 * A successful queryInstance reply of a pay-per-use or package product must report `usageInfo` (usageValue and
 * statisticalTime) for every instance it lists.
 */
export function usageInfoProblems(
  name: InterfaceName,
  body: Record<string, unknown>,
  chargingMode: ChargingMode | undefined,
): Problem[] {
  if (name !== 'queryInstance' || chargingMode === undefined || !USAGE_MODES.has(chargingMode)) return [];
  const problems: Problem[] = [];
  const hint =
    `Report usage for every ${chargingMode} instance: "usageInfo":[{"usageValue":"12.5","statisticalTime":` +
    '"20240101120000000"}] (usageValue the cumulative total, resp. the amount of the package consumed; ' +
    'statisticalTime UTC yyyyMMddHHmmssSSS).';
  for (const { path, item } of infoEntries(body)) {
    const usage = item['usageInfo'];
    if (!Array.isArray(usage) || usage.length === 0) {
      problems.push(
        createProblem(
          'FIELD_MISSING',
          `${path}.usageInfo is missing; it is mandatory for ${chargingMode} products (§3.2 UsageInfo).`,
          { field: `${path}.usageInfo`, hint },
        ),
      );
      continue;
    }
    usage.forEach((u, k) => {
      for (const field of ['usageValue', 'statisticalTime']) {
        const v = isObject(u) ? u[field] : undefined;
        if (v === undefined || v === null || v === '') {
          problems.push(
            createProblem('FIELD_MISSING', `${path}.usageInfo[${k}].${field} is missing.`, {
              field: `${path}.usageInfo[${k}].${field}`,
              hint,
            }),
          );
        }
      }
    });
  }
  return problems;
}

const CIPHERS: Readonly<Record<EncryptType, string>> = { 1: 'AES-256-CBC', 2: 'AES-128-CBC' };

function decrypts(accessKey: string, value: string, encryptType: EncryptType): boolean {
  try {
    decryptCredential(accessKey, value, encryptType);
    return true;
  } catch {
    return false;
  }
}

/**
 * V1 newInstance / queryInstance replies: every `appInfo.userName` / `password` must decrypt with the seller key
 * under the declared `encryptType`. `skip` lists fields another check already reported (e.g. not Base64 at all).
 */
export function v1CredentialProblems(
  name: InterfaceName,
  body: Record<string, unknown>,
  accessKey: string,
  skip: ReadonlySet<string>,
): Problem[] {
  if (name !== 'v1NewInstance' && name !== 'v1QueryInstance') return [];
  const declared = body['encryptType'];
  const encryptType: EncryptType = declared === '2' || declared === 2 ? 2 : 1;
  const other: EncryptType = encryptType === 1 ? 2 : 1;
  const places =
    name === 'v1NewInstance'
      ? [{ path: 'appInfo', appInfo: body['appInfo'] }]
      : infoEntries(body).map(({ path, item }) => ({ path: `${path}.appInfo`, appInfo: item['appInfo'] }));
  const algorithm =
    'iv + base64(AES-CBC, PKCS#5 padding), the 16-character IV in front; key = the first 32 (encryptType 1, ' +
    'AES-256) or 16 (encryptType 2, AES-128) bytes of Java SHA1PRNG seeded with the access key (protocol §7.6)';
  const problems: Problem[] = [];
  for (const { path, appInfo } of places) {
    if (!isObject(appInfo)) continue;
    for (const field of ['userName', 'password']) {
      const value = appInfo[field];
      const at = `${path}.${field}`;
      if (typeof value !== 'string' || value === '' || skip.has(at)) continue;
      if (decrypts(accessKey, value, encryptType)) continue;
      const declaredText = declared === undefined ? 'no encryptType (so 1)' : `encryptType ${encryptType}`;
      problems.push(
        decrypts(accessKey, value, other)
          ? createProblem(
              'FIELD_INVALID',
              `${at} is encrypted as encryptType ${other} (${CIPHERS[other]}), but the reply declares ` +
                `${declaredText} (${CIPHERS[encryptType]}): the platform decrypts it to garbage.`,
              {
                field: at,
                hint: `Send "encryptType":"${other}" with these values, or encrypt them as encryptType ${encryptType}: ${algorithm}.`,
              },
            )
          : createProblem(
              'FIELD_INVALID',
              `${at} does not decrypt with the seller key as ${declaredText} (${CIPHERS[encryptType]}).`,
              {
                field: at,
                hint: `Encrypt it with the key bound to the product, as ${algorithm}, and send the matching encryptType (SDK: encryptCredential).`,
              },
            ),
      );
    }
  }
  return problems;
}
