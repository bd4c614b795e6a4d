/**
 * Where the SDK handler's time goes, without HTTP: mitata timings (in-process, built SDK) of one queryInstance
 * `handler.handle()` and of the public building blocks it runs, so a missed throughput target can be explained
 * with numbers. The handler is given a pass-through nonce store (every nonce fresh) so the same signed request can
 * be replayed; the memory nonce store's `claim` is timed separately with distinct nonces, below its cap and at its
 * default cap of 100 000 entries (where it must evict the oldest on every claim).
 *
 * Times are process CPU time (so preemption by other work on a shared machine is not counted), p50 per call.
 *
 * `--nonce-curve` adds the cost of one memory-nonce-store claim as a fresh default store fills up (distinct
 * nonces, 10 000 claims per step, up to 300 000): flat below the 100 000-entry cap, then steeply rising.
 *
 * Usage: npx tsx bench/tools/handler-breakdown.ts [--ms 150] [--rounds 7] [--nonce-curve]
 */
import { parseArgs } from 'node:util';
import { measureCpuP50 } from '../lib/cpu-time';
import { BENCH_ACCESS_KEY, QUERY_INSTANCE_BODY } from '../lib/production-call';
import { createReplayedQueryInstance } from '../lib/replayed-query-instance';
import { loadSdkDist } from '../lib/sdk-dist';

const { values } = parseArgs({
  options: {
    ms: { type: 'string', default: '150' },
    rounds: { type: 'string', default: '7' },
    'nonce-curve': { type: 'boolean', default: false },
  },
});
const cpuNs = Number(values.ms) * 1e6;
const rounds = Number(values.rounds);
const sdk = await loadSdkDist({ allowStale: true });
const { createMemoryNonceStore, verifyRequest, validateSchema, createBodySign } = sdk.root;

const key = BENCH_ACCESS_KEY;
// The clock is pinned to the signing time and every nonce is fresh: the same signed call keeps succeeding.
const {
  signed,
  now,
  url,
  rawBody,
  handler,
  request,
  answer: first,
} = await createReplayedQueryInstance(sdk.root);
const payload = JSON.parse(first.body) as Record<string, unknown>;
const verified = verifyRequest({ accessKey: key, rawBody, query: signed.query, now });
if (!verified.valid || verified.matched !== 'raw')
  throw new Error(`verifyRequest: ${JSON.stringify(verified)}`);
// Distinct 64-hex nonces, as the platform sends (the counter makes each one new; building it costs ~0.1 µs).
let n = 0;
const nextNonce = (): string => `v2:${(n++).toString(16).padStart(64, '0')}`;
// Below its cap: a store that never has to evict during the run.
const roomyStore = createMemoryNonceStore({ maxEntries: 50_000_000 });
// At its cap: the default store (maxEntries 100 000), filled past the cap so every claim evicts the oldest.
const fullStore = createMemoryNonceStore();
// The memory store claims synchronously; its promise only carries the answer, not needed here.
for (let i = 0; i < 130_000; i++) void fullStore.claim(nextNonce(), 120_000);

const parts: Array<[string, () => unknown]> = [
  ['handler.handle() — whole pipeline, no HTTP', () => handler.handle(request)],
  [
    'verifyRequest (2 HMAC + checks)',
    () => verifyRequest({ accessKey: key, rawBody, query: signed.query, now }),
  ],
  ['memory nonce store claim, below its cap', () => roomyStore.claim(nextNonce(), 120_000)],
  [
    'memory nonce store claim, at its default 100 000 cap (evicting)',
    () => fullStore.claim(nextNonce(), 120_000),
  ],
  ['JSON.parse of the request body', () => JSON.parse(signed.body) as unknown],
  [
    "validateSchema('queryInstanceRequest')",
    () => validateSchema('queryInstanceRequest', QUERY_INSTANCE_BODY),
  ],
  [
    'JSON.parse(JSON.stringify(answer)) (finalisePayload copy)',
    () => JSON.parse(JSON.stringify(payload)) as unknown,
  ],
  ["validateSchema('queryInstanceResponse')", () => validateSchema('queryInstanceResponse', payload)],
  ['JSON.stringify(answer)', () => JSON.stringify(payload)],
  ['createBodySign (1 HMAC, base64)', () => createBodySign(key, first.body)],
  ['new URLSearchParams(query) → entries', () => [...new URLSearchParams(url.slice(url.indexOf('?') + 1))]],
];

console.log(
  `SDK ${sdk.version} (dist built ${sdk.builtAt}), Node ${process.version}; median over ${rounds} interleaved ` +
    'rounds of mitata p50 per call, process CPU time\n',
);
const samples: number[][] = parts.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < parts.length; k++) {
    const i = (k + r) % parts.length;
    samples[i]!.push(await measureCpuP50(parts[i]![1], cpuNs));
  }
}
const medians = samples.map((list) => [...list].sort((a, b) => a - b)[list.length >> 1]!);
const whole = medians[0]!;
parts.forEach(([label], i) => {
  const us = medians[i]! / 1000;
  const share = ((medians[i]! / whole) * 100).toFixed(0).padStart(4);
  const all = samples[i]!.map((v) => (v / 1000).toFixed(1)).join('/');
  console.log(`${us.toFixed(2).padStart(8)} µs ${share}%  ${label}  [${all}]`);
});

if (values['nonce-curve']) {
  const store = createMemoryNonceStore();
  const steps: string[] = [];
  for (let step = 1; step <= 30; step++) {
    const batch = Array.from({ length: 10_000 }, nextNonce);
    const before = process.cpuUsage();
    for (const nonce of batch) void store.claim(nonce, 120_000);
    const used = process.cpuUsage(before);
    if (step % 3 === 0) steps.push(`${step * 10}k ${((used.user + used.system) / 10_000).toFixed(1)}`);
  }
  console.log(
    `\nmemory nonce store (default cap 100 000), µs per claim after N claims: ${steps.join(' | ')}`,
  );
}
