/**
 * Printable records of the calls a check made: the SDK's redaction (signatures cut to a prefix, keys masked,
 * credentials the seller returned masked) is applied to every request and reply before it enters a report.
 */
import {
  callReportToJson,
  redactCall,
  redactCredentials,
  type ProductionCall,
  type TransportReply,
  type Verdict,
} from '@koogallery-kit/sdk/platform';
import type { AttemptRecord } from '../engine/model/types';
import type { ContractExchange } from './types';

interface CallJson {
  request: ContractExchange['request'];
  reply: ContractExchange['reply'];
}

const NO_VERDICT: Verdict = { accepted: false, async: false, problems: [] };

/** The exchange of a call sent by the suite. `error` explains a missing reply. */
export function toExchange(
  label: string,
  call: ProductionCall,
  reply: TransportReply | undefined,
  secrets: readonly string[],
  error?: string,
): ContractExchange {
  // Credentials the seller returned are masked like signatures (length and first characters kept).
  const shown = reply === undefined ? undefined : { ...reply, body: redactCredentials(reply.body) };
  const json = callReportToJson(
    {
      call: redactCall(call, secrets),
      ...(shown === undefined ? {} : { reply: shown }),
      verdict: NO_VERDICT,
    },
    { secrets },
  ) as CallJson;
  const out: ContractExchange = { label, request: json.request, reply: json.reply };
  if (error !== undefined) out.error = error;
  return out;
}

/** The exchange of one engine attempt (lifecycle checks); the engine already redacted what it recorded. */
export function attemptExchange(
  label: string,
  attempt: AttemptRecord,
  interfaceName: ProductionCall['interface'],
  secrets: readonly string[],
): ContractExchange {
  const req = attempt.request;
  const call: ProductionCall = {
    method: req?.method === 'GET' ? 'GET' : 'POST',
    url: req?.url ?? '(not sent)',
    headers: req?.headers ?? {},
    interface: interfaceName,
  };
  if (req?.body !== undefined) call.body = req.body;
  const reply: TransportReply | undefined =
    attempt.response === null
      ? undefined
      : {
          status: attempt.response.status,
          rawHeaders: attempt.response.headers,
          body: attempt.response.body,
          elapsedMs: attempt.elapsedMs ?? 0,
        };
  const error =
    reply === undefined
      ? attempt.problems.map((p) => `${p.code}: ${p.message}`).join('; ') || undefined
      : undefined;
  return toExchange(label, call, reply, secrets, error);
}
