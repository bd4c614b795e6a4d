import { isSecretField, redactSignature } from '../util/redact';
import { describeTarget } from './network-errors';
import { scrubDeep, scrubText } from './redact-call';
import type { PlatformCallResult } from './platform-caller';
import type { TransportReply, Verdict } from './types';

/** Options of {@link formatCallReport} and {@link callReportToJson}. */
export interface CallReportOptions {
  /** Literal secrets (keys) to mask wherever they appear. The call is already redacted; this is a safety net. */
  secrets?: readonly string[];
  /** Longest body shown, in characters; longer bodies are cut with a note. Default 4000. */
  maxBodyChars?: number;
}

/**
 * Human-readable report of one platform call: the request sent (signatures shortened), the reply (Body-Sign
 * signature shortened, body as received) and the verdict with every problem and its hint. Never contains a key.
 */
export function formatCallReport(result: PlatformCallResult, o: CallReportOptions = {}): string {
  const secrets = o.secrets ?? [];
  const max = o.maxBodyChars ?? 4000;
  const lines: string[] = [];
  const { call, reply, verdict } = result;
  lines.push(`Request (${call.interface})`);
  lines.push(`  ${call.method} ${call.url}`);
  for (const [name, value] of Object.entries(call.headers)) lines.push(`  ${name}: ${value}`);
  if (call.body !== undefined) lines.push(indent(cut(call.body, max)));
  lines.push('');
  if (reply === undefined) {
    lines.push(`Reply: none from ${describeTarget(call.url)}`);
  } else {
    lines.push(`Reply: HTTP ${reply.status} in ${Math.round(reply.elapsedMs)} ms`);
    for (const [name, value] of displayHeaders(reply)) lines.push(`  ${name}: ${value}`);
    lines.push(indent(reply.body === '' ? '(empty body)' : cut(reply.body, max)));
  }
  lines.push('');
  lines.push(...formatVerdict(verdict));
  return scrubText(lines.join('\n'), secrets) + '\n';
}

/** The verdict alone, as report lines. */
export function formatVerdict(verdict: Verdict): string[] {
  const lines: string[] = [];
  if (verdict.accepted) {
    const how = verdict.async ? 'accepted, processing asynchronously (000004)' : 'accepted';
    lines.push(`Verdict: ${how} — the platform would count this call as a success.`);
    return lines;
  }
  const n = verdict.problems.length;
  lines.push(
    `Verdict: rejected — the platform would count this call as failed (${n} problem${n === 1 ? '' : 's'}):`,
  );
  verdict.problems.forEach((p, i) => {
    lines.push(`  ${i + 1}. [${p.code}] ${p.message}`);
    if (p.hint) lines.push(`     fix: ${p.hint}`);
  });
  return lines;
}

/** JSON-ready form of a call result for scripts (`--json`): secrets masked, signatures shortened. */
export function callReportToJson(result: PlatformCallResult, o: CallReportOptions = {}): unknown {
  const secrets = o.secrets ?? [];
  const { call, reply, verdict } = result;
  const json = {
    request: {
      interface: call.interface,
      method: call.method,
      url: call.url,
      headers: call.headers,
      body: call.body ?? null,
    },
    reply:
      reply === undefined
        ? null
        : {
            status: reply.status,
            elapsedMs: Math.round(reply.elapsedMs),
            headers: displayHeaders(reply),
            body: reply.body,
          },
    verdict: {
      accepted: verdict.accepted,
      async: verdict.async,
      resultCode: verdict.resultCode ?? null,
      problems: verdict.problems,
    },
  };
  return scrubDeep(json, secrets);
}

function displayHeaders(reply: TransportReply): Array<[string, string]> {
  return reply.rawHeaders.map(([name, value]) => {
    if (name.toLowerCase() === 'body-sign') {
      return [
        name,
        value.replace(
          /(signature\s*=\s*"?)([^",\s]+)/i,
          (_m, p: string, s: string) => p + redactSignature(s),
        ),
      ];
    }
    return [name, isSecretField(name) ? redactSignature(value) : value];
  });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
