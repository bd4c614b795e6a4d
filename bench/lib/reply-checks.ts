/**
 * Sanity checks of one reply before a load test, so a benchmark never measures an error path by accident.
 */
import type { SdkDist } from './sdk-dist';
import type { SanityReply } from './load';

/** The echo server must answer 200 with the same JSON value it was sent. */
export function echoReply(sentBody: string): (reply: SanityReply) => string | undefined {
  const expected = JSON.stringify(JSON.parse(sentBody));
  return (reply) => {
    if (reply.status !== 200) return `HTTP ${reply.status}`;
    let got: string;
    try {
      got = JSON.stringify(JSON.parse(reply.body));
    } catch {
      return 'the body is not JSON';
    }
    return got === expected ? undefined : 'the echoed JSON differs from the request';
  };
}

/**
 * A production-interface success answer: HTTP 200, JSON content type, `resultCode` `000000`, a `Body-Sign` that
 * verifies with `accessKey` (checked with the SDK's own verifier), and the queried instance in `info`.
 */
export function signedSuccessReply(
  sdk: SdkDist,
  accessKey: string,
  instanceId: string,
): (reply: SanityReply) => string | undefined {
  return (reply) => {
    if (reply.status !== 200) return `HTTP ${reply.status}: ${reply.body.slice(0, 200)}`;
    if (!(reply.headers.get('content-type') ?? '').startsWith('application/json'))
      return 'content type is not JSON';
    let parsed: { resultCode?: unknown; resultMsg?: unknown; info?: Array<{ instanceId?: unknown }> };
    try {
      parsed = JSON.parse(reply.body) as typeof parsed;
    } catch {
      return 'the body is not JSON';
    }
    if (parsed.resultCode !== '000000')
      return `resultCode ${String(parsed.resultCode)}: ${String(parsed.resultMsg)}`;
    if (parsed.info?.[0]?.instanceId !== instanceId) return 'info[0].instanceId is not the queried instance';
    const bodySign = reply.headers.get('body-sign') ?? undefined;
    if (!sdk.root.verifyBodySign(accessKey, reply.body, bodySign))
      return 'Body-Sign is missing or does not verify';
    return undefined;
  };
}
