/**
 * Root causes: failures that share one cause are grouped under one headline with its fix, shown first in every
 * reporter, so one defect (a wrong key, a body parser answering HTTP 415, a Body-Sign computed wrongly everywhere)
 * reads as one problem instead of dozens. Derived from the results alone (their exchanges), after the run.
 *
 * Causes, most specific first; a failure belongs to at most one:
 * - `wrong-key`: no correctly signed call was accepted and every failed check's reply said 000001;
 * - `reply-format`: every failed check's replies share one HTTP status and content type that is not a JSON 200
 *   (a framework, proxy or body parser answering before the seller's code);
 * - `stateless`: an instance id never created was reported (lifecycle.control-unknown-instance): the seller answers
 *   from the request, not from its records — which also explains the other controls and the unknown-instance check;
 * - `<aspect>`: the same console aspect (e.g. `body-sign-valid`) fails on several interfaces.
 */
import type { CheckResult, ContractExchange, ContractRootCause } from './types';

/** Content type of a reply (media type only, lower case), or `no Content-Type`. */
function mediaType(reply: NonNullable<ContractExchange['reply']>): string {
  const header = [...reply.headers].reverse().find(([name]) => name.toLowerCase() === 'content-type');
  return header === undefined ? 'no Content-Type' : (header[1].split(';')[0] ?? '').trim().toLowerCase();
}

/** The resultCode of a reply body, when it is a JSON object carrying one. */
function resultCodeOf(reply: NonNullable<ContractExchange['reply']>): string | undefined {
  try {
    const body = JSON.parse(reply.body) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const code = (body as Record<string, unknown>)['resultCode'];
      return typeof code === 'string' ? code : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const repliesOf = (r: CheckResult): Array<NonNullable<ContractExchange['reply']>> =>
  r.exchanges.flatMap((x) => (x.reply === null ? [] : [x.reply]));

function wrongKey(
  results: readonly CheckResult[],
  failed: readonly CheckResult[],
): ContractRootCause | undefined {
  const accepted = results.some((r) =>
    repliesOf(r).some((reply) => ['000000', '000004'].includes(resultCodeOf(reply) ?? '')),
  );
  const replies = failed.flatMap(repliesOf);
  if (accepted || replies.length === 0 || !replies.every((reply) => resultCodeOf(reply) === '000001')) {
    return undefined;
  }
  return {
    id: 'wrong-key',
    headline:
      'Every signed call was answered 000001 (authentication failed): check --key (and --kit-key) — it must be the ' +
      'key bound to these interfaces in Seller Center > App tools > Key management.',
    fix:
      'Run the suite with the key your seller verifies with (or configure the seller with the key you passed), ' +
      'then run it again: nearly every other failure follows from this one. If the key is right, your verifier ' +
      'hashes something else than the bytes sent — typically a JSON body parser that consumed and re-serialised ' +
      'the body: verify over the raw body (§7.1).',
    checks: failed.map((r) => r.id),
  };
}

function replyFormat(failed: readonly CheckResult[]): ContractRootCause | undefined {
  const replies = failed.flatMap(repliesOf);
  if (replies.length < 2) return undefined;
  const first = replies[0] as NonNullable<ContractExchange['reply']>;
  const kind = `${first.status} ${mediaType(first)}`;
  if (first.status === 200 && mediaType(first) === 'application/json') return undefined;
  if (!replies.every((reply) => `${reply.status} ${mediaType(reply)}` === kind)) return undefined;
  const parser = first.status === 400 || first.status === 415 || first.status === 413;
  return {
    id: 'reply-format',
    headline:
      `Every call was answered HTTP ${first.status} (${mediaType(first)}) instead of a signed JSON reply: ` +
      (parser
        ? "something in front of your handler (a body parser, framework or proxy) rejected the platform's request."
        : 'your handler is not what answers these calls.'),
    fix: parser
      ? 'Accept the request exactly as the platform sends it (POST, Content-Type: application/json;charset=utf8 — ' +
        'note "utf8" without a dash, §2.1): configure the body parser to accept that type (and keep the raw bytes ' +
        'for the signature), or read the raw body yourself.'
      : 'Route the production URL to your handler, and answer every call (errors too) with HTTP 200, ' +
        'Content-Type: application/json and a Body-Sign header (§2.3).',
    checks: failed.map((r) => r.id),
  };
}

/** Checks a seller that answers from the request instead of its records fails. */
const STATELESS_CHECKS = /^(lifecycle\.control-|robustness\.(v1-)?unknown-instance$)/;

function stateless(failed: readonly CheckResult[]): ContractRootCause | undefined {
  if (!failed.some((r) => r.id === 'lifecycle.control-unknown-instance')) return undefined;
  return {
    id: 'stateless',
    headline:
      'The seller reported an instance id that was never created: it answers from the request (echoing ids, ' +
      "success for everything) instead of from its own records, like Huawei's sample does for debugging calls.",
    fix:
      'Keep a record of every instance (newInstance creates it, releaseInstance ends it) and look every call up in ' +
      'it: list only the instances you hold in queryInstance, answer 000003 for an id you do not know (§3.2, §6.1).',
    checks: failed.filter((r) => STATELESS_CHECKS.test(r.id)).map((r) => r.id),
  };
}

/** Failed console checks `<interface>.<aspect>` grouped by aspect, when one aspect fails on 2+ interfaces. */
function sharedAspects(
  failed: readonly CheckResult[],
  consoleGroups: ReadonlySet<string>,
): ContractRootCause[] {
  const byAspect = new Map<string, CheckResult[]>();
  for (const r of failed) {
    if (!consoleGroups.has(r.group)) continue;
    const aspect = r.id.slice(r.id.indexOf('.') + 1);
    byAspect.set(aspect, [...(byAspect.get(aspect) ?? []), r]);
  }
  return [...byAspect]
    .filter(([, list]) => list.length >= 2)
    .map(([aspect, list]) => {
      const first = list[0] as CheckResult;
      return {
        id: aspect,
        headline: `${aspect} fails on ${list.length} interfaces: ${firstSentence(first.message ?? '')}`,
        fix: first.fix ?? '',
        checks: list.map((r) => r.id),
      };
    });
}

/** The first sentence of a message (up to its first ". "), for headlines. */
function firstSentence(text: string): string {
  const stop = text.indexOf('. ');
  return stop < 0 ? text : text.slice(0, stop + 1);
}

/**
 * Finds the root causes of the failed results and marks each explained result with its cause's id. `consoleGroups`
 * are the group names of the per-interface console checks.
 */
export function findRootCauses(
  results: CheckResult[],
  consoleGroups: ReadonlySet<string>,
): ContractRootCause[] {
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return [];
  const whole = wrongKey(results, failed) ?? replyFormat(failed);
  const echo = whole === undefined ? stateless(failed) : undefined;
  const rest = echo === undefined ? failed : failed.filter((r) => !echo.checks.includes(r.id));
  const causes =
    whole === undefined
      ? [...(echo === undefined ? [] : [echo]), ...sharedAspects(rest, consoleGroups)]
      : [whole];
  causes.sort((a, b) => b.checks.length - a.checks.length);
  for (const cause of causes) {
    for (const r of results)
      if (cause.checks.includes(r.id) && r.rootCause === undefined) r.rootCause = cause.id;
  }
  return causes;
}
