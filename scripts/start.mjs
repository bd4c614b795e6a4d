#!/usr/bin/env node
// `pnpm start` — the main job. Starts the mock marketplace (port 8787, SQLite under ./.koogallery-mock/) and the
// example express seller (port 3000, SQLite in the same directory) in this one process, wired together with a
// shared key, plays one purchase so the console has data, waits until it is delivered, and prints the console
// URL, the seller URL and the next commands to try. Ctrl-C (SIGINT) or SIGTERM stops both and exits 0.
//
// Clock: virtual. The purchase is delivered at once either way, but on the virtual clock business time moves
// only when asked (`koogallery-mock trigger advance 32d` → the expiry freeze, `16d` more → the release), so the
// whole lifecycle can be explored in seconds and is the same on every run. On the real clock the retry
// schedules (hours) and expiries (a month) would play out in wall time and `trigger advance` is refused.
//
// Plain Node.js (no build step for this file). The packages run from their dist/, built here when missing with
// the start build (KGK_BUILD=start: JavaScript only, no declarations or sourcemaps, which `start` never reads;
// `build` and `test` still build everything); the example seller is TypeScript and is loaded through tsx.
//
// Exit status (docs/exit-codes.md): 0 stopped by Ctrl-C or SIGTERM (the way to stop it), 1 the build or the
// start-up failed, 2 usage or configuration error (a bad variable, a port already in use).
//
// `node scripts/start.mjs --help` lists the environment variables.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => path.join(ROOT, ...parts);

/** The key both sides share when KOOGALLERY_ACCESS_KEY is not set. Local demo only, printed on purpose. */
const DEMO_KEY = 'koogallery-kit-local-demo-key';
const HOST = '127.0.0.1';
/** Demo product the first purchase buys (a monthly subscription of the mock's demo catalog). */
const DEMO_PRODUCT = 'crm';

const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 };

const HELP = `Usage: npx --yes pnpm@10 start [-- --build]   (or: node scripts/start.mjs [--build])

Starts the mock KooGallery marketplace and the example express seller wired together, plays one purchase,
and prints the console URL, the seller URL and the next commands to try. Ctrl-C stops both.
No configuration and no network needed. The mock runs on a virtual clock: business time moves only with
\`koogallery-mock trigger advance <duration>\`.

Options
  --build       rebuild the packages (pnpm -r run build) before starting; done anyway when dist/ is missing
  -h, --help    show this help

Environment
  MOCK_PORT               port of the mock marketplace and its console (default 8787; 0 = any free port)
  PORT                    port of the example seller (default 3000; 0 = any free port)
  KOOGALLERY_ACCESS_KEY   key shared by the mock and the seller (default: a local demo key, printed)
  KOOGALLERY_DATA_DIR     directory of the SQLite files mock.db and seller.sqlite (default ./.koogallery-mock)

Exit status: 0 stopped by Ctrl-C or SIGTERM, 1 the build or the start-up failed, 2 usage or configuration
error (e.g. a port already in use). Table: docs/exit-codes.md.`;

/** A failure with a message for the user and an exit status. */
class StartError extends Error {
  constructor(message, exitCode = EXIT.FAILURE) {
    super(message);
    this.exitCode = exitCode;
  }
}

// ------------------------------------------------------------------ settings

/** Port from an environment variable: an integer 0..65535, else a usage error naming the variable. */
function portFromEnv(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d{1,5}$/.test(raw.trim()) || Number(raw) > 65_535) {
    throw new StartError(
      `${name} must be a port number from 0 to 65535 (got ${JSON.stringify(raw)}).`,
      EXIT.USAGE,
    );
  }
  return Number(raw);
}

/** Everything this run needs from argv and the environment. */
function readSettings(argv, env) {
  const flags = new Set();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') flags.add('help');
    else if (arg === '--build') flags.add('build');
    else
      throw new StartError(
        `unknown ${arg.startsWith('-') ? 'option' : 'argument'} ${arg} for pnpm start; see npx --yes pnpm@10 start -- --help`,
        EXIT.USAGE,
      );
  }
  const mockPort = portFromEnv(env, 'MOCK_PORT', 8787);
  const sellerPort = portFromEnv(env, 'PORT', 3000);
  if (mockPort !== 0 && mockPort === sellerPort) {
    throw new StartError(
      `MOCK_PORT and PORT are both ${mockPort}; give the mock and the seller different ports.`,
      EXIT.USAGE,
    );
  }
  const userKey = env.KOOGALLERY_ACCESS_KEY;
  if (userKey !== undefined && userKey.trim() === '') {
    throw new StartError(
      'KOOGALLERY_ACCESS_KEY is set but empty; set it to a key or unset it to use the demo key.',
      EXIT.USAGE,
    );
  }
  const dataDir = path.resolve(env.KOOGALLERY_DATA_DIR || '.koogallery-mock');
  return {
    help: flags.has('help'),
    build: flags.has('build'),
    mockPort,
    sellerPort,
    key: userKey ?? DEMO_KEY,
    demoKey: userKey === undefined,
    dataDir,
  };
}

// ------------------------------------------------------------------ build

/** The built files this script loads; a missing one triggers the build. */
const REQUIRED_DIST = [
  'packages/sdk/dist/index.js',
  'packages/sdk/dist/express.js',
  'packages/mock-server/dist/index.js',
  'packages/mock-server/dist/cli.js',
];
const SOURCE_DIRS = ['packages/sdk/src', 'packages/sdk/schemas', 'packages/mock-server/src'];

/** Newest modification time (ms) of the files under `dir`, 0 when it does not exist. */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** `pnpm -r run build`, with the pnpm running this script when there is one (no network), else `npx --yes pnpm@10`. */
function runBuild() {
  const execPath = process.env.npm_execpath;
  const viaPnpm = execPath !== undefined && /pnpm/i.test(path.basename(execPath));
  const [command, args] = viaPnpm
    ? [process.execPath, [execPath, '-r', 'run', 'build']]
    : ['npx', ['--yes', 'pnpm@10', '-r', 'run', 'build']];
  console.log(
    `Building what start runs (KGK_BUILD=start ${viaPnpm ? 'pnpm' : 'npx --yes pnpm@10'} -r run build: JavaScript only)…`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, KGK_BUILD: 'start' },
      stdio: 'inherit',
      shell: process.platform === 'win32' && !viaPnpm,
    });
    // A Ctrl-C during the build reaches the child from the terminal too; make sure it never outlives us.
    const stop = () => child.kill('SIGTERM');
    process.once('exit', stop);
    child.once('error', (error) => {
      process.off('exit', stop);
      reject(
        new StartError(
          `could not run the build (${error.message}). Run \`npx --yes pnpm@10 build\` yourself, then start again.`,
        ),
      );
    });
    child.once('exit', (code, signal) => {
      process.off('exit', stop);
      if (code === 0) resolve();
      else
        reject(
          new StartError(
            `the build failed (${signal ?? `exit status ${code}`}); see its output above, fix it, then run \`npx --yes pnpm@10 start\` again.`,
          ),
        );
    });
  });
}

/** Builds when a dist file is missing (or `--build`); warns when the sources are newer than the build. */
async function ensureBuilt(force) {
  const missing = REQUIRED_DIST.filter((file) => !existsSync(at(file)));
  if (force || missing.length > 0) {
    if (missing.length > 0 && !force) console.log(`Not built yet (${missing[0]} is missing).`);
    await runBuild();
    const still = REQUIRED_DIST.filter((file) => !existsSync(at(file)));
    if (still.length > 0) throw new StartError(`the build did not produce ${still.join(', ')}.`);
    return;
  }
  const built = Math.min(...REQUIRED_DIST.map((file) => statSync(at(file)).mtimeMs));
  if (Math.max(...SOURCE_DIRS.map((dir) => newestMtime(at(dir)))) > built) {
    console.log(
      'Note: the package sources changed since the last build; run `npx --yes pnpm@10 start -- --build` to include the changes.\n',
    );
  }
}

// ------------------------------------------------------------------ ports

/**
 * The error for a port already in use: says whether a koogallery-mock (and which database) holds it and suggests
 * the next free port (`inspectTakenPort` of the mock-server package, the same as `koogallery-mock start`).
 */
async function takenPortError(mockServer, port, variable) {
  const taken = await mockServer.inspectTakenPort({ host: HOST, port });
  const next = taken.nextFreePort ?? '<port>';
  return new StartError(
    `${mockServer.describeTakenPort(taken)}. Stop it, or start on the next free port: ${variable}=${next} npx --yes pnpm@10 start`,
    EXIT.USAGE,
  );
}

/** Resolves the port to use: `port` when it is free on HOST, a free one for 0; throws naming the variable. */
function claimPort(mockServer, port, variable) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => {
      if (error.code === 'EADDRINUSE') {
        takenPortError(mockServer, port, variable).then(reject, reject);
        return;
      }
      reject(
        new StartError(
          `cannot listen on ${HOST}:${port} (${error.code ?? error.message}). Choose another port: ${variable}=<port> npx --yes pnpm@10 start`,
          EXIT.USAGE,
        ),
      );
    });
    probe.listen({ port, host: HOST, exclusive: true }, () => {
      const chosen = probe.address().port;
      probe.close(() => resolve(chosen));
    });
  });
}

// ------------------------------------------------------------------ output

/** Text of a delivery outcome, from the newInstance job of the purchase. */
function describeDelivery(job, attempts) {
  const last = attempts.at(-1);
  if (job.state === 'SUCCEEDED') {
    const took = last?.elapsedMs == null ? '' : ` in ${Math.round(last.elapsedMs)} ms`;
    return { ok: true, text: `newInstance delivered (${last?.resultCode ?? '000000'}${took})` };
  }
  const problems = (last?.problems ?? job.lastProblems ?? []).map((p) => `      - ${p.code}: ${p.message}`);
  return {
    ok: false,
    text: `newInstance ${job.state} after ${job.attemptCount} attempt(s)${problems.length ? `:\n${problems.join('\n')}` : ''}`,
  };
}

/** `file` relative to the working directory when it is below it, else absolute. */
function shown(file) {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Shell-quotes `value` when it needs it (POSIX shells). */
function quote(value) {
  return /^[\w./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The next commands to try: every one is run by the main-job test, so they must work as printed. */
function nextCommands({
  cli,
  sellerProductionUrl,
  key,
  demoKey,
  mockUrl,
  mockPort,
  instanceRef,
  instanceId,
  delivered,
}) {
  const mock = `node ${quote(cli)}`;
  const keyFlag = demoKey ? ` --key ${quote(key)}` : ''; // a user's own key is read from $KOOGALLERY_ACCESS_KEY
  const url = mockPort === 8787 ? '' : ` --url ${mockUrl}`;
  const commands = [
    {
      what: 'run the conformance suite against the seller',
      command: `${mock} contract --seller-url ${sellerProductionUrl}${keyFlag}`,
    },
    { what: 'play another purchase', command: `${mock} trigger purchase --product ${DEMO_PRODUCT}${url}` },
  ];
  // The rest needs the instance the purchase created, which exists only once newInstance was accepted.
  if (!delivered) return commands;
  commands.push(
    {
      what: 'renew the instance (refreshInstance)',
      command: `${mock} trigger renew --instance ${instanceRef}${url}`,
    },
    {
      what: 'move business time two months on: expired instances are frozen (updateInstanceStatus), then released',
      command: `${mock} trigger advance 62d${url}`,
    },
    {
      what: "send one call yourself and read the platform's verdict",
      command: `${mock} call queryInstance --seller-url ${sellerProductionUrl}${keyFlag} --instance-id ${quote(instanceId)}`,
    },
  );
  return commands;
}

// ------------------------------------------------------------------ main

function loadMockServer() {
  return import(pathToFileURL(at('packages/mock-server/dist/index.js')).href);
}

async function loadSeller() {
  // tsx (root devDependency) lets this plain script load the example seller's TypeScript sources.
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(at('packages/examples/express-seller/src/index.ts')).href);
}

/** Starts both, plays the purchase, prints what to do next; resolves with a stop function. */
async function start(settings) {
  await ensureBuilt(settings.build);
  const mockServer = await loadMockServer();
  // Both ports are checked before anything is opened, so a taken port leaves nothing behind.
  const mockPort = await claimPort(mockServer, settings.mockPort, 'MOCK_PORT');
  const sellerPort = await claimPort(mockServer, settings.sellerPort, 'PORT');
  if (mockPort === sellerPort)
    throw new StartError('MOCK_PORT and PORT resolved to the same port; set them explicitly.', EXIT.USAGE);
  mkdirSync(settings.dataDir, { recursive: true });
  const mockDb = path.join(settings.dataDir, 'mock.db');
  const sellerDb = path.join(settings.dataDir, 'seller.sqlite');

  const sellerModule = await loadSeller();
  const closers = [];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        console.error(`error while stopping: ${error?.message ?? error}`);
      }
    }
  };

  try {
    // No orderLookup: the conformance suite printed below sends orders of its own in-process marketplace, which
    // this mock's order-query Open API does not know, and the example seller answers 000005 when a lookup fails.
    const seller = sellerModule.createSellerApp({
      accessKey: settings.key,
      dbPath: sellerDb,
      appBaseUrl: `http://${HOST}:${sellerPort}`,
      logger: {
        warn: (message) => console.log(`[seller] ${message}`),
        error: (message) => console.error(`[seller] ${message}`),
      },
    });
    closers.push(() => seller.close());
    const { url: sellerUrl, productionUrl } = await listenOrExplain(
      mockServer,
      () => seller.listen(sellerPort, HOST),
      sellerPort,
      'PORT',
    );

    const market = await listenOrExplain(
      mockServer,
      () =>
        mockServer.createMockMarketplace({
          sellerUrl: productionUrl,
          accessKey: settings.key,
          db: mockDb,
          host: HOST,
          port: mockPort,
          clock: 'virtual',
          log: (line) => console.log(`[mock] ${line}`),
          onError: (error, context) => console.error(`[mock] ${context}: ${error?.message ?? error}`),
        }),
      mockPort,
      'MOCK_PORT',
    );
    closers.push(() => market.close());

    // One purchase, paid at once; flush() delivers the newInstance it causes and resolves once it is judged.
    const order = market.purchase({ productCode: DEMO_PRODUCT, autoPay: true });
    await market.flush();
    await market.idle();
    const job = market.jobs({ orderId: order.orderId }).find((j) => j.interface === 'newInstance');
    if (job === undefined)
      throw new StartError(`the purchase ${order.orderId} did not create a newInstance call.`);
    const delivery = describeDelivery(job, market.attempts({ jobId: job.id }));
    const instance = market.instances({ orderId: order.orderId })[0];

    const consoleUrl = `${market.url}/console`;
    const hasConsole = market.http.consoleDir() !== null;
    const cli = shown(at('packages/mock-server/dist/cli.js'));
    const commands = nextCommands({
      cli,
      sellerProductionUrl: productionUrl,
      key: settings.key,
      demoKey: settings.demoKey,
      mockUrl: market.url,
      mockPort,
      instanceRef: instance?.ref,
      instanceId: instance?.instanceId,
      delivered: delivery.ok && instance?.instanceId != null,
    });
    console.log(
      [
        '',
        'koogallery-kit is running. Ctrl-C stops both.',
        '',
        `  Console          ${consoleUrl}${hasConsole ? '' : '   (not built in this checkout; use the admin API)'}`,
        `  Mock marketplace ${market.url}   admin API ${market.adminUrl}, Open APIs, clock: virtual`,
        `  Seller           ${sellerUrl}   production URL ${productionUrl}`,
        `  Key              ${settings.demoKey ? `${settings.key} (local demo key; set KOOGALLERY_ACCESS_KEY to use yours)` : 'from KOOGALLERY_ACCESS_KEY (the commands below read it from there too: export it in that terminal)'}`,
        `  State            ${shown(mockDb)}, ${shown(sellerDb)}`,
        '',
        `Played one purchase: order ${order.orderId}${instance ? `, instance ${instance.ref}` : ''} (${DEMO_PRODUCT}) → ${delivery.text}`,
        ...(delivery.ok
          ? []
          : [
              '  The seller did not accept it; the console and `GET /__admin/attempts` show the request and the reply.',
            ]),
        '',
        'Next, in another terminal:',
        ...commands.flatMap(({ what, command }) => [`  # ${what}`, `  ${command}`]),
        '',
      ].join('\n'),
    );
    return stop;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs `listen`; an address in use (lost race with another program) becomes the same clear message. */
async function listenOrExplain(mockServer, listen, port, variable) {
  try {
    return await listen();
  } catch (error) {
    const text = `${error?.code ?? ''} ${error?.cause?.code ?? ''} ${error?.message ?? ''}`;
    if (/EADDRINUSE|in use/i.test(text)) throw await takenPortError(mockServer, port, variable);
    throw error;
  }
}

async function main() {
  let settings;
  try {
    settings = readSettings(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`start: ${error.message}`);
    process.exit(error.exitCode ?? EXIT.USAGE);
  }
  if (settings.help) {
    console.log(HELP);
    return;
  }

  // Signals are handled from the start, so a Ctrl-C during start-up also closes whatever is open.
  // Ctrl-C on `npx --yes pnpm@10 start` reaches this process more than once: from the terminal, and forwarded
  // by pnpm (and npm) a moment later. Signals within REPEAT_WINDOW_MS of the first are that same request; only
  // a later one means "stop at once".
  const REPEAT_WINDOW_MS = 3_000;
  let stop;
  let stopping = false;
  let firstSignalAt = 0;
  let startupAborted = false;
  const onSignal = (signal) => {
    if (stopping) {
      if (Date.now() - firstSignalAt < REPEAT_WINDOW_MS) return;
      console.error(`${signal} again: stopping at once.`);
      process.exit(EXIT.FAILURE);
    }
    stopping = true;
    firstSignalAt = Date.now();
    if (stop === undefined) {
      startupAborted = true;
      console.log(`${signal} received during start-up; stopping.`);
      return;
    }
    console.log(`${signal} received: stopping the mock (deliveries in flight finish first) and the seller…`);
    stop().then(
      () => {
        console.log('Stopped.');
        process.exit(EXIT.OK);
      },
      (error) => {
        console.error(`error while stopping: ${error?.message ?? error}`);
        process.exit(EXIT.FAILURE);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  try {
    stop = await start(settings);
  } catch (error) {
    if (startupAborted) {
      // Ctrl-C during the build or the start-up: whatever was opened has been closed by start().
      console.log('Stopped.');
      process.exit(EXIT.OK);
    }
    if (error instanceof StartError) console.error(`start: ${error.message}`);
    else console.error('start: could not start:', error);
    process.exit(error instanceof StartError ? error.exitCode : EXIT.FAILURE);
  }
  if (startupAborted) {
    await stop();
    console.log('Stopped.');
    process.exit(EXIT.OK);
  }
}

await main();
