/**
 * `koogallery-mock trigger <action> …`: drives a running mock through its admin API — buyer lifecycle actions
 * (purchase, renew, unsubscribe…), joint-operations kit events (create-app-credential, bind-tenant,
 * authorize-users…), the virtual clock (advance 40d), job restarts — and reads what it holds (tenants, the usage
 * log of an instance), then prints what happened, naming the mock it talked to. Exit 0 when the mock performed
 * the action, 1 when it refused it or the seller failed the kit idempotency check, 2 on usage errors (including a
 * 400 from the mock: the message names the field) and when no mock answers at the URL (docs/exit-codes.md).
 * Times are business time with their zone, as the console shows them (`2025-03-10 10:00:00 UTC+08:00`).
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { ConnectionError } from '@koogallery-kit/sdk';
import { isObject, redactSecret } from '@koogallery-kit/sdk/platform';
import { CONFIG_ENV } from '../../config/load-config';
import { formatZonedTime } from '../../delivery/attempt-log';
import { MockAdminError, createMockAdminClient } from '../../contract/remote/admin-client';
import { ADMIN_ACTIONS, resolveActionName } from '../../http/admin/actions';
import { EXIT, triggerHelpText, type CliIo } from './help';
import { MOCK_URL_ENV, mockBaseUrl, refusalText } from './mock-target';
import { UsageError, helpPointer, negativeDuration, parseArgsSentence, unknownOption } from './usage-error';
import {
  SETTLEMENT_READS,
  describeSettlement,
  describeSettlementList,
  settlementRequest,
} from './trigger-settlement';

/** I/O of the trigger command. */
export interface TriggerCommandIo extends CliIo {
  /** HTTP client. Default the global `fetch`. */
  fetch?: typeof fetch;
}

export { MOCK_URL_ENV };

const OPTIONS = {
  url: { type: 'string' },
  'admin-token': { type: 'string' },
  json: { type: 'boolean' },
  'no-deliver': { type: 'boolean' },
  unpaid: { type: 'boolean' },
  'with-retries': { type: 'boolean' },
  data: { type: 'string' },
  'request-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type KnownOption = keyof typeof OPTIONS;

/** Short flag names for common fields. */
const ALIASES: Readonly<Record<string, string>> = {
  product: 'productCode',
  sku: 'skuCode',
  instance: 'ref',
  order: 'orderId',
  buyer: 'buyerId',
  tenant: 'tenantId',
  quantity: 'linearValue',
  periods: 'periodNumber',
  bill: 'billId',
};
const NUMBER_FIELDS = new Set([
  'periodNumber',
  'linearValue',
  'value',
  'customerType',
  'gracePeriodDays',
  'flag',
  'deductionDays',
  'balance',
]);
const BOOLEAN_FIELDS = new Set(['trial', 'autoPay', 'enabled', 'all', 'creditCoupon', 'creditLimit']);
const JSON_FIELDS = new Set([
  'items',
  'extendParams',
  'body',
  'schedule',
  'users',
  'orgs',
  'documents',
  'creditLimitWhitelist',
]);
/** Actions the buyer pays for: paid at once unless --unpaid. */
const PAID_ACTIONS = new Set(['purchase', 'renew', 'trial-to-formal', 'upgrade', 'renew-with-change']);
/** Commands that are not buyer actions. */
const CONTROL = [
  'advance',
  'advance-to',
  'next-job',
  'advance-to-next-job',
  'restart',
  'retry-now',
  'relist',
  'reset',
  'tenants',
  'tenant',
  'usage-log',
  'supervisions',
  'supervision',
  'licences',
  ...SETTLEMENT_READS,
];

/** Content types of the delivery documents `--document FILE` uploads, by extension. */
const DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.zip': 'application/zip',
};

/** `--document FILE` (repeatable): the file as a delivery document of confirm-completion, base64 in JSON. */
function documentOf(path: string): Record<string, string> {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    throw new UsageError(
      `--document ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  return {
    name: basename(path),
    contentType: DOCUMENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    contentBase64: content.toString('base64'),
  };
}

/** `instance-id` → `instanceId`. */
const camel = (flag: string): string => flag.replace(/-+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());

interface Parsed {
  help: boolean;
  options: Partial<Record<KnownOption, string | boolean>>;
  positionals: string[];
  fields: Array<[field: string, value: string | true, flag: string]>;
}

function parse(argv: readonly string[]): Parsed {
  const args = argv[0] === 'trigger' ? argv.slice(1) : [...argv];
  // `advance -5d` would otherwise read as the options -5 and -d.
  const at = args.findIndex((a) => a === 'advance');
  const negative = at < 0 ? undefined : negativeDuration('advance', args[at + 1]);
  if (negative !== undefined) throw new UsageError(negative);
  let tokens;
  try {
    ({ tokens } = parseArgs({ args, options: OPTIONS, strict: false, allowPositionals: true, tokens: true }));
  } catch (error) {
    throw new UsageError(parseArgsSentence('trigger', error), true);
  }
  const out: Parsed = { help: false, options: {}, positionals: [], fields: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      out.positionals.push(t.value);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(OPTIONS, t.name)) {
      const name = t.name as KnownOption;
      if (OPTIONS[name].type === 'boolean') {
        if (t.inlineValue) throw new UsageError(`${t.rawName} takes no value.`);
        if (name === 'help') out.help = true;
        else out.options[name] = true;
      } else {
        if (typeof t.value !== 'string') throw new UsageError(`${t.rawName} needs a value.`);
        out.options[name] = t.value;
      }
      continue;
    }
    if (!t.rawName.startsWith('--')) throw new UsageError(unknownOption('trigger', t.rawName), true);
    const field = ALIASES[t.name] ?? camel(t.name);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new UsageError(`${t.rawName} is not a field name.`);
    if (BOOLEAN_FIELDS.has(field) && !t.inlineValue) {
      out.fields.push([field, true, t.rawName]);
      continue;
    }
    let value = t.inlineValue ? t.value : undefined;
    if (value === undefined) {
      const next = tokens[i + 1];
      if (next?.kind !== 'positional')
        throw new UsageError(`${t.rawName} needs a value, e.g. ${t.rawName} VALUE.`);
      value = next.value;
      i++;
    }
    out.fields.push([field, value ?? '', t.rawName]);
  }
  return out;
}

/** A field flag's value in the type the admin API expects. */
function typed(field: string, value: string | true, flag: string): unknown {
  if (value === true) return true;
  if (BOOLEAN_FIELDS.has(field)) {
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new UsageError(`${flag} is true or false, got ${JSON.stringify(value)}.`);
  }
  if (NUMBER_FIELDS.has(field) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (JSON_FIELDS.has(field)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new UsageError(`${flag} must be JSON, e.g. ${flag} '[{"name":"x","value":"y"}]'.`);
    }
  }
  return value;
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  /** JSON body of a POST. */
  body?: Record<string, unknown>;
  query?: Record<string, string>;
}

/** Builds the admin request for the command line. */
function buildRequest(p: Parsed): Request {
  const [name, ...rest] = p.positionals;
  if (name === undefined) {
    throw new UsageError(
      `Missing <action>: one of ${[...Object.keys(ADMIN_ACTIONS), ...CONTROL].join(', ')}.`,
    );
  }
  let body: Record<string, unknown> = {};
  if (typeof p.options.data === 'string') {
    let data: unknown;
    try {
      data = JSON.parse(p.options.data);
    } catch {
      throw new UsageError('--data must be one JSON object, e.g. --data \'{"productCode":"crm"}\'.');
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new UsageError('--data must be one JSON object, e.g. --data \'{"productCode":"crm"}\'.');
    }
    body = { ...(data as Record<string, unknown>) };
  }
  for (const [field, value, flag] of p.fields) {
    if (field === 'document') {
      if (value === true) throw new UsageError(`${flag} needs a file, e.g. ${flag} acceptance.pdf.`);
      body.documents = [...((body.documents as unknown[] | undefined) ?? []), documentOf(value)];
    } else body[field] = typed(field, value, flag);
  }
  const extra = (allowed: number): void => {
    if (rest.length > allowed) throw new UsageError(`Unexpected argument ${JSON.stringify(rest[allowed])}.`);
  };
  const only = (allowed: string[]): void => {
    for (const k of Object.keys(body)) {
      if (!allowed.includes(k)) {
        throw new UsageError(
          `${name} takes ${allowed.length === 0 ? 'no fields' : allowed.map((a) => `--${a}`).join(', ')}; remove --${k}.`,
        );
      }
    }
  };

  switch (name) {
    case 'advance': {
      extra(1);
      const by = rest[0] ?? body.by ?? body.ms;
      if (by === undefined)
        throw new UsageError('advance needs a duration, e.g. `trigger advance 1h` or `advance 40d`.');
      only(['by', 'ms']);
      return { method: 'POST', path: '/clock/advance', body: { by: paramText(by) } };
    }
    case 'advance-to': {
      extra(1);
      const time = rest[0] ?? body.time;
      if (time === undefined)
        throw new UsageError('advance-to needs a time, e.g. `trigger advance-to 2025-06-01T00:00:00Z`.');
      only(['time']);
      return { method: 'POST', path: '/clock/advance-to', body: { time } };
    }
    case 'next-job':
    case 'advance-to-next-job':
      extra(0);
      only([]);
      return { method: 'POST', path: '/clock/advance-to-next-job', body: {} };
    case 'restart':
    case 'retry-now': {
      extra(1);
      const job = rest[0] ?? body.job;
      if (typeof job !== 'string') throw new UsageError(`${name} needs the job id: --job J000001.`);
      only(['job']);
      const payload = name === 'restart' && p.options['with-retries'] === true ? { withRetries: true } : {};
      return { method: 'POST', path: `/jobs/${encodeURIComponent(job)}/${name}`, body: payload };
    }
    case 'relist': {
      extra(1);
      const product = rest[0] ?? body.productCode;
      if (typeof product !== 'string') throw new UsageError('relist needs the product: --product crm.');
      only(['productCode']);
      return { method: 'POST', path: `/products/${encodeURIComponent(product)}/relist`, body: {} };
    }
    case 'reset':
      extra(0);
      only([]);
      return { method: 'POST', path: '/reset', body: {} };
    case 'tenants': {
      extra(0);
      only(['state', 'instanceRef', 'ref']);
      const params = new URLSearchParams();
      if (body.state !== undefined) params.set('state', paramText(body.state));
      const ref = body.ref ?? body.instanceRef;
      if (ref !== undefined) params.set('instanceRef', paramText(ref));
      return { method: 'GET', path: '/tenants', query: Object.fromEntries(params) };
    }
    case 'tenant': {
      extra(1);
      const tenant = rest[0] ?? body.tenantId;
      if (typeof tenant !== 'string') throw new UsageError('tenant needs the tenant id: --tenant ID.');
      only(['tenantId']);
      return { method: 'GET', path: `/tenants/${encodeURIComponent(tenant)}` };
    }
    case 'supervisions':
      extra(0);
      only([]);
      return { method: 'GET', path: '/supervisions' };
    case 'supervision': {
      extra(1);
      const order = rest[0] ?? body.orderId;
      if (typeof order !== 'string') throw new UsageError('supervision needs the order: --order ID.');
      only(['orderId']);
      return { method: 'GET', path: `/supervisions/${encodeURIComponent(order)}` };
    }
    case 'licences':
      extra(0);
      only([]);
      return { method: 'GET', path: '/licences' };
    case 'usage-log': {
      extra(1);
      const ref = rest[0] ?? body.ref;
      if (typeof ref !== 'string') {
        throw new UsageError('usage-log needs the instance: --instance I000001 (or the seller instanceId).');
      }
      only(['ref']);
      return { method: 'GET', path: `/instances/${encodeURIComponent(ref)}/usage` };
    }
    default: {
      if (SETTLEMENT_READS.includes(name)) return settlementRequest(name, rest, body);
      const action = resolveActionName(name);
      if (action === undefined) {
        throw new UsageError(
          `Unknown action ${JSON.stringify(name)}: use one of ${[...Object.keys(ADMIN_ACTIONS), ...CONTROL].join(', ')}.`,
        );
      }
      extra(0);
      if (PAID_ACTIONS.has(action) && body.autoPay === undefined) body.autoPay = p.options.unpaid !== true;
      return {
        method: 'POST',
        path: `/actions/${action}`,
        body,
        ...(p.options['no-deliver'] === true ? { query: { deliver: 'false' } } : {}),
      };
    }
  }
}

/** A query or body value given on the command line (or in `--body` JSON) as text: strings as they are, else JSON. */
function paramText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** One line for a record the admin API returned. */
function describeRecord(v: unknown): string {
  if (!isObject(v)) return JSON.stringify(v);
  const settlement = describeSettlement(v);
  if (settlement !== undefined) return settlement;
  if (typeof v.orderId === 'string' && typeof v.orderType === 'string') {
    const refs =
      Array.isArray(v.instanceRefs) && v.instanceRefs.length > 0
        ? `, instance(s) ${v.instanceRefs.join(', ')}`
        : '';
    return `order ${v.orderId} (${v.orderType}) ${String(v.state)}${typeof v.cancelReason === 'string' && v.cancelReason !== '' ? ` — ${v.cancelReason}` : ''}${refs}`;
  }
  if (typeof v.ref === 'string' && 'chargingMode' in v) {
    const expires = typeof v.expireAt === 'number' ? `, expires ${formatZonedTime(v.expireAt)}` : '';
    return `instance ${v.ref}${typeof v.instanceId === 'string' && v.instanceId !== '' ? ` (${v.instanceId})` : ''} ${String(v.state)}${expires}`;
  }
  if (v.kind === 'supervision' && isObject(v.data)) {
    const d = v.data;
    return `supervision of order ${String(v.id)} (${String(d.type)}): ${String(d.node)}, ${Array.isArray(d.documents) ? d.documents.length : 0} document(s), ${String(d.rejections)} rejection(s)`;
  }
  if (v.kind === 'autoRenewal' && isObject(v.data)) {
    const next = typeof v.dueAt === 'number' ? `, next charge ${new Date(v.dueAt).toISOString()}` : '';
    const attempts = Array.isArray(v.data.attempts) ? v.data.attempts.length : 0;
    return `auto-renewal of ${String(v.id)}: ${v.data.enabled ? `on, ${String(v.data.deductionDays)} days before expiry` : 'off'}${next}, ${attempts} attempt(s)`;
  }
  if (v.kind === 'buyerBalance' && isObject(v.data)) {
    return `balance of buyer ${String(v.id)}: ${typeof v.data.balance === 'number' ? String(v.data.balance) : 'unlimited'}`;
  }
  if (typeof v.nodeLabel === 'string' && typeof v.orderId === 'string') {
    return `supervision of order ${v.orderId} (${String(v.type)}): ${String(v.node)} — ${v.nodeLabel}; order ${String(v.orderState)}`;
  }
  if (typeof v.license === 'string' && typeof v.order_id === 'string') {
    return `licence ${v.license} of order ${v.order_id}: ${v.status === 'ALIVE' ? `activated ${String(v.activate_time)}` : v.received ? 'claimed, not activated' : 'not claimed'}`;
  }
  if (typeof v.customerId === 'string') return `buyer ${v.customerId} (${String(v.customerName)})`;
  if (typeof v.tenantId === 'string' && typeof v.tenantCode === 'string') return describeTenant(v);
  if (typeof v.tenantId === 'string' && Array.isArray(v.steps)) {
    const steps = v.steps as Array<Record<string, unknown>>;
    const lines = steps.map((st) => {
      const problems = Array.isArray(st.problems) ? (st.problems as Array<Record<string, unknown>>) : [];
      const why = problems.map((p) => `${String(p.code)}: ${String(p.message)}`).join('; ');
      return `\n  ${st.accepted ? '✓' : '✗'} ${String(st.step)} (${String(st.jobId)}${typeof st.resultCode === 'string' && st.resultCode !== '' ? `, resultCode ${st.resultCode}` : ''})${why ? ` — ${why}` : ''}`;
    });
    return `kit idempotency of tenant ${v.tenantId}: ${v.passed ? 'passed' : 'FAILED — every repeated add and delete must succeed'}${lines.join('')}`;
  }
  if (typeof v.id === 'string' && typeof v.interface === 'string') return describeJob(v);
  if (typeof v.productCode === 'string' && 'delisted' in v) {
    return `product ${v.productCode}: ${v.delisted ? 'delisted' : 'listed'}${v.tradingFrozen ? ', trading frozen' : ''}`;
  }
  if ('accepted' in v && 'check' in v) {
    return `change ${v.accepted ? 'allowed' : 'refused'} by the seller${isObject(v.order) ? `; ${describeRecord(v.order)}` : ''}`;
  }
  if ('accepted' in v && 'reported' in v) {
    return `resource page: call ${v.accepted ? 'accepted' : 'failed'}, instance ${v.reported ? 'reported' : 'not reported'}${isObject(v.appInfo) ? `, appInfo ${JSON.stringify(v.appInfo)}` : ''}`;
  }
  return JSON.stringify(v);
}

function describeTenant(t: Record<string, unknown>): string {
  const users = Array.isArray(t.users) ? t.users.length : 0;
  const orgs = Array.isArray(t.orgs) ? t.orgs.length : 0;
  const bound = typeof t.instanceRef === 'string' ? `, bound to ${t.instanceRef}` : ', seller credential';
  return `tenant ${String(t.tenantId)} ${String(t.tenantCode)} (${String(t.name)}) ${String(t.state)}${bound}, ${users} user(s), ${orgs} department(s), domain ${String(t.domainName)}`;
}

/** The usage log of an instance, one line per record. */
function describeUsage(u: Record<string, unknown>): string {
  const items = Array.isArray(u.items) ? (u.items as Array<Record<string, unknown>>) : [];
  const usage = isObject(u.usage) ? u.usage : {};
  const head = `usage of instance ${String(u.ref)}${typeof u.instanceId === 'string' && u.instanceId !== '' ? ` (${u.instanceId})` : ''}: total ${typeof usage.total === 'number' ? usage.total : 0} in ${typeof usage.records === 'number' ? usage.records : 0} record(s)`;
  const lines = items.map(
    (e) =>
      `  ${String(e.metering_sn)}  ${String(e.begin_time)} → ${String(e.end_time)}  ${String(e.usage_value)}${typeof e.relate_pkg_instance === 'string' && e.relate_pkg_instance !== '' ? `  (package ${e.relate_pkg_instance})` : ''}`,
  );
  const shown =
    typeof u.total === 'number' && u.total > items.length ? `\n  … ${u.total - items.length} more` : '';
  return `${head}${lines.length > 0 ? `\n${lines.join('\n')}` : '\n  (no usage pushed yet)'}${shown}`;
}

function describeJob(j: Record<string, unknown>): string {
  const problems = Array.isArray(j.lastProblems) ? (j.lastProblems as Array<Record<string, unknown>>) : [];
  const why =
    j.state !== 'SUCCEEDED' && problems.length > 0
      ? ` — ${problems.map((p) => `${String(p.code)}: ${String(p.message)}`).join('; ')}`
      : '';
  const next =
    j.state === 'PENDING' && typeof j.nextAttemptAt === 'number'
      ? `, next attempt ${formatZonedTime(j.nextAttemptAt)}`
      : '';
  return `${String(j.id)} ${String(j.interface)} ${String(j.state)} after ${String(j.attemptCount)} attempt(s)${next}${why}`;
}

/**
 * One production call a clock move caused: `J000004 updateInstanceStatus FREEZE instance I000001 (inst-1)
 * attempt #1 SUCCEEDED resultCode 000000`.
 */
function describeCall(c: Record<string, unknown>): string {
  const status = typeof c.status === 'string' ? ` ${c.status}` : '';
  const instance =
    typeof c.instanceRef === 'string'
      ? ` instance ${c.instanceRef}${typeof c.instanceId === 'string' ? ` (${c.instanceId})` : ''}`
      : '';
  const code = typeof c.resultCode === 'string' ? ` resultCode ${c.resultCode}` : '';
  return `${String(c.jobId)} ${String(c.interface)}${status}${instance} attempt #${String(c.attempt)} ${String(c.result)}${code}`;
}

/** Human summary of a successful answer. */
function summarize(req: Request, answer: unknown): string {
  if (Array.isArray(answer)) {
    if (answer.length === 0) return `no ${req.path.slice(1)} yet\n`;
    return `${answer.map((v) => describeRecord(v)).join('\n')}\n`;
  }
  if (!isObject(answer)) return `${JSON.stringify(answer)}\n`;
  if (req.path.startsWith('/clock')) {
    const clock = isObject(answer.clock) ? answer.clock : {};
    const now = formatZonedTime(Number(clock.now));
    if (answer.ran === false) return `nothing is scheduled; business time stays ${now}\n`;
    const next =
      typeof clock.nextDueAt === 'number'
        ? `; next due ${formatZonedTime(clock.nextDueAt)}`
        : '; nothing else scheduled';
    const calls = Array.isArray(answer.calls) ? (answer.calls as Array<Record<string, unknown>>) : [];
    const lines = calls.map((c) => `\n  ${describeCall(c)}`);
    const caused = calls.length === 0 ? '\n  no production call was due' : lines.join('');
    return `business time ${formatZonedTime(Number(answer.from))} → ${now} (${String(answer.steps)} step(s) with due work)${next}${caused}\n`;
  }
  if (req.path === '/reset') return 'the mock was reset: no orders, instances, jobs or buyers remain\n';
  if (req.method === 'GET' && req.path.endsWith('/usage')) return `${describeUsage(answer)}\n`;
  const settlementList = req.method === 'GET' ? describeSettlementList(req.path, answer) : undefined;
  if (settlementList !== undefined) return settlementList;
  if (req.method === 'GET' && req.path === '/tenants') {
    const items = Array.isArray(answer.items) ? (answer.items as Array<Record<string, unknown>>) : [];
    if (items.length === 0) return 'no tenants yet (create-app-credential or bind-tenant creates one)\n';
    return `${items.map((t) => describeTenant(t)).join('\n')}\n`;
  }
  if (req.path.startsWith('/jobs/')) {
    const attempts = Array.isArray(answer.attempts)
      ? (answer.attempts as Array<Record<string, unknown>>)
      : [];
    const last = attempts[attempts.length - 1];
    return `${describeJob(answer)}${last ? `\n  last attempt #${String(last.no)} ${String(last.state)}` : ''}\n`;
  }
  if (typeof answer.action === 'string') {
    const lines = !Array.isArray(answer.result)
      ? [`${answer.action}: ${describeRecord(answer.result)}`]
      : answer.action === 'probe-now'
        ? [`${answer.action}: ${answer.result.length} call(s)`]
        : [
            `${answer.action}: ${answer.result.length} record(s)`,
            ...answer.result.map((r) => `  ${describeRecord(r)}`),
          ];
    for (const j of Array.isArray(answer.jobs) ? answer.jobs : [])
      lines.push(`  ${describeJob(j as Record<string, unknown>)}`);
    return `${lines.join('\n')}\n`;
  }
  return `${describeRecord(answer)}\n`;
}

/**
 * Runs `koogallery-mock trigger …` (`argv` after the program name, with or without `trigger`). Resolves with the
 * exit code (see module doc). The admin token never appears in the output.
 */
export async function runTriggerCommand(argv: readonly string[], io: TriggerCommandIo): Promise<number> {
  const env = io.env ?? process.env;
  let token: string | undefined;
  const scrub = (s: string): string =>
    token !== undefined && token.length >= 4 ? s.split(token).join(redactSecret(token)) : s;
  let parsed: Parsed;
  let request: Request;
  try {
    parsed = parse(argv);
    token =
      typeof parsed.options['admin-token'] === 'string'
        ? parsed.options['admin-token']
        : env[CONFIG_ENV.adminToken] || undefined;
    if (parsed.help) {
      io.stdout(triggerHelpText());
      return EXIT.OK;
    }
    request = buildRequest(parsed);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`koogallery-mock trigger: ${scrub(error.message)}\n${helpPointer('trigger', error)}`);
      return EXIT.USAGE;
    }
    throw error;
  }
  const base = mockBaseUrl(parsed.options.url, env);
  try {
    new URL(base);
  } catch {
    io.stderr(
      `koogallery-mock trigger: --url ${JSON.stringify(base)} is not an absolute URL, e.g. http://127.0.0.1:8787.\n`,
    );
    return EXIT.USAGE;
  }
  const timeoutText = parsed.options['request-timeout'];
  const timeoutMs = typeof timeoutText === 'string' ? Number(timeoutText) : 600_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
    io.stderr(
      'koogallery-mock trigger: --request-timeout must be a positive whole number of milliseconds.\n',
    );
    return EXIT.USAGE;
  }

  const client = createMockAdminClient({
    mockUrl: base,
    timeoutMs,
    unreachableHint: `Is \`koogallery-mock start\` running there? Pass --url or set ${MOCK_URL_ENV}.`,
    ...(token === undefined ? {} : { adminToken: token }),
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
  });
  let answer: unknown;
  try {
    answer =
      request.method === 'POST'
        ? await client.post<unknown>(request.path, request.body, request.query)
        : await client.get<unknown>(request.path, request.query);
  } catch (error) {
    if (
      error instanceof ConnectionError ||
      (error instanceof MockAdminError && error.code === 'NOT_A_MOCK')
    ) {
      io.stderr(`koogallery-mock trigger: ${error.message}\n`);
      return EXIT.USAGE;
    }
    if (!(error instanceof MockAdminError)) throw error;
    io.stderr(`koogallery-mock trigger: the mock at ${base} answered ${scrub(refusalText(error))}\n`);
    if (parsed.options.json === true) io.stdout(`${JSON.stringify(error.body, null, 2)}\n`);
    return error.status === 400 || error.status === 401 ? EXIT.USAGE : EXIT.FAILURE;
  }
  // The JSON stays the admin API's answer (the mock it came from goes to stderr); the summary starts with it.
  if (parsed.options.json === true) io.stderr(`koogallery-mock trigger: answered by the mock at ${base}\n`);
  io.stdout(
    parsed.options.json === true
      ? `${JSON.stringify(answer, null, 2)}\n`
      : `mock ${base}\n${scrub(summarize(request, answer))}`,
  );
  // The mock ran the idempotency check, but the seller failed it: a failure for scripts and CI.
  const result = isObject(answer) ? answer.result : undefined;
  if (
    isObject(answer) &&
    answer.action === 'check-kit-idempotency' &&
    isObject(result) &&
    result.passed === false
  ) {
    return EXIT.FAILURE;
  }
  return EXIT.OK;
}
