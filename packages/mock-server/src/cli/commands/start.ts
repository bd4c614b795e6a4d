/**
 * `koogallery-mock start`: loads the configuration (file, environment, flags), starts the mock marketplace,
 * prints the banner (secrets redacted) and the live log of attempts, and shuts down gracefully on SIGINT or
 * SIGTERM (deliveries in flight finish, pending jobs stay in the store). A second signal stops at once.
 */
import { parseArgs } from 'node:util';
import { KooGalleryError } from '@koogallery-kit/sdk';
import { redactSecret } from '@koogallery-kit/sdk/platform';
import { formatBanner } from '../banner';
import type { MockConfig } from '../../config/config-schema';
import { ConfigProblemsError, loadMockConfig, toMarketplaceOptions } from '../../config/load-config';
import { MOCK_VERSION } from '../../config/version';
import { createMockMarketplace, type MockMarketplace } from '../../mock-marketplace';
import { describeTakenPort, inspectTakenPort } from '../port-in-use';
import { EXIT, startHelpText, type CliIo } from './help';
import { parseArgsSentence } from './usage-error';

/** I/O of the start command. */
export interface StartCommandIo extends CliIo {
  /**
   * Where shutdown signals come from. Default `process` (SIGINT, SIGTERM). Tests pass an emitter and emit
   * `SIGTERM` themselves.
   */
  signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  /** Called once the mock listens (tests, embedding). */
  onStarted?: (market: MockMarketplace) => void;
  /** Called when a second signal arrives during shutdown. Default: `process.exit(1)`. */
  forceExit?: () => void;
}

const OPTIONS = {
  'seller-url': { type: 'string' },
  key: { type: 'string' },
  'kit-key': { type: 'string' },
  protocol: { type: 'string' },
  'encrypt-type': { type: 'string' },
  'kit-public-key': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  clock: { type: 'string' },
  'time-scale': { type: 'string' },
  'start-at': { type: 'string' },
  timeout: { type: 'string' },
  'admin-token': { type: 'string' },
  'allowed-host': { type: 'string' },
  ak: { type: 'string' },
  sk: { type: 'string' },
  seed: { type: 'string' },
  config: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flag → configuration key. */
const KEY_OF_FLAG: Readonly<Record<string, keyof MockConfig>> = {
  'seller-url': 'sellerUrl',
  key: 'key',
  'kit-key': 'kitKey',
  protocol: 'protocol',
  'encrypt-type': 'encryptType',
  'kit-public-key': 'kitPublicKey',
  port: 'port',
  host: 'host',
  db: 'db',
  clock: 'clock',
  'time-scale': 'timeScale',
  'start-at': 'startAt',
  timeout: 'timeout',
  'admin-token': 'adminToken',
  'allowed-host': 'allowedHosts',
  ak: 'ak',
  sk: 'sk',
  seed: 'seed',
};

/** Masks every secret inside `text`. */
function scrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return (text) => list.reduce((acc, s) => acc.split(s).join(redactSecret(s)), text);
}

/**
 * Runs `koogallery-mock start …` (`argv` after the program name, with or without `start`). Resolves with the
 * exit code when the mock has stopped: 0 after a signal, 1 when it could not run, 2 on usage or configuration
 * errors (every problem listed, naming the flag or file key).
 */
export async function runStartCommand(argv: readonly string[], io: StartCommandIo): Promise<number> {
  const args = argv[0] === 'start' ? argv.slice(1) : [...argv];
  const env = io.env ?? process.env;
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    // parseArgs names the offending option; its message never contains a value.
    io.stderr(`koogallery-mock start: ${parseArgsSentence('start', error)}\n`);
    return EXIT.USAGE;
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const scrub = scrubber([
    v.key as string,
    v['kit-key'] as string,
    v['admin-token'] as string,
    v.sk as string,
  ]);
  if (v.help === true) {
    io.stdout(startHelpText());
    return EXIT.OK;
  }
  if (parsed.positionals.length > 0) {
    io.stderr(
      `koogallery-mock start: unexpected argument ${JSON.stringify(scrub(parsed.positionals[0] as string))}; every setting is a flag, e.g. --seller-url URL.\n`,
    );
    return EXIT.USAGE;
  }

  const flags: Partial<Record<keyof MockConfig, unknown>> = {};
  for (const [flag, key] of Object.entries(KEY_OF_FLAG)) {
    if (typeof v[flag] === 'string') flags[key] = v[flag];
  }
  let config;
  try {
    config = loadMockConfig({ file: v.config as string | undefined, flags, env, cwd: io.cwd });
  } catch (error) {
    if (error instanceof ConfigProblemsError) {
      io.stderr(
        `koogallery-mock start: ${scrub(error.message)}\nRun \`koogallery-mock start --help\` for usage.\n`,
      );
      return EXIT.USAGE;
    }
    throw error;
  }
  const secrets = scrubber([config.key, config.kitKey, config.adminToken, config.sk]);
  const quiet = v.quiet === true;

  let market: MockMarketplace;
  try {
    market = await createMockMarketplace({
      ...toMarketplaceOptions(config),
      log: quiet ? undefined : (line) => io.stdout(`${line}\n`),
      onError: (error, context) => {
        const message = error instanceof Error ? error.message : String(error);
        io.stderr(`koogallery-mock: ${context}: ${secrets(message)}\n`);
      },
    });
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'EADDRINUSE') {
      const taken = await inspectTakenPort({ host: config.host, port: config.port });
      const next =
        taken.nextFreePort === undefined
          ? ''
          : `, or start on the next free port: --port ${taken.nextFreePort}`;
      io.stderr(`koogallery-mock start: ${describeTakenPort(taken)}. Stop it${next}.\n`);
      return EXIT.USAGE;
    }
    const message =
      error instanceof KooGalleryError
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error);
    io.stderr(`koogallery-mock start: ${secrets(message)}\n`);
    return error instanceof KooGalleryError && error.code === 'CONFIG_INVALID' ? EXIT.USAGE : EXIT.FAILURE;
  }

  const signals = io.signals ?? process;
  let onInt = (): void => undefined;
  let onTerm = (): void => undefined;
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: string): void => {
      if (stopping) {
        io.stderr(`koogallery-mock: ${signal} again, stopping at once.\n`);
        (io.forceExit ?? (() => process.exit(EXIT.FAILURE)))();
        return;
      }
      stopping = true;
      io.stdout(`koogallery-mock: ${signal} received, stopping (deliveries in flight finish first)…\n`);
      market.close().then(resolve, (error: unknown) => {
        io.stderr(
          `koogallery-mock: error while stopping: ${secrets(String((error as Error)?.message ?? error))}\n`,
        );
        resolve();
      });
    };
    onInt = () => onSignal('SIGINT');
    onTerm = () => onSignal('SIGTERM');
    signals.on('SIGINT', onInt);
    signals.on('SIGTERM', onTerm);
    // The banner comes once the handlers are in place: whoever reads "listening" may press Ctrl-C at once.
    io.stdout(
      formatBanner(config, {
        url: market.url,
        now: market.engine.now(),
        recovery: market.engine.recovery,
        console: market.http.consoleDir() !== null,
        version: MOCK_VERSION,
      }),
    );
    io.onStarted?.(market);
  });
  signals.off('SIGINT', onInt);
  signals.off('SIGTERM', onTerm);
  io.stdout('koogallery-mock: stopped.\n');
  return EXIT.OK;
}
