import type { ValidationIssue } from '../errors';
import { ConfigError } from '../errors';
import {
  INTERFACES,
  findResultCode,
  isInterfaceName,
  validateSchema,
  type ChargingMode,
  type InterfaceName,
} from '../schemas';
import { appendBodySignProblems } from './check-body-sign';
import { isCommonJsonContentType } from '../signing/fast-paths';
import { rawTextProblems, usageInfoProblems, v1CredentialProblems } from './judge-content';
import { pointerToField, valueAt } from './field-path';
import { createProblem } from './problems';
import type { Problem, TransportReply, Verdict } from './types';

/** The platform's documented time-out for a seller's answer during debugging (§2.3): 20 s. */
export const PLATFORM_TIME_LIMIT_MS = 20_000;

/** Length limits of the fields every reply carries (§2.3). */
const RESULT_CODE_MAX = 6;
const RESULT_MSG_MAX = 255;

/** Interfaces on which `000004` means "accepted, finishing asynchronously" (§6.1). */
const ASYNC_INTERFACES: ReadonlySet<string> = new Set(['newInstance', 'v1NewInstance']);

/** Input of {@link judgeReply}. */
export interface JudgeReplyOptions {
  /** The interface that was called. */
  interface: InterfaceName;
  /** The key the reply's Body-Sign must be computed with (the kit key for kit interfaces). */
  accessKey: string;
  /** What the transport received. */
  reply: TransportReply;
  /** A reply slower than this is a TIME_LIMIT problem. Default {@link PLATFORM_TIME_LIMIT_MS} (20 000 ms). */
  timeLimitMs?: number;
  /**
   * Charging mode of the product the call is about. `ON_DEMAND` and `ON_DEMAND_PKG` make `usageInfo` (with
   * usageValue and statisticalTime) mandatory for every instance a queryInstance reply lists (§3.2 UsageInfo).
   * Default: unknown, usage is not required.
   */
  chargingMode?: ChargingMode;
}

/**
 * Judges a seller's reply exactly as the platform does (§11.1 "what counts as failure", §11.4 console checks)
 * and returns every problem found, not just the first: HTTP 200; JSON content type; `Body-Sign` present, spelled
 * exactly, in the documented format and valid over the exact body bytes; a JSON object body; `resultCode` and
 * `resultMsg` present and within length; the interface's fields valid against its response schema; `resultCode`
 * `000000` (`000004` on newInstance is accepted with `async: true`); in a successful reply, free text escaped as
 * `\uXXXX`, `usageInfo` for pay-per-use and package products (`chargingMode`) and V1 credentials that decrypt
 * under the declared `encryptType` (see judge-content.ts); and the reply's speed. Deviations the platform may
 * tolerate (a Body-Sign rendered without the recommended space) go to `verdict.warnings` and do not reject the
 * reply. Never throws for
 * anything the seller sent; throws `ConfigError` for an unknown interface or an empty key (the caller's mistake).
 */
export function judgeReply(o: JudgeReplyOptions): Verdict {
  if (!isInterfaceName(o.interface)) {
    throw new ConfigError(
      `Unknown production interface ${JSON.stringify(o.interface)}; use one of: ${Object.keys(INTERFACES).join(', ')}.`,
    );
  }
  if (typeof o.accessKey !== 'string' || o.accessKey.length === 0) {
    throw new ConfigError('accessKey must be the non-empty key the reply is expected to be signed with.');
  }
  const spec = INTERFACES[o.interface];
  const { reply } = o;
  const timeLimitMs = o.timeLimitMs ?? PLATFORM_TIME_LIMIT_MS;
  const problems: Problem[] = [];
  const warnings: Problem[] = [];

  if (reply.status !== 200) {
    problems.push(
      createProblem(
        'HTTP_STATUS',
        `The seller answered HTTP ${reply.status}; the platform only accepts HTTP 200.`,
      ),
    );
  }
  if (reply.elapsedMs > timeLimitMs) {
    problems.push(
      createProblem(
        'TIME_LIMIT',
        `The reply took ${Math.round(reply.elapsedMs)} ms; the platform gives up after ${timeLimitMs} ms.`,
      ),
    );
  }
  const contentType = checkContentType(reply.rawHeaders);
  if (contentType) problems.push(contentType);
  appendBodySignProblems(problems, reply.rawHeaders, reply.body, o.accessKey, warnings);

  const parsed = parseObject(reply.body);
  if (!parsed.ok) {
    problems.push(createProblem('BODY_NOT_JSON', parsed.message));
    return { accepted: false, async: false, problems, ...(warnings.length > 0 ? { warnings } : {}) };
  }
  const body = parsed.value;
  const rawCode = body['resultCode'];
  const resultCode = typeof rawCode === 'string' ? rawCode : undefined;
  const isAsync = resultCode === '000004' && ASYNC_INTERFACES.has(o.interface);
  const succeeded = resultCode === '000000' || isAsync;

  appendCommonFieldProblems(problems, body);
  const schema = validateSchema(spec.response, body);
  if (!schema.ok) {
    for (const issue of schema.issues) {
      const problem = issueToProblem(issue, body);
      if (problem === undefined) continue;
      // resultCode / resultMsg are judged above with the platform's own wording.
      if (problem.field === 'resultCode' || problem.field === 'resultMsg') continue;
      // A failure reply need not carry the success payload (e.g. no instanceId with 000005): the call has
      // already failed on its resultCode, and a missing payload field would only be noise.
      if (!succeeded && resultCode !== undefined && problem.code === 'FIELD_MISSING') continue;
      if (!problems.some((p) => p.code === problem.code && p.field === problem.field)) problems.push(problem);
    }
  }
  if (succeeded) {
    const reported = new Set(problems.flatMap((p) => (p.field === undefined ? [] : [p.field])));
    for (const problem of [
      ...rawTextProblems(reply.body, body),
      ...usageInfoProblems(o.interface, body, o.chargingMode),
      ...v1CredentialProblems(o.interface, body, o.accessKey, reported),
    ]) {
      if (!problems.some((p) => p.code === problem.code && p.field === problem.field)) problems.push(problem);
    }
  }
  if (resultCode !== undefined && resultCode.length <= RESULT_CODE_MAX && !succeeded) {
    const msg =
      typeof body['resultMsg'] === 'string' ? ` with resultMsg ${JSON.stringify(body['resultMsg'])}` : '';
    problems.push(
      createProblem(
        'RESULT_CODE',
        `The seller answered resultCode ${describeResultCode(resultCode)}${msg}; the platform counts anything ` +
          `but 000000${ASYNC_INTERFACES.has(o.interface) ? ' or 000004' : ''} as a failed call.`,
        {
          field: 'resultCode',
          hint:
            resultCode === '000004'
              ? `000004 (asynchronous processing) is only allowed on newInstance; ${o.interface} must finish ` +
                'synchronously and answer 000000.'
              : undefined,
        },
      ),
    );
  }

  const verdict: Verdict = {
    accepted: problems.length === 0,
    async: isAsync && problems.length === 0,
    body,
    problems,
  };
  if (warnings.length > 0) verdict.warnings = warnings;
  if (resultCode !== undefined) verdict.resultCode = resultCode;
  return verdict;
}

/** `000005 (other internal error)`, or just the code when it is not a documented one. */
function describeResultCode(code: string): string {
  const info = findResultCode(code);
  return info === undefined ? code : `${code} (${info.meaning})`;
}

const CONTENT_TYPE = 'content-type';

function checkContentType(rawHeaders: ReadonlyArray<readonly [string, string]>): Problem | undefined {
  // The last Content-Type header counts.
  let value: string | undefined;
  for (let i = 0; i < rawHeaders.length; i++) {
    const header = rawHeaders[i] as readonly [string, string];
    const name = header[0];
    if (name.toLowerCase() === CONTENT_TYPE) value = header[1];
  }
  if (value === undefined) {
    return createProblem(
      'CONTENT_TYPE',
      'The reply has no Content-Type header; it must be application/json.',
    );
  }
  if (isCommonJsonContentType(value)) return undefined;
  const [mediaType = '', ...params] = value.split(';').map((s) => s.trim());
  if (mediaType.toLowerCase() !== 'application/json') {
    return createProblem(
      'CONTENT_TYPE',
      `The reply is declared as ${JSON.stringify(value)}; the platform only accepts application/json.`,
    );
  }
  const charset = params.find((p) => /^charset\s*=/i.test(p));
  if (charset !== undefined) {
    const name = charset
      .replace(/^charset\s*=\s*/i, '')
      .replace(/"/g, '')
      .toLowerCase();
    if (name !== 'utf-8' && name !== 'utf8') {
      return createProblem(
        'CONTENT_TYPE',
        `The reply declares charset ${JSON.stringify(name)}; the platform reads replies as UTF-8.`,
        { hint: 'Send UTF-8 and declare `Content-Type: application/json;charset=UTF-8` (or no charset).' },
      );
    }
  }
  return undefined;
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

function parseObject(body: string): Parsed {
  if (body.trim() === '') return { ok: false, message: 'The reply body is empty; it must be a JSON object.' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const excerpt = body.length > 60 ? `${body.slice(0, 60)}…` : body;
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    return { ok: false, message: `The reply body is not JSON (${reason}): ${JSON.stringify(excerpt)}.` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, message: `The reply body is JSON ${kind}; it must be a JSON object.` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * resultCode and resultMsg, present and within length. resultMsg is marked optional in the per-interface
 * tables but §2.3 of the protocol notes ("at least resultCode and resultMsg") and the console check
 * "resultCode/resultMsg parseable" expect it; we follow the stricter reading so a passing reply passes everywhere.
 */
function appendCommonFieldProblems(problems: Problem[], body: Record<string, unknown>): void {
  checkField(problems, body, 'resultCode', RESULT_CODE_MAX);
  const code = body['resultCode'];
  if (typeof code === 'string' && code.length <= RESULT_CODE_MAX && !SIX_DIGITS.test(code)) {
    problems.push(
      createProblem('FIELD_INVALID', `resultCode ${JSON.stringify(code)} is not a six-digit result code.`, {
        field: 'resultCode',
        hint: 'Use one of the documented six-digit codes, e.g. "000000" for success.',
      }),
    );
  }
  checkField(problems, body, 'resultMsg', RESULT_MSG_MAX);
}

const SIX_DIGITS = /^\d{6}$/;

/** One common field: present, a string, at most `max` characters. */
function checkField(problems: Problem[], body: Record<string, unknown>, field: string, max: number): void {
  const value = body[field];
  if (value === undefined || value === null) {
    problems.push(createProblem('FIELD_MISSING', `The reply has no ${field}.`, { field }));
  } else if (typeof value !== 'string') {
    problems.push(
      createProblem('FIELD_INVALID', `${field} is a ${typeof value}; it must be a string.`, {
        field,
        hint: `Send ${field} as a JSON string, e.g. "resultCode":"000000".`,
      }),
    );
  } else if (value.length > max) {
    problems.push(
      createProblem(
        'FIELD_TOO_LONG',
        `${field} is ${value.length} characters long; at most ${max} are accepted.`,
        {
          field,
        },
      ),
    );
  }
}

function issueToProblem(issue: ValidationIssue, body: Record<string, unknown>): Problem | undefined {
  // Extra fields are tolerated: the platform ignores what it does not know.
  if (issue.keyword === 'additionalProperties') return undefined;
  let pointer = issue.path;
  if (issue.keyword === 'required') {
    const missing = /property '([^']+)'/.exec(issue.message)?.[1];
    if (missing !== undefined && !pointer.endsWith(`/${missing}`)) pointer = `${pointer}/${missing}`;
    const field = pointerToField(pointer);
    return createProblem('FIELD_MISSING', `The reply has no ${field}, which is mandatory.`, { field });
  }
  const field = pointerToField(pointer);
  const label = field === '' ? 'The reply body' : field;
  if (issue.keyword === 'maxLength') {
    const value = valueAt(body, pointer);
    const length = typeof value === 'string' ? `${value.length} characters long` : 'too long';
    return createProblem('FIELD_TOO_LONG', `${label} is ${length}; it ${issue.message}.`, { field });
  }
  return createProblem('FIELD_INVALID', `${label} ${issue.message}.`, { field });
}
