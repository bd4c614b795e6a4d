/**
 * `koogallery-mock contract`: the conformance suite for a seller's CI. Runs every check that applies to the
 * product against the seller URL and reports with the pretty, json or junit reporter. Exit 0 when no check
 * failed (warnings only fail with --strict), 1 when a check failed, 2 on a usage error or when the seller does not answer at the start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  CHARGING_MODES,
  ConfigError,
  ConnectionError,
  KooGalleryError,
  type ChargingMode,
} from '@koogallery-kit/sdk';
import { type Transport } from '@koogallery-kit/sdk/platform';
import { CONTRACT_CHECKS } from '../../contract/checks';
import {
  CONTRACT_REPORTERS,
  formatContractReport,
  formatFailures,
  formatWarnings,
  formatGroupLine,
  formatHeader,
  formatSkipped,
  formatSummary,
  summaryLine,
  type ContractReporterName,
} from '../../contract/reporters';
import { runContract } from '../../contract/runner';
import { originAndPath } from '../../contract/remote/connect-mock';
import { DEFAULT_CONTRACT_TIMEOUT_MS, MAX_CONTRACT_TIMEOUT_MS } from '../../contract/options';
import type { ContractOptions } from '../../contract/types';
import { CONFIG_ENV } from '../../config/load-config';
import { KEY_ENV, KIT_KEY_ENV } from './call';
import { UsageError, helpPointer, parseArgsSentence } from './usage-error';

/** Environment variable of the admin token of the mock at --mock-url. */
const MOCK_TOKEN_ENV = CONFIG_ENV.adminToken;

/** Where the command writes; `env` (default `process.env`) supplies keys given as environment variables. */
export interface ContractCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
  /** Transport override, for tests and embedding. Default: the mock's undici transport. */
  transport?: Transport;
}

const OPTIONS = {
  'seller-url': { type: 'string' },
  key: { type: 'string' },
  'kit-key': { type: 'string' },
  'kit-public-key': { type: 'string' },
  protocol: { type: 'string' },
  timeout: { type: 'string' },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  reporter: { type: 'string' },
  output: { type: 'string' },
  'charging-mode': { type: 'string' },
  'mock-url': { type: 'string' },
  'admin-token': { type: 'string' },
  list: { type: 'boolean' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Text printed by `koogallery-mock contract --help`. */
export function contractHelpText(): string {
  return `Usage: koogallery-mock contract --seller-url URL --key KEY [options]

Runs the KooGallery conformance suite against your production interfaces: the seller console's debugging
checks for every interface your charging mode requires, security (signatures, timestamps, replays),
robustness, idempotency and the product lifecycle (played on an in-process mock with a virtual clock, or
on a running mock with --mock-url).

Options
  --seller-url URL        your registered production URL (kit interfaces: URL/produceAPI/v2/<name>)
  --key KEY               the key bound to the basic interfaces (default: $${KEY_ENV})
  --kit-key KEY           the kit key: also check the joint-operations interfaces (default: $${KIT_KEY_ENV})
  --kit-public-key FILE   PEM of the RSA public key of the application credential (applicationSync)
  --protocol v2|v1        generation of the basic interfaces (default v2)
  --charging-mode MODE    ${CHARGING_MODES.join('|')} (default PERIOD)
  --timeout MS            time limit of one reply, 1..${MAX_CONTRACT_TIMEOUT_MS} (default ${DEFAULT_CONTRACT_TIMEOUT_MS})
  --only LIST             only these checks: ids, groups or interface names, comma-separated
  --skip LIST             leave these out; an interface name drops the interface (e.g. optional
                          upgradeInstance,changeInstanceCheck your product does not implement)
  --reporter NAME         ${CONTRACT_REPORTERS.join('|')} (default pretty)
  --output FILE           write the report there; the terminal still shows progress and the summary
  --mock-url URL          play the lifecycle on a running koogallery-mock through its admin API; it must
                          call the same --seller-url with the same --key (and --kit-key), --protocol,
                          on the virtual clock (checked first; exit 2 when not)
  --admin-token TOKEN     admin token of that mock (default: $${MOCK_TOKEN_ENV})
  --strict                warnings (deviations the platform may tolerate or the documentation only
                          recommends) fail the run too
  --list                  list every check id and exit (with --protocol, --charging-mode: those that apply)
  -h, --help              show this help

Exit status: 0 no check failed (warnings do not count unless --strict), 1 a check failed, 2 usage error, the seller (or the mock at --mock-url)
does not answer, or that mock is not set up for this seller.

Examples
  koogallery-mock contract --seller-url http://127.0.0.1:8080/produce --key "$${KEY_ENV}"
  koogallery-mock contract --seller-url http://127.0.0.1:8080/produce --charging-mode ON_DEMAND \\
    --reporter junit --output contract-report.xml
  koogallery-mock contract --seller-url http://127.0.0.1:8080/produce --mock-url http://127.0.0.1:8787
`;
}

interface ParsedContractCommand {
  help: boolean;
  list: boolean;
  reporter: ContractReporterName;
  output: string | undefined;
  options: ContractOptions;
}

function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedContractCommand {
  const args = argv[0] === 'contract' ? argv.slice(1) : [...argv];
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (error) {
    throw new UsageError(parseArgsSentence('contract', error), true);
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[0])}.`);
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const help = values.help === true;
  const list = values.list === true;
  const reporter = (str('reporter') ?? 'pretty') as ContractReporterName;
  if (!CONTRACT_REPORTERS.includes(reporter)) {
    throw new UsageError(
      `--reporter must be one of ${CONTRACT_REPORTERS.join(', ')}, got ${JSON.stringify(reporter)}.`,
    );
  }
  const options: ContractOptions = { sellerUrl: '', key: '' };
  if (help) return { help, list, reporter, output: undefined, options };

  if (values.strict === true) options.strict = true;
  const sellerUrl = str('seller-url');
  if (list) {
    // --list needs no seller: only the options that decide which checks apply.
    parseProtocolAndMode(str, options);
    return { help, list, reporter, output: undefined, options };
  }
  if (sellerUrl === undefined) throw new UsageError('--seller-url is required: your production URL.');
  const key = str('key') ?? env[KEY_ENV];
  if (key === undefined || key === '') {
    throw new UsageError(`--key is required (or set ${KEY_ENV}): the key bound to your basic interfaces.`);
  }
  options.sellerUrl = sellerUrl;
  options.key = key;
  const kitKey = str('kit-key') ?? env[KIT_KEY_ENV];
  if (kitKey !== undefined && kitKey !== '') options.kitKey = kitKey;
  const publicKeyFile = str('kit-public-key');
  if (publicKeyFile !== undefined) {
    try {
      options.kitPublicKey = readFileSync(publicKeyFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--kit-public-key: cannot read ${publicKeyFile} (${(error as Error).message}).`);
    }
  }
  parseProtocolAndMode(str, options);
  const timeout = str('timeout');
  if (timeout !== undefined) {
    const ms = Number(timeout);
    if (!/^\d+$/.test(timeout) || ms < 1 || ms > MAX_CONTRACT_TIMEOUT_MS) {
      throw new UsageError(
        `--timeout must be a whole number of milliseconds from 1 to ${MAX_CONTRACT_TIMEOUT_MS}.`,
      );
    }
    options.timeoutMs = ms;
  }
  const only = values.only as string[] | undefined;
  const skip = values.skip as string[] | undefined;
  if (only !== undefined) options.only = only;
  if (skip !== undefined) options.skip = skip;
  const mockUrl = str('mock-url');
  if (mockUrl !== undefined) options.mockUrl = mockUrl;
  const adminToken = str('admin-token') ?? (mockUrl === undefined ? undefined : env[MOCK_TOKEN_ENV]);
  if (adminToken !== undefined && adminToken !== '') {
    if (mockUrl === undefined) throw new UsageError('--admin-token is only used with --mock-url.');
    options.adminToken = adminToken;
  }
  return { help, list, reporter, output: str('output'), options };
}

/** `--protocol` and `--charging-mode` into `options`. */
function parseProtocolAndMode(str: (name: string) => string | undefined, options: ContractOptions): void {
  const protocol = str('protocol');
  if (protocol !== undefined) {
    if (protocol !== 'v1' && protocol !== 'v2') throw new UsageError('--protocol must be v2 or v1.');
    options.protocol = protocol;
  }
  const mode = str('charging-mode');
  if (mode !== undefined) {
    const upper = mode.toUpperCase();
    if (!(CHARGING_MODES as readonly string[]).includes(upper)) {
      throw new UsageError(
        `--charging-mode must be one of ${CHARGING_MODES.join(', ')}, got ${JSON.stringify(mode)}.`,
      );
    }
    options.chargingMode = upper as ChargingMode;
  }
}

/**
 * `--list`: the check ids with their titles, grouped: those of the given protocol (default v2) and charging mode
 * (default: every mode), kit checks included.
 */
function listChecks(options: ContractOptions): string {
  const protocol = options.protocol ?? 'v2';
  const mode = options.chargingMode;
  const lines: string[] = [];
  let group = '';
  for (const c of CONTRACT_CHECKS) {
    if (!c.requires.protocols.includes(protocol)) continue;
    if (
      mode !== undefined &&
      c.requires.chargingModes !== undefined &&
      !c.requires.chargingModes.includes(mode)
    ) {
      continue;
    }
    if (c.group !== group) {
      group = c.group;
      lines.push(`${lines.length > 0 ? '\n' : ''}${group}`);
    }
    lines.push(`  ${c.id.padEnd(42)} ${c.title}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `koogallery-mock contract` with `argv` (the arguments after the command name, or including it) and
 * resolves the exit status. Never throws.
 */
export async function runContractCommand(argv: string[], io: ContractCommandIo): Promise<number> {
  const env = io.env ?? process.env;
  let parsed: ParsedContractCommand;
  try {
    parsed = parseCommandLine(argv, env);
  } catch (error) {
    io.stderr(`koogallery-mock contract: ${(error as Error).message}\n${helpPointer('contract', error)}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(contractHelpText());
    return 0;
  }
  if (parsed.list) {
    io.stdout(listChecks(parsed.options));
    return 0;
  }
  const { reporter, output } = parsed;
  // The document goes to stdout only for json/junit without --output; progress then goes to stderr.
  const documentOnStdout = output === undefined && reporter !== 'pretty';
  const progress = documentOnStdout ? io.stderr : io.stdout;
  let headerShown = false;
  const options: ContractOptions = {
    ...parsed.options,
    ...(io.transport === undefined ? {} : { transport: io.transport }),
    onProgress: (event) => {
      if (event.type !== 'group' || documentOnStdout) return;
      if (!headerShown) {
        progress(
          formatHeader({
            sellerUrl: originAndPath(parsed.options.sellerUrl),
            protocol: parsed.options.protocol ?? 'v2',
            chargingMode: parsed.options.chargingMode ?? 'PERIOD',
            kit: parsed.options.kitKey !== undefined,
          }),
        );
        headerShown = true;
      }
      progress(formatGroupLine(event.group, event.results));
    },
  };
  // Which mock answered matters when several run (docs/getting-started.md, "Ports").
  if (options.mockUrl !== undefined)
    progress(`koogallery-mock contract: mock ${originAndPath(options.mockUrl).replace(/\/$/, '')}\n`);
  let report;
  try {
    report = await runContract(options);
  } catch (error) {
    if (error instanceof ConnectionError) {
      io.stderr(`koogallery-mock contract: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof KooGalleryError) {
      io.stderr(`koogallery-mock contract: ${error.message}\n${helpPointer('contract', error)}`);
      return 2;
    }
    io.stderr(
      `koogallery-mock contract: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  if (documentOnStdout) {
    io.stdout(formatContractReport(report, reporter));
    io.stderr(`${summaryLine(report)}\n`);
  } else {
    io.stdout(
      `${formatFailures(report)}${formatWarnings(report)}${formatSkipped(report)}${formatSummary(report)}`,
    );
    if (output !== undefined) {
      try {
        writeFileSync(output, formatContractReport(report, reporter), 'utf8');
      } catch (error) {
        io.stderr(`koogallery-mock contract: cannot write ${output} (${(error as Error).message}).\n`);
        return 2;
      }
      io.stdout(`Report written to ${output} (${reporter}).\n`);
    }
  }
  return report.ok ? 0 : 1;
}
