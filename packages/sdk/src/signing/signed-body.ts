/**
 * The verification the V2 basic (§7.1), kit (§7.2) and usage-push (§7.4) signatures share, in the protocol's
 * order ({@link verifySignedCall}): the arguments; the signature present and well-formed; the timestamp within the
 * window; a nonce; then "raw bytes first, canonical re-serialisation as fallback". The raw path never parses JSON;
 * the fallback runs only after a raw mismatch and only when the body is a JSON object. Each verifier describes its
 * call with a {@link SignedCallSpec} and supplies the signature computation.
 */
import { canonicalJson, type CanonicalJsonOptions } from './canonical-json';
import { checkNonce, checkTimestamp, checkVerifyArguments } from './freshness';
import { NOT_A_STRING, type ParamValue } from './inputs';
import { fail, type VerifyFailure, type VerifyResult } from './verify-result';

/** Where a kind of call carries its key, signature, timestamp and nonce, and how messages name them. */
export interface SignedCallSpec {
  /** The key option's name and what to pass, for the argument error. */
  keyName: string;
  keyHint: string;
  /** True for a usable carrier (the query or the headers); `carrierHint` says what it must be. */
  isCarrier: (carrier: unknown) => boolean;
  carrierHint: string;
  /** Reads one parameter from the carrier. */
  read: (carrier: unknown, name: string) => ParamValue;
  /** Parameter names, e.g. `x-sign`, `x-timestamp`, `x-nonce`. */
  signature: string;
  timestamp: string;
  nonce: string;
  /** The signature as messages name it: where it is missing or malformed, and where it does not match. */
  signatureWhere: string;
  mismatchName: string;
  /** What is not signed when the signature is missing, e.g. `call`. */
  subject: string;
  /** The signature's form and its description, e.g. `64 hexadecimal characters`. */
  format: RegExp;
  formatText: string;
  /** Options of the canonical form tried after a raw mismatch. */
  canonical?: CanonicalJsonOptions;
}

/** The caller's arguments, not yet checked. */
export interface SignedCallInput {
  key: unknown;
  rawBody: unknown;
  carrier: unknown;
  now: unknown;
  toleranceMs: unknown;
}

/** The received parts a signature is computed from and compared with. */
export interface SignedParts {
  key: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

/**
 * Verifies a signed call described by `spec`. `matches(parts, payload)` computes the signature of `payload` and
 * compares it in constant time with `parts.signature`. Never throws.
 */
export function verifySignedCall(
  spec: SignedCallSpec,
  input: SignedCallInput,
  matches: (parts: SignedParts, payload: string | Uint8Array) => boolean,
): VerifyResult {
  const args = checkVerifyArguments({
    keyName: spec.keyName,
    key: input.key,
    keyHint: spec.keyHint,
    rawBody: input.rawBody,
    carrier: spec.isCarrier(input.carrier) || spec.carrierHint,
    now: input.now,
    toleranceMs: input.toleranceMs,
  });
  if ('valid' in args) return args;
  const { key, rawBody, freshness } = args;
  const carrier = input.carrier;

  const signature = spec.read(carrier, spec.signature);
  if (signature === undefined || signature === '') {
    return fail(
      'SIGNATURE_MISSING',
      `The ${spec.signatureWhere} is missing: the ${spec.subject} is not signed.`,
    );
  }
  if (signature === NOT_A_STRING || !spec.format.test(signature)) {
    return fail('SIGNATURE_MALFORMED', `The ${spec.signatureWhere} is not ${spec.formatText}.`);
  }
  const timestamp = spec.read(carrier, spec.timestamp);
  const timestampMs = checkTimestamp(timestamp, spec.timestamp, freshness);
  if (typeof timestampMs !== 'number') return timestampMs;
  const nonce = checkNonce(spec.read(carrier, spec.nonce), spec.nonce);
  if (typeof nonce !== 'string') return nonce;

  const parts: SignedParts = { key, signature, timestamp: timestamp as string, nonce };
  const matched = matchBody(rawBody, (payload) => matches(parts, payload), spec.mismatchName, spec.canonical);
  if (typeof matched !== 'string') return matched;
  return { valid: true, timestampMs, nonce, matched };
}

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
function canonicalPayload(rawBody: string | Uint8Array, options?: CanonicalJsonOptions): string | undefined {
  const text = bodyText(rawBody);
  if (text === undefined) return undefined;
  try {
    return canonicalJson(text, options);
  } catch {
    return undefined;
  }
}

/**
 * Checks the received signature against the raw body, then, after a mismatch, against its canonical form.
 * `matches(payload)` computes the signature of a payload and compares it in constant time with the received one.
 */
function matchBody(
  rawBody: string | Uint8Array,
  matches: (payload: string | Uint8Array) => boolean,
  what: string,
  options?: CanonicalJsonOptions,
): 'raw' | 'canonical' | VerifyFailure {
  if (matches(rawBody)) return 'raw';
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
