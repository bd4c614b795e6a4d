// The script: `order-query` and `usage-push` against the KooGallery Open APIs (or the mock marketplace) with the
// SDK's createClient. Configured by environment variables, results printed as text or JSON.
import { parseArgs } from 'node:util';
import {
  ConfigError,
  ConnectionError,
  KooGalleryError,
  OpenApiError,
  TimeoutError,
  ValidationError,
  createClient,
} from '@koogallery-kit/sdk';
import type { KooGalleryClient } from '@koogallery-kit/sdk';
import { summarizeOrder } from './order-summary';
import { buildUsageRecord } from './usage-record';

/** Where the script reads its settings and writes its output. */
export interface ScriptIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Clock in epoch ms (usage times, request signatures). Default `Date.now`. */
  now?: () => number;
}

/** Exit statuses: 0 done, 1 the platform refused or could not be reached, 2 usage or configuration error. */
export const EXIT = Object.freeze({ OK: 0, FAILED: 1, USAGE: 2 });

/** Base URL used when `OPEN_API_URL` is not set: the mock marketplace of `pnpm start`. */
export const DEFAULT_OPEN_API_URL = 'http://127.0.0.1:8787';

/** The `--help` text. */
export const HELP = `Usage: open-api-script <command> [options]

Commands
  order-query --order-id ID [--order-line-id ID]       query an order (GET …/global/v1/order/query)
  usage-push --instance-id ID --value N [--minutes M] [--metering-sn SN] [--relate-pkg-instance ID]
                                                       push one usage record for the last M minutes (default 60)
Options
  --json        print the SDK's result as JSON
  -h, --help    show this help

Environment
  OPEN_API_URL            Open API base URL (default ${DEFAULT_OPEN_API_URL}, the mock marketplace;
                          https://mkt.myhuaweicloud.com for KooGallery)
  OPEN_API_AK, OPEN_API_SK  APIG access key pair (required)
  KOOGALLERY_ACCESS_KEY   your KooGallery key, which signs the usage push (usage-push only)

Exit status: 0 done, 1 the platform refused the call or could not be reached, 2 usage or configuration error.`;

const OPTIONS = {
  'order-id': { type: 'string' },
  'order-line-id': { type: 'string' },
  'instance-id': { type: 'string' },
  value: { type: 'string' },
  minutes: { type: 'string' },
  'metering-sn': { type: 'string' },
  'relate-pkg-instance': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function required(values: Record<string, unknown>, flag: string): string {
  const value = values[flag];
  if (typeof value !== 'string' || value === '') throw new ConfigError(`--${flag} is required.`);
  return value;
}

function makeClient(io: ScriptIo, usage: boolean): KooGalleryClient {
  const ak = io.env['OPEN_API_AK'];
  const sk = io.env['OPEN_API_SK'];
  if (!ak || !sk) {
    throw new ConfigError(
      'Set OPEN_API_AK and OPEN_API_SK to your APIG access key pair (for the mock marketplace: its demo pair, see README.md).',
    );
  }
  const usageKey = io.env['KOOGALLERY_ACCESS_KEY'];
  if (usage && !usageKey) {
    throw new ConfigError(
      'usage-push is signed with your KooGallery key: set KOOGALLERY_ACCESS_KEY (Seller Console > App Tools > Key Management).',
    );
  }
  return createClient({
    accessKey: ak,
    secretKey: sk,
    baseURL: io.env['OPEN_API_URL'] || DEFAULT_OPEN_API_URL,
    ...(usageKey ? { usageKey } : {}),
    ...(io.now === undefined ? {} : { now: io.now }),
  });
}

/** One line saying what went wrong and what to do; never a key or a signature (the SDK's messages are redacted). */
function describeFailure(error: unknown): { text: string; exit: number } {
  if (error instanceof OpenApiError) {
    const hint = error.code === 'APIGW.0301' ? ' Check OPEN_API_AK / OPEN_API_SK and the machine clock.' : '';
    return {
      text: `the platform refused the call: ${error.code} — ${error.message}${hint}`,
      exit: EXIT.FAILED,
    };
  }
  if (error instanceof ConnectionError || error instanceof TimeoutError) {
    return {
      text: `${error.message} Is the Open API (OPEN_API_URL) reachable? For the mock marketplace, start it first (npx pnpm@10 start at the repository root).`,
      exit: EXIT.FAILED,
    };
  }
  if (error instanceof ConfigError || error instanceof ValidationError) {
    return { text: error.message, exit: EXIT.USAGE };
  }
  if (error instanceof KooGalleryError) return { text: `${error.code}: ${error.message}`, exit: EXIT.FAILED };
  return {
    text: `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    exit: EXIT.FAILED,
  };
}

/**
 * Runs the script with `argv` (without `node` and the script path); resolves the exit status. Never throws.
 *
 * @example
 * process.exitCode = await runOpenApiScript(['order-query', '--order-id', 'MOCKPERIODYEARNEW'], {
 *   env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t),
 * });
 */
export async function runOpenApiScript(argv: readonly string[], io: ScriptIo): Promise<number> {
  const print = (line: string) => io.stdout(`${line}\n`);
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
    const [command, ...extra] = positionals;
    if (values.help === true || command === undefined || command === 'help') {
      print(HELP);
      return command === undefined && values.help !== true ? EXIT.USAGE : EXIT.OK;
    }
    if (extra.length > 0) throw new ConfigError(`unexpected argument ${JSON.stringify(extra[0])}.`);

    if (command === 'order-query') {
      const orderId = required(values, 'order-id');
      const orderLineId = values['order-line-id'];
      const client = makeClient(io, false);
      const order = await client.orders.query({ orderId, ...(orderLineId ? { orderLineId } : {}) });
      if (values.json === true) print(JSON.stringify(order, null, 2));
      else summarizeOrder(order).forEach(print);
      return EXIT.OK;
    }
    if (command === 'usage-push') {
      const minutesText = values.minutes;
      const minutes = minutesText === undefined ? undefined : Number(minutesText);
      if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 1 || minutes > 21 * 24 * 60)) {
        throw new ConfigError('--minutes must be a whole number of minutes from 1 to 30240 (21 days).');
      }
      const record = buildUsageRecord(
        {
          instanceId: required(values, 'instance-id'),
          value: required(values, 'value'),
          ...(minutes === undefined ? {} : { minutes }),
          ...(values['metering-sn'] ? { meteringSn: values['metering-sn'] } : {}),
          ...(values['relate-pkg-instance'] ? { relatePkgInstance: values['relate-pkg-instance'] } : {}),
        },
        (io.now ?? Date.now)(),
      );
      const client = makeClient(io, true);
      const result = await client.usage.push([record]);
      if (values.json === true) print(JSON.stringify({ ...result, records: [record] }, null, 2));
      else {
        print(`usage pushed: ${result.errorCode} ${result.errorMsg}`);
        print(
          `  ${record.instance_id}: ${record.usage_value} from ${record.begin_time} to ${record.end_time} (metering_sn ${record.metering_sn})`,
        );
      }
      return EXIT.OK;
    }
    throw new ConfigError(
      `unknown command ${JSON.stringify(command)}; use order-query or usage-push (--help).`,
    );
  } catch (error) {
    // parseArgs reports unknown flags with a TypeError naming the flag (never a value).
    const failure =
      error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? { text: error.message, exit: EXIT.USAGE }
        : describeFailure(error);
    io.stderr(`open-api-script: ${failure.text}\n`);
    if (failure.exit === EXIT.USAGE) io.stderr('Run with --help for the commands and variables.\n');
    return failure.exit;
  }
}
