/**
 * Regenerates the tables of docs/ that are derived from exported data, so they cannot drift from the code:
 * production result codes (`RESULT_CODES`), Open API codes (`OPEN_API_CODES` with the client's
 * `DOCUMENTED_API_ERROR_CODES`, error classes and retry decisions), the platform's verdict problems
 * (`PROBLEM_CATALOGUE`), the mock's default retry schedules (`DEFAULT_RETRY_SCHEDULES`) and the mock's
 * configuration keys (`MOCK_CONFIG_SCHEMA`).
 *
 * Each table lives between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in its page; everything else
 * in the page is prose and left alone.
 *
 *   npx pnpm@10 exec tsx scripts/generate-docs-tables.ts           rewrite the tables
 *   npx pnpm@10 exec tsx scripts/generate-docs-tables.ts --check   exit 1 when a committed table is out of date
 *
 * The docs test (packages/sdk/test/docs/generated-tables.test.ts) runs the check too.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHARGING_MODES,
  DOCUMENTED_API_ERROR_CODES,
  INTERFACE_MATRIX,
  JOINT_OPERATIONS_INTERFACES,
  OPEN_API_CODES,
  RESULT_CODES,
  errorFromReply,
  findDocumentedCode,
  shouldRetry,
} from '@koogallery-kit/sdk';
import { PROBLEM_CATALOGUE } from '@koogallery-kit/sdk/platform';
import type { DocumentedApiCode, ResultCodeInfo } from '@koogallery-kit/sdk';
import { MOCK_CONFIG_SCHEMA } from '../packages/mock-server/src/config/config-schema';
import { DEFAULT_RETRY_SCHEDULES } from '../packages/mock-server/src/engine/jobs/retry-schedules';
import type { RetrySchedule } from '@koogallery-kit/mock-server';

/** Repository root. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** How a seller sends each production result code with the SDK, and what to do about it. Keyed by code. */
const RESULT_CODE_ADVICE: Readonly<Record<string, { send: string; advice: string }>> = {
  '000000': {
    send: 'return the response fields, or nothing',
    advice:
      'The operation succeeded. Answer it again, with the same fields, when the platform repeats a call you already handled.',
  },
  '000001': {
    send: 'automatic (signature, timestamp or nonce check failed)',
    advice:
      'Only for calls that fail authentication. If real platform calls get it, check the key bound to the interface and your server clock.',
  },
  '000002': {
    send: 'automatic (schema); `results.invalid(msg)` for rules the schema cannot see',
    advice:
      'A parameter is missing or invalid. Name the field in `resultMsg`; the platform does not fix it by retrying.',
  },
  '000003': {
    send: '`results.notFound(msg?)`',
    advice:
      'The instance (or licence code) does not exist. Never use it for a bad signature or an internal error: it tells the platform the resource is gone.',
  },
  '000004': {
    send: '`results.processing(instanceId)`',
    advice:
      'newInstance accepted and still being created: return the instanceId now; the platform polls queryInstance until the instance is reported.',
  },
  '000005': {
    send: 'throw (the handler answers 000005 and logs the error)',
    advice:
      'A temporary internal failure. The platform retries on its schedule, so make the retried call idempotent.',
  },
  '000100': {
    send: "`results.error('000100')`",
    advice:
      'Refuses the purchase: the platform retries, then fails and refunds the order. Use only when it cannot be served.',
  },
  '000101': {
    send: "`results.error('000101')`",
    advice:
      'Refuses the purchase (mobile number). Huawei\'s Java sample reuses 000101 for "appSecret cannot be decrypted"; the documented meaning is this one.',
  },
  '000102': { send: "`results.error('000102')`", advice: 'Refuses the purchase (e-mail address).' },
  '000103': {
    send: "`results.error('000103')`",
    advice: 'Refuses a second purchase of a once-only product.',
  },
  '000104': {
    send: "`results.error('000104')`",
    advice: 'Refuses the purchase because of a product-side failure.',
  },
  '000105': {
    send: "`results.error('000105')`",
    advice: 'Refuses the purchase: the account already has the benefit.',
  },
  '000106': { send: "`results.error('000106')`", advice: 'Refuses the purchase: resources sold out.' },
  '000107': {
    send: "`results.error('000107')`",
    advice: 'Refuses the purchase: the e-mail domain is taken.',
  },
  '000900': {
    send: "`results.error('000900')`",
    advice: 'Online License asynchronous application: quota of the order used up.',
  },
  '000901': {
    send: "`results.error('000901')`",
    advice: "Online License: applied outside the order's validity.",
  },
  '000902': {
    send: "`results.error('000902')`",
    advice: 'Online License: a period licence needs an expiry date.',
  },
  '000903': {
    send: "`results.error('000903')`",
    advice: 'Online License: the device fingerprint is missing.',
  },
};

const SCOPE_TEXT: Readonly<Record<ResultCodeInfo['scope'], string>> = {
  all: 'every interface',
  newInstance: 'newInstance',
  onlineLicense: 'online License',
};

const cell = (text: string | number): string => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: ReadonlyArray<string | number>): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/** Production result codes (§6.1). */
export function resultCodesTable(): string {
  const entries = Object.entries(RESULT_CODES) as Array<[string, ResultCodeInfo]>;
  const unknownAdvice = Object.keys(RESULT_CODE_ADVICE).filter((c) => !entries.some(([, e]) => e.code === c));
  if (unknownAdvice.length > 0)
    throw new Error(`advice for codes RESULT_CODES does not have: ${unknownAdvice.join(', ')}`);
  return table(
    ['Code', 'Name', 'Used by', 'Meaning', 'Default `resultMsg`', 'Send it with the SDK', 'What to do'],
    entries.map(([name, e]) => {
      const advice = RESULT_CODE_ADVICE[e.code];
      if (!advice)
        throw new Error(`no advice for result code ${e.code} (${name}): add it to RESULT_CODE_ADVICE`);
      return [
        `\`${e.code}\``,
        `\`${name}\``,
        SCOPE_TEXT[e.scope],
        e.meaning,
        `\`${e.message}\``,
        advice.send,
        advice.advice,
      ];
    }),
  );
}

/** The SDK error an answer with `code` and `status` becomes, and whether the client retries it. */
function clientBehaviour(code: DocumentedApiCode | { code: string; status: number; family: string }): {
  errorClass: string;
  retried: string;
} {
  const oauth = code.family === 'oauth';
  const body = oauth
    ? { error: code.code, error_description: 'x' }
    : { error_code: code.code, error_msg: 'x' };
  const error = errorFromReply(
    { status: code.status, headers: {}, bodyText: JSON.stringify(body) },
    { operation: 'docs', secrets: [], nowMs: 0, ...(oauth ? { family: 'oauth' as const } : {}) },
  );
  const retry = (idempotent: boolean): boolean =>
    shouldRetry({ error, retriesSoFar: 0, maxRetries: 2, idempotent });
  const retried = retry(false) ? 'yes' : retry(true) ? 'idempotent calls' : 'no';
  return { errorClass: `\`${error.constructor.name}\``, retried };
}

/** Open API result codes (§6.2) with the client's behaviour: marketplace codes first, one row per HTTP status. */
export function openApiCodesTable(): string {
  const families = ['marketplace', 'license'];
  const codes = Object.values(OPEN_API_CODES).sort(
    (a, b) => families.indexOf(a.family) - families.indexOf(b.family),
  );
  const rows = codes.flatMap((c) => {
    if (c.success) return [[`\`${c.code}\``, c.httpStatus, c.meaning, '— (success)', '—', '—']];
    const statuses = 'alternativeHttpStatus' in c ? [c.httpStatus, c.alternativeHttpStatus] : [c.httpStatus];
    return statuses.map((status) => {
      const documented = findDocumentedCode(c.code, status);
      if (!documented || documented.status !== status) {
        throw new Error(
          `OPEN_API_CODES has ${c.code} (HTTP ${status}) but DOCUMENTED_API_ERROR_CODES does not`,
        );
      }
      const { errorClass, retried } = clientBehaviour(documented);
      return [`\`${c.code}\``, status, documented.meaning, errorClass, retried, documented.hint];
    });
  });
  return table(['Code', 'HTTP', 'Meaning', 'Thrown as', 'Retried by the client', 'What to do'], rows);
}

/** Gateway and OAuth codes the client documents (not in the platform's §6.2 table). */
export function gatewayAndOauthCodesTable(): string {
  const rows = DOCUMENTED_API_ERROR_CODES.filter((d) => d.family === 'gateway' || d.family === 'oauth').map(
    (d) => {
      const { errorClass, retried } = clientBehaviour(d);
      return [`\`${d.code}\``, d.status, d.meaning, errorClass, retried, d.hint];
    },
  );
  return table(['Code', 'HTTP', 'Meaning', 'Thrown as', 'Retried by the client', 'What to do'], rows);
}

/** The problems a platform verdict (the mock, `koogallery-mock call`, `judgeReply`) can name. */
export function platformProblemsTable(): string {
  return table(
    ['Problem', 'What the platform sees', 'Fix'],
    Object.entries(PROBLEM_CATALOGUE).map(([code, d]) => [`\`${code}\``, d.summary, d.hint]),
  );
}

const duration = (ms: number): string => {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms % size === 0 && ms >= size) return `${ms / size} ${unit}`;
  return `${ms} ms`;
};

function describeSchedule(s: RetrySchedule): { attempts: string; exhausted: string } {
  const exhausted =
    s.onExhausted === 'fail-order'
      ? 'the order fails: canceled and unsubscribed (refund)'
      : 'nothing more until a manual restart (`trigger restart --job ID`)';
  if (s.kind === 'interval') {
    return { attempts: `every ${duration(s.everyMs)} for ${duration(s.forMs)}`, exhausted };
  }
  if (s.retryAtMs.length === 0) return { attempts: 'once, no automatic retry', exhausted };
  const at = s.retryAtMs.map((ms) => `+${duration(ms)}`).join(', ');
  return { attempts: `at once, then ${at} (${s.retryAtMs.length + 1} attempts)`, exhausted };
}

/** The mock's default retry schedule per interface. */
export function retrySchedulesTable(): string {
  return table(
    ['Interface', 'Attempts (mock default)', 'When the attempts are used up'],
    Object.entries(DEFAULT_RETRY_SCHEDULES).map(([name, s]) => {
      const { attempts, exhausted } = describeSchedule(s);
      return [`\`${name}\``, attempts, exhausted];
    }),
  );
}

const REQUIREMENT_TEXT = { required: 'must', optional: 'optional', notApplicable: '—' } as const;

/** Which interfaces a product must implement per charging mode (§1 matrix). */
export function interfaceMatrixTable(): string {
  const rows = Object.values(INTERFACE_MATRIX).map((r) => [
    `[\`${r.interface}\`](#${r.interface.toLowerCase()})`,
    ...CHARGING_MODES.map((mode) => {
      const implement = REQUIREMENT_TEXT[r.implement[mode]];
      return r.debug[mode] === r.implement[mode]
        ? implement
        : `${implement} (debugging ${REQUIREMENT_TEXT[r.debug[mode]]})`;
    }),
    r.note,
  ]);
  rows.push([
    JOINT_OPERATIONS_INTERFACES.map((n) => `\`${n}\``).join(', '),
    ...CHARGING_MODES.map(() => 'joint operations only'),
    'Kit interfaces, for joint-operations (联营) products.',
  ]);
  return table(['Interface', ...CHARGING_MODES.map((m) => `\`${m}\``), 'Note'], rows);
}

/** Every generated table: page (repository-relative) → table name → renderer. */
/** One JSON Schema property as the configuration table shows it. */
interface ConfigProperty {
  type?: string | readonly string[];
  enum?: readonly unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  anyOf?: readonly unknown[];
  oneOf?: readonly unknown[];
  minimum?: number;
  maximum?: number;
}

function configType(p: ConfigProperty): string {
  if (p.enum)
    return p.enum
      .map((v) => (v === null ? 'null' : `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``))
      .join(' or ');
  if (p.type) return Array.isArray(p.type) ? p.type.join(' or ') : String(p.type);
  if (p.anyOf || p.oneOf) return 'see description';
  return 'object';
}

/** Every key of the mock's configuration file (`koogallery-mock start --config FILE`), from its JSON Schema. */
export function configTable(): string {
  const properties = (MOCK_CONFIG_SCHEMA as unknown as { properties: Record<string, ConfigProperty> })
    .properties;
  const rows = Object.entries(properties)
    .filter(([name]) => name !== '$schema')
    .map(([name, p]) => {
      const fallback = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
      return [`\`${name}\``, configType(p), fallback, p.description ?? ''];
    });
  return table(['key', 'type', 'default', 'meaning'], rows);
}

export const GENERATED_TABLES: Readonly<Record<string, Readonly<Record<string, () => string>>>> = {
  'docs/result-codes.md': {
    'result-codes': resultCodesTable,
    'open-api-codes': openApiCodesTable,
    'gateway-oauth-codes': gatewayAndOauthCodesTable,
    'platform-problems': platformProblemsTable,
  },
  'docs/production-interfaces.md': {
    'interface-matrix': interfaceMatrixTable,
  },
  'docs/retries.md': {
    'retry-schedules': retrySchedulesTable,
  },
  'docs/configuration.md': {
    'mock-config': configTable,
  },
};

/**
 * `markdown` with the section of each table replaced. Throws when a page lacks the markers of one of its tables
 * or has markers of an unknown table.
 */
export function applyTables(
  page: string,
  markdown: string,
  tables: Readonly<Record<string, () => string>>,
): string {
  let out = markdown;
  for (const [name, render] of Object.entries(tables)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${page}: missing "${start}" … "${end}"`);
    out = `${out.slice(0, from + start.length)}\n${render()}\n${out.slice(to)}`;
  }
  for (const m of out.matchAll(/<!-- generated:([\w-]+) -->/g)) {
    if (!Object.prototype.hasOwnProperty.call(tables, m[1] ?? '')) {
      throw new Error(`${page}: unknown generated table "${m[1] ?? ''}"`);
    }
  }
  return out;
}

/** Pages whose committed text differs from what the generator writes. */
export function outdatedPages(root: string = REPO_ROOT): string[] {
  return Object.entries(GENERATED_TABLES)
    .filter(([page, tables]) => {
      const current = readFileSync(join(root, page), 'utf8');
      return applyTables(page, current, tables) !== current;
    })
    .map(([page]) => page);
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  if (check) {
    const outdated = outdatedPages();
    if (outdated.length === 0) return 0;
    console.error(
      `Generated tables are out of date in ${outdated.join(', ')}.\nRun: npx pnpm@10 exec tsx scripts/generate-docs-tables.ts`,
    );
    return 1;
  }
  for (const [page, tables] of Object.entries(GENERATED_TABLES)) {
    const path = join(REPO_ROOT, page);
    const current = readFileSync(path, 'utf8');
    const next = applyTables(page, current, tables);
    if (next !== current) {
      writeFileSync(path, next);
      console.log(`updated ${page}`);
    }
  }
  return 0;
}

if (
  process.argv[1] !== undefined &&
  realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])
) {
  process.exitCode = main(process.argv.slice(2));
}
