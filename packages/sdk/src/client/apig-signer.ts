/** Builds the per-attempt signer of an AK/SK-signed Open-API call (APIG `SDK-HMAC-SHA256`, §7.7). */
import { signApigRequest } from '../signing';
import type { SignedParts } from './request-executor';

/** The APIG AK/SK pair of the seller account. */
export interface ApigCredentials {
  accessKey: string;
  secretKey: string;
}

/** Content type sent (and signed) with every AK/SK-signed call: the value of the documentation's example (§8.2). */
export const OPEN_API_CONTENT_TYPE = 'application/json;charset=UTF-8';

/**
 * A signer for one call: every attempt gets a fresh `X-Sdk-Date` (from the injected clock) and a fresh
 * `Authorization`. Signed headers: `content-type`, `host`, `x-sdk-date`.
 */
export function apigSigner(
  credentials: ApigCredentials,
  body: string | undefined,
): (attempt: { url: string; method: 'GET' | 'POST'; nowMs: number }) => SignedParts {
  return ({ url, method, nowMs }) => {
    const headers: Record<string, string> = { 'Content-Type': OPEN_API_CONTENT_TYPE };
    const added = signApigRequest({
      accessKey: credentials.accessKey,
      secretKey: credentials.secretKey,
      method,
      url,
      headers: { ...headers, Host: new URL(url).host },
      body: body ?? '',
      date: new Date(nowMs),
    });
    return { headers: { ...headers, ...added }, body };
  };
}
