/**
 * `koogallery-mock call <activity>`: play the platform against a seller once — build and sign the production call
 * exactly as KooGallery does, send it, print the request, the reply and the platform's verdict with a hint for
 * every problem. Exit 0 when the platform would accept the reply, 1 when it would not, 2 on usage errors and when
 * the seller cannot be reached (docs/exit-codes.md).
 */
import { parseArgs } from 'node:util';
import {
  ConfigError,
  INTERFACES,
  KooGalleryError,
  ValidationError,
  describeIssues,
  validateSchema,
  type InterfaceName,
} from '@koogallery-kit/sdk';
import {
  callReportToJson,
  createPlatformCaller,
  formatCallReport,
  redactSecret,
  type Transport,
} from '@koogallery-kit/sdk/platform';
import { UsageError, helpPointer, parseArgsSentence, unknownOption } from './usage-error';

/** Where the command writes; `env` (default `process.env`) supplies keys given as environment variables. */
export interface CallCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
  /** Transport override, for tests and embedding. Default: the SDK's axios transport. */
  transport?: Transport;
}

/** Environment variable read when `--key` is not given (keeps the key out of shell history and `ps`). */
export const KEY_ENV = 'KOOGALLERY_ACCESS_KEY';
/** Environment variable read when `--kit-key` is not given. */
export const KIT_KEY_ENV = 'KOOGALLERY_KIT_ACCESS_KEY';

const MAX_TIMEOUT_MS = 600_000;

const OPTIONS = {
  'seller-url': { type: 'string' },
  key: { type: 'string' },
  'kit-key': { type: 'string' },
  body: { type: 'string' },
  'test-flag': { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type KnownOption = keyof typeof OPTIONS;

/** Text printed by `koogallery-mock call --help`. */
export function callHelpText(): string {
  const names = Object.keys(INTERFACES) as InterfaceName[];
  const byFamily = (family: string): string =>
    names.filter((n) => INTERFACES[n].family === family).join(', ') || '(none)';
  return `Usage: koogallery-mock call <activity> --seller-url URL --key KEY [options] [--<field> VALUE ...]

Sends one production-interface call to your seller endpoint exactly as KooGallery does (signed with the
current time), then prints the request, your reply and the platform's verdict, with a fix for every problem.

Activities
  basic (V2)   ${byFamily('basic')}
  kit          ${byFamily('kit')}
  licence      ${byFamily('licence')}
  legacy V1    ${byFamily('v1')}

Options
  --seller-url URL   your registered production URL (kit calls go to URL/produceAPI/v2/<activity>)
  --key KEY          the key bound to the interface (default: $${KEY_ENV})
  --kit-key KEY      a separate key for the kit interfaces (default: $${KIT_KEY_ENV}, else --key)
  --body JSON        request fields as one JSON object; field flags override its entries
  --<field> VALUE    one request field, e.g. --instance-id X or --instanceId X; JSON values such as
                     numbers or arrays are used as JSON where the field is not a string
  --test-flag 1      mark the call as a console debugging call (testFlag)
  --timeout MS       how long to wait for your reply, 1..${MAX_TIMEOUT_MS} (default 5000)
  --json             print one JSON object {request, reply, verdict} instead of text
  -h, --help         show this help

Defaults: newInstance gets a fresh businessId; orderLineId defaults to <orderId>-000001; kit calls get
timeStamp (UTC+8), empty instanceId/orderId and testFlag 0.

Exit status: 0 the platform would accept the reply, 1 it would not, 2 usage error or the seller cannot be
reached (130 when Ctrl-C interrupts it). Table: docs/exit-codes.md.

Examples
  koogallery-mock call queryInstance --seller-url https://seller.example.com/produce --instance-id i-1,i-2
  koogallery-mock call newInstance --seller-url http://127.0.0.1:8080/produce --order-id CS1 --test-flag 1 --json
`;
}

interface ParsedCommand {
  help: boolean;
  activity?: string;
  options: Partial<Record<KnownOption, string | boolean>>;
  /** Field flags in the order given: [field name, raw value, flag as typed]. */
  fields: Array<[string, string, string]>;
}

/** `instance-id` → `instanceId`; `instanceId` stays. */
function toFieldName(flag: string): string {
  return flag.replace(/-+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const args = argv[0] === 'call' ? argv.slice(1) : [...argv];
  let tokens;
  try {
    ({ tokens } = parseArgs({ args, options: OPTIONS, strict: false, allowPositionals: true, tokens: true }));
  } catch (error) {
    throw new UsageError(parseArgsSentence('call', error), true);
  }
  const parsed: ParsedCommand = { help: false, options: {}, fields: [] };
  const positionals: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) continue;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const name = token.name;
    if (Object.prototype.hasOwnProperty.call(OPTIONS, name)) {
      const known = name as KnownOption;
      if (OPTIONS[known].type === 'boolean') {
        if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value.`);
        if (known === 'help') parsed.help = true;
        else parsed.options[known] = true;
        continue;
      }
      if (typeof token.value !== 'string') throw new UsageError(`${token.rawName} needs a value.`);
      parsed.options[known] = token.value;
      continue;
    }
    if (!token.rawName.startsWith('--')) throw new UsageError(unknownOption('call', token.rawName), true);
    let value = token.inlineValue ? token.value : undefined;
    if (value === undefined) {
      const next = tokens[i + 1];
      if (next?.kind !== 'positional') {
        throw new UsageError(`${token.rawName} needs a value, e.g. ${token.rawName} VALUE.`);
      }
      value = next.value;
      i++;
    }
    const field = toFieldName(name);
    if (field === '' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) {
      throw new UsageError(`${token.rawName} is not a request field name.`);
    }
    parsed.fields.push([field, value ?? '', token.rawName]);
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(positionals[1])}: give one activity, and every field as --<field> VALUE.`,
    );
  }
  if (positionals[0] !== undefined) parsed.activity = positionals[0];
  return parsed;
}

function resolveActivity(activity: string | undefined): InterfaceName {
  const names = Object.keys(INTERFACES) as InterfaceName[];
  if (activity === undefined) {
    throw new UsageError(`Missing <activity>: one of ${names.join(', ')}.`);
  }
  const exact = names.find((n) => n === activity);
  if (exact !== undefined) return exact;
  const folded = names.find((n) => n.toLowerCase() === activity.toLowerCase());
  if (folded !== undefined) return folded;
  throw new UsageError(`Unknown activity ${JSON.stringify(activity)}: use one of ${names.join(', ')}.`);
}

function parseBodyFlag(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new UsageError(
      `--body is not valid JSON (${reason}); pass one JSON object, e.g. --body '{"instanceId":"i-1"}'.`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(
      '--body must be a JSON object of request fields, e.g. --body \'{"instanceId":"i-1"}\'.',
    );
  }
  return value as Record<string, unknown>;
}

function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1 || n > MAX_TIMEOUT_MS) {
    throw new UsageError(
      `--timeout must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${JSON.stringify(text)}.`,
    );
  }
  return n;
}

/**
 * Flag values arrive as strings. Where the interface's schema wants another type for a field given as a flag
 * (kit `flag`/`testFlag` integers, `userList` arrays...), the value is read as JSON instead.
 */
function coerceFlagValues(
  name: InterfaceName,
  body: Record<string, unknown>,
  fromFlags: ReadonlySet<string>,
): Record<string, unknown> {
  const spec = INTERFACES[name];
  const probe = spec.family === 'kit' ? body : { ...body, activity: spec.activity };
  const result = validateSchema(spec.request, probe);
  if (result.ok) return body;
  const out = { ...body };
  for (const issue of result.issues) {
    if (issue.keyword !== 'type') continue;
    const field = /^\/([^/]+)$/.exec(issue.path)?.[1];
    if (field === undefined || !fromFlags.has(field) || typeof out[field] !== 'string') continue;
    try {
      out[field] = JSON.parse(out[field]) as unknown;
    } catch {
      // Not JSON either: keep the string and let validation name the field.
    }
  }
  return out;
}

function flagFor(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Runs `koogallery-mock call …`. `argv` are the arguments after the program name, with or without the leading
 * `call`. Resolves to the exit code (docs/exit-codes.md): 0 accepted, 1 rejected (a wrong answer or a time-out),
 * 2 usage error or a seller that cannot be reached at all. The keys never appear in the output.
 */
export async function runCallCommand(argv: string[], io: CallCommandIo): Promise<number> {
  const env = io.env ?? process.env;
  let secrets: string[] = [];
  let json = argv.includes('--json');
  const scrub = (text: string): string =>
    secrets.reduce((acc, s) => (s.length > 0 ? acc.split(s).join(redactSecret(s)) : acc), text);
  const usage = (error: Error): number => {
    const message = error.message;
    io.stderr(`koogallery-mock call: ${scrub(message)}\n`);
    if (json)
      io.stdout(`${JSON.stringify({ error: { code: 'USAGE', message: scrub(message) } }, null, 2)}\n`);
    else io.stderr(helpPointer('call', error));
    return 2;
  };
  try {
    const parsed = parseCommandLine(argv);
    const keyFromEnv = env[KEY_ENV];
    const kitKeyFromEnv = env[KIT_KEY_ENV];
    const key = typeof parsed.options.key === 'string' ? parsed.options.key : keyFromEnv;
    const kitKey =
      typeof parsed.options['kit-key'] === 'string' ? parsed.options['kit-key'] : kitKeyFromEnv || undefined;
    secrets = [key, kitKey].filter((s): s is string => typeof s === 'string' && s.length > 0);
    json = parsed.options.json === true;
    if (parsed.help) {
      io.stdout(callHelpText());
      return 0;
    }
    const name = resolveActivity(parsed.activity);
    const sellerUrl = parsed.options['seller-url'];
    if (typeof sellerUrl !== 'string' || sellerUrl === '') {
      throw new UsageError('Missing --seller-url: the production URL registered in the seller console.');
    }
    if (key === undefined || key === '') {
      throw new UsageError(`Missing --key: the key bound to the interface (or set ${KEY_ENV}).`);
    }
    const timeoutMs = parseTimeout(
      typeof parsed.options.timeout === 'string' ? parsed.options.timeout : undefined,
    );
    let fields: Record<string, unknown> =
      typeof parsed.options.body === 'string' ? parseBodyFlag(parsed.options.body) : {};
    const fromFlags = new Set<string>();
    for (const [field, value] of parsed.fields) {
      fields[field] = value;
      fromFlags.add(field);
    }
    const testFlag = parsed.options['test-flag'];
    if (typeof testFlag === 'string') {
      if (testFlag !== '0' && testFlag !== '1')
        throw new UsageError(`--test-flag must be 0 or 1, got ${JSON.stringify(testFlag)}.`);
      fields['testFlag'] = testFlag;
      fromFlags.add('testFlag');
    }
    fields = coerceFlagValues(name, fields, fromFlags);

    const caller = createPlatformCaller({
      sellerUrl,
      accessKey: key,
      ...(kitKey ? { kitAccessKey: kitKey } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(io.transport ? { transport: io.transport } : {}),
    });
    let result;
    try {
      result = await caller.call(name, fields);
    } catch (error) {
      if (error instanceof ValidationError) {
        const lines = error.issues.map((issue) => {
          const field = /^\/([^/]+)/.exec(issue.path)?.[1];
          const how = field === undefined ? '' : ` (set it with ${flagFor(field)} VALUE or in --body)`;
          return `  ${describeIssues([issue])}${how}`;
        });
        throw new UsageError(`The ${name} request is invalid:\n${lines.join('\n')}`);
      }
      throw error;
    }
    if (json) io.stdout(`${JSON.stringify(callReportToJson(result, { secrets }), null, 2)}\n`);
    else io.stdout(formatCallReport(result, { secrets }));
    if (result.verdict.accepted) return 0;
    return result.reply === undefined && result.verdict.problems.some((p) => p.code === 'UNREACHABLE')
      ? 2
      : 1;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof ValidationError) {
      return usage(error);
    }
    const message =
      error instanceof KooGalleryError
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    io.stderr(`koogallery-mock call: unexpected failure: ${scrub(message)}\n`);
    if (json)
      io.stdout(`${JSON.stringify({ error: { code: 'INTERNAL', message: scrub(message) } }, null, 2)}\n`);
    return 1;
  }
}
