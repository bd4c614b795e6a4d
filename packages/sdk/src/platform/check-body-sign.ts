import { canonicalJson, createBodySign, parseBodySign, verifyBodySign } from '../signing';
import { redactSignature } from '../util/redact';
import { createProblem } from './problems';
import type { Problem } from './types';

/** The exact header name the platform looks for (case-sensitive, §7.3). */
export const BODY_SIGN_HEADER = 'Body-Sign';

/**
 * Every Body-Sign problem of a reply: missing header, wrong name case, format (quoted values, HMAC-SHA256) and
 * validity over the exact body bytes. A header sent with the wrong case is still checked for format and validity
 * so the seller learns everything at once. Spacing around the comma other than the recommended single space is
 * not a problem (the documentation only recommends it, §7.3; `judgeReply` reports it as a warning).
 */
export function checkBodySign(
  rawHeaders: ReadonlyArray<readonly [string, string]>,
  body: string,
  accessKey: string,
): Problem[] {
  const problems: Problem[] = [];
  appendBodySignProblems(problems, rawHeaders, body, accessKey);
  return problems;
}

const LOWER_NAME = BODY_SIGN_HEADER.toLowerCase();

/** The documented rendering except for the whitespace around the comma and at the ends. */
const SPACING_ONLY = /^\s*sign_type="HMAC-SHA256"\s*,\s*signature="[^"\s]*"\s*$/;

/**
 * {@link checkBodySign} appending to `problems` (used by `judgeReply`), and to `warnings` (when given) a value that
 * only deviates from the recommended rendering in its spacing. One pass over the headers; lists are only built for
 * the name spellings actually present. Only names of the right length are lower-cased: toLowerCase() turns no name
 * of another length into these 9 ASCII characters.
 */
export function appendBodySignProblems(
  problems: Problem[],
  rawHeaders: ReadonlyArray<readonly [string, string]>,
  body: string,
  accessKey: string,
  warnings?: Problem[],
): void {
  let exact: Array<readonly [string, string]> | undefined;
  let otherCase: Array<readonly [string, string]> | undefined;
  for (let i = 0; i < rawHeaders.length; i++) {
    const header = rawHeaders[i] as readonly [string, string];
    const name = header[0];
    if (name === BODY_SIGN_HEADER) (exact ??= []).push(header);
    else if (name.length === LOWER_NAME.length && name.toLowerCase() === LOWER_NAME)
      (otherCase ??= []).push(header);
  }
  if (exact === undefined && otherCase === undefined) {
    problems.push(createProblem('BODY_SIGN_MISSING', 'The reply has no Body-Sign header.'));
    return;
  }
  if (exact === undefined) {
    const names = [...new Set((otherCase ?? []).map(([name]) => `\`${name}\``))].join(', ');
    problems.push(
      createProblem(
        'BODY_SIGN_HEADER_CASE',
        `The signature header arrived as ${names}; the platform only recognises the exact name \`Body-Sign\` and ` +
          'treats the reply as unsigned.',
      ),
    );
  }
  const candidates = exact ?? otherCase ?? [];
  if (candidates.length > 1) {
    problems.push(
      createProblem(
        'BODY_SIGN_FORMAT',
        `The Body-Sign header was sent ${candidates.length} times; send it once.`,
      ),
    );
    return;
  }
  const value = candidates[0]?.[1] ?? '';
  const parsed = parseBodySign(value);
  if (parsed === null) {
    problems.push(
      createProblem(
        'BODY_SIGN_FORMAT',
        'The Body-Sign value cannot be parsed: expected `sign_type="HMAC-SHA256", signature="<base64>"`.',
      ),
    );
    return;
  }
  if (parsed.signType !== 'HMAC-SHA256') {
    problems.push(
      createProblem(
        'BODY_SIGN_FORMAT',
        `Body-Sign declares sign_type ${JSON.stringify(parsed.signType)}; the platform only accepts "HMAC-SHA256".`,
      ),
    );
  }
  if (!parsed.strict) {
    // The documentation states the quotes are mandatory and only recommends the single space after the comma
    // (§7.3); the platform's tolerance for other spacing is unknown (§15 item 7). So other spacing is a warning,
    // anything else that deviates (unquoted values, order, case, extra parts) a format problem.
    if (SPACING_ONLY.test(value)) {
      warnings?.push(
        createProblem(
          'BODY_SIGN_FORMAT',
          'The Body-Sign value is spaced differently from the documented rendering (one space after the comma); ' +
            "the platform's tolerance for that is undocumented.",
          { hint: 'Send exactly `sign_type="HMAC-SHA256", signature="<base64>"`: comma, then one space.' },
        ),
      );
    } else {
      problems.push(createProblem('BODY_SIGN_FORMAT', describeFormatDeviation(value)));
    }
  }
  if (parsed.signature === '') {
    problems.push(createProblem('BODY_SIGN_FORMAT', 'The Body-Sign value has an empty signature.'));
    return;
  }
  const valid = verifyBodySign(
    accessKey,
    body,
    parsed.strict ? value : `sign_type="HMAC-SHA256", signature="${parsed.signature}"`,
  );
  if (!valid) {
    problems.push(explainMismatch(parsed.signature, body, accessKey));
  }
}

function describeFormatDeviation(value: string): string {
  const unquoted = [];
  if (!/sign_type\s*=\s*"/i.test(value)) unquoted.push('sign_type');
  if (!/signature\s*=\s*"/i.test(value)) unquoted.push('signature');
  if (unquoted.length > 0) {
    return `The Body-Sign value does not put ${unquoted.join(' and ')} in double quotes; both values must be quoted.`;
  }
  return (
    'The Body-Sign value deviates from the documented rendering (spacing, order, letter case or extra parts); ' +
    'send exactly `sign_type="HMAC-SHA256", signature="<base64>"`.'
  );
}

/** Works out why a well-formed signature does not match, to give the most useful hint. */
function explainMismatch(signature: string, body: string, accessKey: string): Problem {
  const shown = redactSignature(signature);
  const expectedFor = (data: string): string =>
    parseBodySign(createBodySign(accessKey, data))?.signature ?? '';
  const expected = expectedFor(body);
  if (
    /^[0-9a-f]{64}$/i.test(signature) &&
    Buffer.from(expected, 'base64').toString('hex') === signature.toLowerCase()
  ) {
    return createProblem('BODY_SIGN_INVALID', `Body-Sign signature ${shown} is hex-encoded.`, {
      hint: 'Encode the HMAC-SHA256 result with standard Base64 (with padding), not hex.',
    });
  }
  for (const [label, data] of reserialisations(body)) {
    if (data !== body && expectedFor(data) === signature) {
      return createProblem(
        'BODY_SIGN_INVALID',
        `Body-Sign signature ${shown} was computed over ${label}, not over the bytes actually sent.`,
        {
          hint:
            'Compute it over the exact bytes you send; you signed a different serialisation. Serialise the body ' +
            'once, sign that string and send that same string.',
        },
      );
    }
  }
  return createProblem(
    'BODY_SIGN_INVALID',
    `Body-Sign signature ${shown} does not match the reply body under the access key bound to this interface.`,
    {
      hint:
        'The body was signed with a different key (or different data): use the key bound to this production ' +
        'interface in the seller console (kit interfaces may use a separate key) and sign the exact bytes you send.',
    },
  );
}

/** Plausible other serialisations a seller may have signed instead of the bytes sent. */
function reserialisations(body: string): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['the body without surrounding whitespace', body.trim()],
    ['the body plus a trailing newline', `${body}\n`],
    ['an empty body', ''],
  ];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return out;
  }
  const compact = JSON.stringify(parsed);
  out.push(['a compact re-serialisation of the body', compact]);
  out.push(['an indented re-serialisation of the body', JSON.stringify(parsed, null, 2)]);
  out.push(['an indented re-serialisation of the body', JSON.stringify(parsed, null, 4)]);
  out.push(['an indented re-serialisation of the body', JSON.stringify(parsed, null, '\t')]);
  out.push(['a re-serialisation with non-ASCII characters escaped', escapeNonAscii(compact)]);
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    out.push(['a re-serialisation with sorted keys', canonicalJson(parsed as Record<string, unknown>)]);
  }
  return out;
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
