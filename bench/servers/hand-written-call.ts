/**
 * A queryInstance call answered by hand with node:crypto inline — the "hand-written" comparison point of issue 11
 * item 2, shared by the plain node:http and plain express servers. Deliberately NOT the SDK's code: it is what a
 * seller would write from the protocol pages, doing the same work as the SDK on the success path:
 *
 * 1. `signature` (64 hex), `timestamp` (13 digits, within ±toleranceMs both ways) and `nonce` from the query;
 * 2. V2 signature (protocol §7.1): two HMAC-SHA256 over the raw body bytes and `timingSafeEqual`;
 * 3. nonce replay check in a bounded in-memory map (same retention, 2 × tolerance, and bound as the SDK default);
 * 4. JSON parse, `activity === 'queryInstance'`, `instanceId` a non-empty string of at most 100 characters;
 * 5. the answer serialised once and signed: `Body-Sign: sign_type="HMAC-SHA256", signature="<base64>"` (§7.3).
 *
 * Refusals answer `000001`/`000002` like the SDK would, so the runner can tell a measured success path.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerConfig } from './protocol';
import { queryInstanceInfo } from './query-instance';
import type { Counters } from './serve';

const HEX64 = /^[0-9a-fA-F]{64}$/;
const TIMESTAMP = /^[0-9]{13}$/;
const MAX_NONCES = 100_000;

/** The answer to write: JSON text, its Body-Sign header value, and the headers to send. */
export interface HandWrittenAnswer {
  body: string;
  headers: Record<string, string>;
}

/** Reads one query value; repeated parameters use the first. */
function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof v === 'string' ? v : undefined;
}

/**
 * Creates the answering function for one server.
 *
 * @returns `(query, body) => answer`, where `query` is the parsed query (a record or URLSearchParams) and `body`
 *   the raw body bytes.
 */
export function createHandWrittenAnswerer(
  config: ServerConfig,
  counters: Counters,
): (query: Record<string, unknown> | URLSearchParams, body: Buffer) => HandWrittenAnswer {
  const { accessKey, toleranceMs } = config;
  const nonces = new Map<string, number>();

  const claimNonce = (nonce: string, now: number): boolean => {
    let budget = 64;
    for (const [key, expiresAt] of nonces) {
      if (budget-- === 0 || expiresAt > now) break;
      nonces.delete(key);
    }
    const seen = nonces.get(nonce);
    if (seen !== undefined && seen > now) return false;
    nonces.delete(nonce);
    nonces.set(nonce, now + 2 * toleranceMs);
    if (nonces.size > MAX_NONCES) {
      const oldest = nonces.keys().next();
      if (oldest.done !== true) nonces.delete(oldest.value);
    }
    return true;
  };

  const check = (
    query: Record<string, unknown> | URLSearchParams,
    body: Buffer,
  ): { code: string; message: string } | { instanceId: string } => {
    const get = (name: string): string | undefined =>
      query instanceof URLSearchParams ? (query.get(name) ?? undefined) : first(query[name]);
    const signature = get('signature');
    const timestamp = get('timestamp');
    const nonce = get('nonce');
    if (signature === undefined || !HEX64.test(signature))
      return { code: '000001', message: 'bad signature' };
    if (timestamp === undefined || !TIMESTAMP.test(timestamp))
      return { code: '000001', message: 'bad timestamp' };
    if (nonce === undefined || nonce === '') return { code: '000001', message: 'no nonce' };
    const now = Date.now();
    if (Math.abs(Number(timestamp) - now) > toleranceMs)
      return { code: '000001', message: 'stale timestamp' };
    const inner = createHmac('sha256', accessKey).update(body).digest('hex');
    const expected = createHmac('sha256', accessKey)
      .update(accessKey + nonce + timestamp + inner)
      .digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
      return { code: '000001', message: 'signature mismatch' };
    }
    if (!claimNonce(nonce, now)) return { code: '000001', message: 'replayed nonce' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { code: '000002', message: 'body is not JSON' };
    }
    const fields = parsed as { activity?: unknown; instanceId?: unknown } | null;
    if (fields?.activity !== 'queryInstance') return { code: '000002', message: 'unknown activity' };
    const instanceId = fields.instanceId;
    if (typeof instanceId !== 'string' || instanceId === '' || instanceId.length > 100) {
      return { code: '000002', message: 'instanceId invalid' };
    }
    return { instanceId };
  };

  return (query, body) => {
    const outcome = check(query, body);
    let answer: Record<string, unknown>;
    if ('instanceId' in outcome) {
      counters.accepted();
      answer = { resultCode: '000000', resultMsg: 'success.', info: queryInstanceInfo(outcome.instanceId) };
    } else {
      counters.problem('rejected', outcome.message);
      answer = { resultCode: outcome.code, resultMsg: outcome.message };
    }
    const text = JSON.stringify(answer);
    const bodySign = createHmac('sha256', accessKey).update(text).digest('base64');
    return {
      body: text,
      headers: {
        'Content-Type': 'application/json;charset=UTF-8',
        'Body-Sign': `sign_type="HMAC-SHA256", signature="${bodySign}"`,
      },
    };
  };
}
