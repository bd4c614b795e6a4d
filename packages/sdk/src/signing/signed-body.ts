/**
 * "Raw bytes first, canonical re-serialisation as fallback" (reference §7.1): shared by the V2 basic, kit and
 * usage-push verifiers. The raw path never parses JSON; the fallback runs only after a raw mismatch and only when
 * the body is a JSON object.
 */
import { canonicalJson, type CanonicalJsonOptions } from './canonical-json';
import { fail, type VerifyFailure } from './verify-result';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function bodyText(rawBody: string | Uint8Array): string | undefined {
  if (typeof rawBody === 'string') return rawBody;
  try {
    return utf8.decode(rawBody);
  } catch {
    return undefined;
  }
}

/** Canonical payload of a received body, or `undefined` when the body is not a UTF-8 JSON object. */
export function canonicalPayload(
  rawBody: string | Uint8Array,
  options?: CanonicalJsonOptions,
): string | undefined {
  const text = bodyText(rawBody);
  if (text === undefined) return undefined;
  try {
    return canonicalJson(text, options);
  } catch {
    return undefined;
  }
}

/**
 * Checks the received signature against the raw body, then against its canonical form. `matches(payload)` computes
 * the signature of a payload and compares it in constant time with the received one.
 */
export function matchBody(
  rawBody: string | Uint8Array,
  matches: (payload: string | Uint8Array) => boolean,
  what: string,
  options?: CanonicalJsonOptions,
): 'raw' | 'canonical' | VerifyFailure {
  if (matches(rawBody)) return 'raw';
  return matchCanonical(rawBody, matches, what, options);
}

/**
 * The second half of {@link matchBody}, for a caller that has already checked the raw body itself (and found no
 * match): the canonical re-serialisation, or the failure.
 */
export function matchCanonical(
  rawBody: string | Uint8Array,
  matches: (payload: string) => boolean,
  what: string,
  options?: CanonicalJsonOptions,
): 'canonical' | VerifyFailure {
  const canonical = canonicalPayload(rawBody, options);
  if (canonical === undefined) {
    return fail(
      'BODY_NOT_JSON',
      `The ${what} does not match the raw body, and the body is not a UTF-8 JSON object, so its canonical form ` +
        'could not be tried: check the key and that the body reaches the verifier unmodified.',
    );
  }
  if (matches(canonical)) return 'canonical';
  return fail(
    'SIGNATURE_MISMATCH',
    `The ${what} matches neither the raw body nor its canonical form: check that both sides use the same key ` +
      'and that the body reaches the verifier unmodified (read the raw bytes before any JSON parsing).',
  );
}
