/**
 * CPU cost per call of the SDK functions on the hot paths of issue 11: what the mock marketplace's delivery engine
 * runs per call (`signRequest`, `buildProductionCall` for newInstance, `judgeReply` of a valid signed `000000` reply
 * with the headers a node:http seller sends, `verifyBodySign`) and what a seller's server runs per request
 * (`handler.handle()` for a signed queryInstance call, and the same call through the node:http adapter with a
 * socket-less request/response pair).
 *
 * Times are process CPU time (`process.cpuUsage()`, so preemption by other work on the shared machine is not
 * counted): mitata p50 per call; the report gives the median and the minimum over several interleaved rounds.
 *
 * By default the built SDK is measured (`packages/sdk/dist`, rebuild with
 * `npx pnpm@10 --filter @koogallery-kit/sdk run build`); `--source` imports the TypeScript sources through tsx
 * instead (quicker to iterate, but tsx wraps named functions in `__name`, so numbers differ). `--baseline <dir>`
 * also measures another build of the SDK (a directory holding its `index.js` and `node.js`, e.g. a copy of `dist`
 * saved before a change), interleaved with the first, so a change is compared under the same machine load.
 *
 * Usage: npx tsx bench/tools/sdk-hot-paths.ts [--ms 150] [--rounds 7] [--source] [--allow-stale]
 *          [--baseline <dir>]
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type * as SdkRoot from '@koogallery-kit/sdk';
import type * as SdkNode from '@koogallery-kit/sdk/node';
import type * as SdkPlatform from '@koogallery-kit/sdk/platform';
import { measureCpuP50 } from '../lib/cpu-time';
import { BENCH_ACCESS_KEY } from '../lib/production-call';
import { createReplayedQueryInstance } from '../lib/replayed-query-instance';
import { loadSdkDist } from '../lib/sdk-dist';
import { PRODUCE_PATH } from '../servers/query-instance';

const { values } = parseArgs({
  options: {
    ms: { type: 'string', default: '150' },
    rounds: { type: 'string', default: '7' },
    source: { type: 'boolean', default: false },
    'allow-stale': { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const cpuNs = Number(values.ms) * 1e6;
const rounds = Number(values.rounds);

/** One SDK build under test. */
interface Sdk {
  label: string;
  root: typeof SdkRoot;
  node: typeof SdkNode;
  platform: typeof SdkPlatform;
}

async function loadSdk(): Promise<Sdk> {
  if (values.source) {
    return {
      label: 'sources (packages/sdk/src through tsx)',
      root: await import('../../packages/sdk/src/index'),
      node: await import('../../packages/sdk/src/entries/node'),
      platform: await import('../../packages/sdk/src/entries/platform'),
    };
  }
  const sdk = await loadSdkDist({ allowStale: values['allow-stale'] });
  return {
    label: `dist of SDK ${sdk.version} (built ${sdk.builtAt}${sdk.stale ? ', STALE' : ''})`,
    root: sdk.root,
    node: sdk.node,
    platform: sdk.platform,
  };
}

async function loadBaseline(dir: string): Promise<Sdk> {
  const at = (file: string): string => pathToFileURL(resolve(dir, file)).href;
  return {
    label: `baseline build in ${dir}`,
    root: (await import(at('index.js'))) as typeof SdkRoot,
    node: (await import(at('node.js'))) as typeof SdkNode,
    // Builds before the `/platform` entry point exported the platform side from the root.
    platform: (await import(
      at(existsSync(resolve(dir, 'platform.js')) ? 'platform.js' : 'index.js')
    )) as typeof SdkPlatform,
  };
}

const key = BENCH_ACCESS_KEY;
const sellerUrl = `http://127.0.0.1:3000${PRODUCE_PATH}`;
const fixedNow = Date.now();

let seq = 0;
/** A fresh newInstance body per call, as the delivery case sends (distinct order lines). */
function newInstanceBody(): Record<string, unknown> {
  const line = String(++seq % 1e9).padStart(9, '0');
  return {
    activity: 'newInstance',
    orderId: `CS2611220000${line}`,
    orderLineId: `CS2611220000${line}-000001`,
    businessId: `bench-business-${line}`,
  };
}

/** Just enough of `http.IncomingMessage` for the node adapter: the body arrives as one chunk on `push()`. */
class FakeRequest extends EventEmitter {
  readonly method = 'POST';
  readableEnded = false;
  destroyed = false;
  complete = false;
  readable = true;
  socket = undefined;
  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
    private readonly body: Buffer,
  ) {
    super();
  }
  push(): void {
    this.emit('data', this.body);
    this.readableEnded = true;
    this.complete = true;
    this.readable = false;
    this.emit('end');
  }
}

/** Just enough of `http.ServerResponse`: records the answer and reports when it is ended. */
class FakeResponse {
  headersSent = false;
  writableEnded = false;
  status = 0;
  body = '';
  constructor(private readonly done: () => void) {}
  writeHead(status: number): this {
    this.status = status;
    this.headersSent = true;
    return this;
  }
  end(body: string): this {
    this.body = body;
    this.writableEnded = true;
    this.done();
    return this;
  }
  destroy(): void {
    this.done();
  }
}

/** The measured calls of one SDK build, each checked once for the expected (success) outcome. */
async function partsOf(sdk: Sdk): Promise<Array<[string, () => unknown]>> {
  const { signRequest, verifyBodySign, createBodySign } = sdk.root;
  const { buildProductionCall, judgeReply } = sdk.platform;

  // Delivery side. The reply the SDK's node adapter sends for newInstance, with the headers node:http adds, as
  // undici hands them over.
  const signBody = newInstanceBody();
  const replyBody = JSON.stringify({
    resultCode: '000000',
    resultMsg: 'success.',
    instanceId: 'bench-CS2611220000000000001-000001',
  });
  const bodySign = createBodySign(key, replyBody);
  const reply = {
    status: 200,
    rawHeaders: [
      ['Content-Type', 'application/json;charset=UTF-8'],
      ['Body-Sign', bodySign],
      ['Content-Length', String(Buffer.byteLength(replyBody))],
      ['Date', new Date(fixedNow).toUTCString()],
      ['Connection', 'keep-alive'],
      ['Keep-Alive', 'timeout=5'],
    ] as Array<[string, string]>,
    body: replyBody,
    elapsedMs: 1.2,
  };
  const verdict = judgeReply({ interface: 'newInstance', accessKey: key, reply });
  if (!verdict.accepted) throw new Error(`judgeReply did not accept the reply: ${JSON.stringify(verdict)}`);
  if (!verifyBodySign(key, replyBody, bodySign)) throw new Error('verifyBodySign rejected a valid signature');

  // Seller side: a signed queryInstance call the handler keeps answering with success (pinned clock, every nonce
  // fresh; the nonce store's own cost is measured by handler-breakdown.ts).
  const { url, headers, rawBody, handler, request } = await createReplayedQueryInstance(sdk.root);

  const listener = sdk.node.createNodeListener(handler);
  const viaNode = (): Promise<FakeResponse> =>
    new Promise((done) => {
      const req = new FakeRequest(url, headers, rawBody);
      const res: FakeResponse = new FakeResponse(() => done(res));
      listener(req as never, res as never);
      req.push();
    });
  const answered = await viaNode();
  if (answered.status !== 200 || !answered.body.includes('"000000"'))
    throw new Error(`node listener did not succeed: ${answered.status} ${answered.body}`);

  return [
    ['signRequest (newInstance body, default nonce)', () => signRequest({ accessKey: key, body: signBody })],
    [
      'buildProductionCall (newInstance, fresh body)',
      () =>
        buildProductionCall({
          sellerUrl,
          accessKey: key,
          interface: 'newInstance',
          body: newInstanceBody(),
          timestamp: fixedNow,
        }),
    ],
    [
      'judgeReply (valid 000000 newInstance reply)',
      () => judgeReply({ interface: 'newInstance', accessKey: key, reply }),
    ],
    ['verifyBodySign (valid)', () => verifyBodySign(key, replyBody, bodySign)],
    ['handler.handle() (signed queryInstance)', () => handler.handle(request)],
    ['node listener (fake req/res, queryInstance)', viaNode],
  ];
}

const builds: Sdk[] = [await loadSdk()];
if (values.baseline !== undefined) builds.push(await loadBaseline(values.baseline));
const parts = await Promise.all(builds.map(partsOf));
const labels = parts[0]!.map(([label]) => label);

console.log(
  `Node ${process.version}; mitata p50 per call in process CPU time, median (min) over ${rounds} interleaved ` +
    `rounds\n${builds.map((b, i) => `  [${i === 0 ? 'A' : 'B'}] ${b.label}`).join('\n')}\n`,
);
// samples[build][part] = p50 of each round, ns
const samples: number[][][] = builds.map(() => labels.map(() => []));
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < labels.length; k++) {
    const i = (k + r) % labels.length;
    for (let j = 0; j < builds.length; j++) {
      const b = (j + r) % builds.length;
      samples[b]![i]!.push(await measureCpuP50(parts[b]![i]![1], cpuNs));
    }
  }
}
const summary = (list: number[]): { median: number; min: number } => {
  const sorted = [...list].sort((a, b) => a - b);
  return { median: sorted[sorted.length >> 1]! / 1000, min: sorted[0]! / 1000 };
};
const cell = (s: { median: number; min: number }): string =>
  `${s.median.toFixed(2).padStart(7)} (${s.min.toFixed(2).padStart(6)})`;
console.log(
  `${builds.map((_, i) => `${i === 0 ? '[A]' : '[B]'} µs/call`.padEnd(17)).join(' ')}${builds.length > 1 ? ' A/B  ' : ''}`,
);
labels.forEach((label, i) => {
  const stats = builds.map((_, b) => summary(samples[b]![i]!));
  const ratio = stats.length > 1 ? ` ${(stats[0]!.median / stats[1]!.median).toFixed(2)} ` : '';
  console.log(`${stats.map(cell).join('  ')}${ratio} ${label}`);
});
