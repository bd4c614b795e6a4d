/**
 * `koogallery-mock export <kind> …`: the consoles' 导出 on a running mock — creates the export through the admin
 * API (`POST /__admin/exports`), polls its record until the file is built (生成中 → 已完成), downloads it and
 * saves it (in the current directory under the file's own name, or at `--out`). `export history` lists the
 * export history (导出记录). Exit 0 when the file was saved, 1 when the export failed or did not finish within
 * `--wait`, 2 on usage errors (including a 400 from the mock) and when no mock answers (docs/exit-codes.md).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConnectionError } from '@koogallery-kit/sdk';
import { redactSecret } from '@koogallery-kit/sdk/platform';
import { CONFIG_ENV } from '../../config/load-config';
import { parseDuration } from '../../config/duration';
import { formatZonedTime } from '../../delivery/attempt-log';
import {
  MockAdminError,
  createMockAdminClient,
  type MockAdminClient,
} from '../../contract/remote/admin-client';
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  EXPORT_LANGS,
  type ExportRecord,
} from '../../http/admin/exports/export-records';
import { EXPORT_KIND_DEFINITIONS } from '../../http/admin/exports/export-kinds';
import { EXIT, type CliIo } from './cli-io';
import { MOCK_URL_ENV, mockBaseUrl, refusalText } from './mock-target';
import { UsageError, parseArgsSentence } from './usage-error';

/** I/O of the export command. */
export interface ExportCommandIo extends CliIo {
  /** HTTP client. Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Wall ms between two polls of the record. Default 250. */
  pollMs?: number;
}

const OPTIONS = {
  format: { type: 'string' },
  lang: { type: 'string' },
  filter: { type: 'string', multiple: true },
  tz: { type: 'string' },
  out: { type: 'string' },
  wait: { type: 'string' },
  url: { type: 'string' },
  'admin-token': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `koogallery-mock export --help`. */
export function exportHelpText(): string {
  return `Usage: koogallery-mock export <kind> [options]
       koogallery-mock export history [--json]

Exports a list of a running mock as the consoles do (导出): creates an export record, waits while it is
generating (生成中), then downloads the file and saves it. \`history\` lists the export records (导出记录).

Kinds and their filters (--filter NAME=VALUE)
${EXPORT_KINDS.map((k) => `  ${k.padEnd(13)}${EXPORT_KIND_DEFINITIONS[k].filterParams.join(', ')}`).join('\n')}

Options
  --format xlsx|csv     Excel workbook (default) or CSV (RFC 4180, UTF-8 with BOM: Excel opens Chinese correctly)
  --lang zh|en          column names and labels in Chinese (default, the console's) or English
  --filter NAME=VALUE   a filter of the exported list (see Kinds), repeatable
  --tz MINUTES          zone of the time columns, minutes east of UTC (default: the mock's, 480 = UTC+8)
  --out PATH            where to save the file: a file name or a directory (default: the file's own name here)
  --wait DURATION       how long to wait for the file (default 120s)
  --url URL             the mock (default $${MOCK_URL_ENV}, else http://127.0.0.1:8787)
  --admin-token TOKEN   the mock's admin token (default $${CONFIG_ENV.adminToken})
  --json                print the export record as JSON
  -h, --help            show this help

Exit status: 0 the file was saved, 1 the export failed or is still generating after --wait, 2 usage errors
and an unreachable mock. Table: docs/exit-codes.md.

Examples
  koogallery-mock export orders
  koogallery-mock export orders --format csv --lang en --filter state=COMPLETED --out orders.csv
  koogallery-mock export bill-details --filter billId=202601 --lang en
  koogallery-mock export history
`;
}

/** What the command line asks for. */
interface ExportArgs {
  history: boolean;
  body: Record<string, unknown>;
  out: string | undefined;
  waitMs: number;
  json: boolean;
}

const oneOf = (name: string, value: string | undefined, values: readonly string[]): string | undefined => {
  if (value !== undefined && !values.includes(value)) {
    throw new UsageError(`--${name} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value;
};

/** Reads the arguments (after `export`). */
function readArgs(values: Record<string, unknown>, positionals: string[]): ExportArgs {
  const [kind, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])} for export`);
  if (kind === undefined) {
    throw new UsageError(`name what to export: one of ${EXPORT_KINDS.join(', ')} (or history)`);
  }
  const wait = parseDuration(typeof values.wait === 'string' ? values.wait : '120s');
  if (!wait.ok) throw new UsageError(`--wait: ${wait.message}`);
  const base = { out: values.out as string | undefined, waitMs: wait.ms, json: values.json === true };
  if (kind === 'history') return { ...base, history: true, body: {} };
  oneOf('kind', kind, EXPORT_KINDS);
  const filters: Record<string, string> = {};
  for (const pair of (values.filter as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new UsageError(
        `--filter takes NAME=VALUE (e.g. --filter state=COMPLETED), got ${JSON.stringify(pair)}`,
      );
    filters[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const tz = values.tz === undefined ? undefined : Number(values.tz);
  if (tz !== undefined && !Number.isInteger(tz)) {
    throw new UsageError('--tz takes whole minutes east of UTC (480 = UTC+8)');
  }
  const body: Record<string, unknown> = {
    kind,
    format: oneOf('format', values.format as string | undefined, EXPORT_FORMATS),
    lang: oneOf('lang', values.lang as string | undefined, EXPORT_LANGS),
    filters,
    tz,
  };
  return { ...base, history: false, body };
}

const kb = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`);

/** One history line. */
function historyLine(r: ExportRecord): string {
  const filters = Object.entries(r.filters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const result =
    r.state === 'DONE' ? `${r.rows ?? 0} rows, ${kb(r.size ?? 0)}` : r.state === 'FAILED' ? r.reason : '';
  return `${r.id}  ${r.kind.padEnd(11)} ${r.format.padEnd(4)} ${r.lang}  ${r.state.padEnd(10)} ${formatZonedTime(r.createdAt, r.timeZoneOffsetMinutes)}  ${r.fileName}${filters === '' ? '' : `  [${filters}]`}${result === '' ? '' : `  ${result ?? ''}`}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Creates the export, waits for it, saves the file; returns the exit code. */
async function runExport(client: MockAdminClient, a: ExportArgs, io: ExportCommandIo): Promise<number> {
  let record = await client.post<ExportRecord>('/exports', a.body);
  const deadline = Date.now() + a.waitMs;
  while (record.state === 'GENERATING') {
    if (Date.now() >= deadline) {
      io.stderr(
        `koogallery-mock export: ${record.id} is still generating after ${a.waitMs} ms; download it later with GET ${client.url}/__admin/exports/${record.id}/file (or wait longer with --wait).\n`,
      );
      return EXIT.FAILURE;
    }
    await sleep(io.pollMs ?? 250);
    record = await client.get<ExportRecord>(`/exports/${record.id}`);
  }
  if (record.state === 'FAILED') {
    io.stderr(`koogallery-mock export: ${record.id} failed: ${record.reason ?? 'no reason given'}\n`);
    if (a.json) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
    return EXIT.FAILURE;
  }
  const file = await client.download(`/exports/${record.id}/file`);
  const cwd = io.cwd ?? process.cwd();
  const name = file.fileName ?? record.fileName;
  let target = resolve(cwd, a.out ?? name);
  if (a.out !== undefined && existsSync(target) && statSync(target).isDirectory())
    target = join(target, name);
  writeFileSync(target, file.bytes);
  io.stdout(
    a.json
      ? `${JSON.stringify({ ...record, savedTo: target }, null, 2)}\n`
      : `export ${record.id} (${record.kind}, ${record.format}, ${record.lang}): ${record.rows ?? 0} rows, ${kb(file.bytes.length)}\nsaved ${target}\n`,
  );
  return EXIT.OK;
}

/** Runs `koogallery-mock export …` (`argv` after `export`); resolves with the exit code. */
export async function runExportCommand(argv: readonly string[], io: ExportCommandIo): Promise<number> {
  const env = io.env ?? process.env;
  let a: ExportArgs;
  let values: Record<string, unknown>;
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(parseArgsSentence('export', error));
    }
    values = parsed.values;
    if (values.help === true) {
      io.stdout(exportHelpText());
      return EXIT.OK;
    }
    a = readArgs(values, parsed.positionals);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const see = error.message.includes('--help') ? '' : 'Run `koogallery-mock export --help` for usage.\n';
    io.stderr(`koogallery-mock export: ${error.message}\n${see}`);
    return EXIT.USAGE;
  }
  const token =
    typeof values['admin-token'] === 'string'
      ? values['admin-token']
      : env[CONFIG_ENV.adminToken] || undefined;
  const scrub = (s: string): string =>
    token !== undefined && token.length >= 4 ? s.split(token).join(redactSecret(token)) : s;
  const base = mockBaseUrl(values.url, env);
  try {
    new URL(base);
  } catch {
    io.stderr(
      `koogallery-mock export: --url ${JSON.stringify(base)} is not an absolute URL, e.g. http://127.0.0.1:8787.\n`,
    );
    return EXIT.USAGE;
  }
  const client = createMockAdminClient({
    mockUrl: base,
    unreachableHint: `Is \`koogallery-mock start\` running there? Pass --url or set ${MOCK_URL_ENV}.`,
    ...(token === undefined ? {} : { adminToken: token }),
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
  });
  try {
    if (a.history) {
      const page = await client.get<{ items: ExportRecord[] }>('/exports');
      io.stdout(
        a.json
          ? `${JSON.stringify(page, null, 2)}\n`
          : page.items.length === 0
            ? 'no exports yet\n'
            : `${page.items.map(historyLine).join('\n')}\n`,
      );
      return EXIT.OK;
    }
    return await runExport(client, a, io);
  } catch (error) {
    if (
      error instanceof ConnectionError ||
      (error instanceof MockAdminError && error.code === 'NOT_A_MOCK')
    ) {
      io.stderr(`koogallery-mock export: ${error.message}\n`);
      return EXIT.USAGE;
    }
    if (!(error instanceof MockAdminError)) throw error;
    io.stderr(`koogallery-mock export: the mock at ${base} answered ${scrub(refusalText(error))}\n`);
    return error.status === 400 || error.status === 401 ? EXIT.USAGE : EXIT.FAILURE;
  }
}
