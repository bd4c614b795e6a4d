/**
 * Issue 11 item 1: cost of one request verification for 1 KB and 16 KB bodies — the SDK's `verifyRequest` against
 * the floor (the V2 algorithm inline: two HMAC-SHA256 and `timingSafeEqual`) and four widely used webhook
 * verifiers. Targets: SDK ≤ 1.15× the floor at both sizes; SDK faster than stripe at 1 KB.
 *
 * Method: mitata `measure()` per subject — on the process CPU-time clock by default (`--clock`), so time the
 * process spends preempted on a shared machine is not charged to whichever subject was running — in interleaved rounds (every round measures every subject once, the
 * starting subject rotating), each round on freshly signed input. Per round the subject's median time per call
 * (p50) is divided by the floor's p50 of the same round; the reported ratio is the median of those per-round
 * ratios, so slow drift of a shared machine cancels out.
 */
import { measure } from 'mitata';
import { sizedBody } from '../lib/bodies';
import { median, range, round } from '../lib/stats';
import { defineCase, target, type Measurement, type TargetCheck } from '../lib/types';
import { verifySubjects } from '../lib/verifiers';

/** Process CPU time (user + system) in nanoseconds, as a mitata clock. Microsecond resolution. */
const cpuNow = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
};

/**
 * mitata options: `verifyMs` of sampled time per subject; 256 calls per sample (mitata's default of 4096 calls per
 * sample × its 12-sample minimum would take ~1 s per measurement for a 20 µs call, whatever `min_cpu_time` says),
 * so a sample lasts about a millisecond — far above the CPU clock's 1 µs resolution.
 */
const measureOptions = (verifyMs: number, clock: 'cpu' | 'wall') => ({
  min_cpu_time: verifyMs * 1e6,
  batch_samples: 256,
  ...(clock === 'cpu' ? { now: cpuNow } : {}),
});

const SIZES = [
  { bytes: 1024, label: '1 KB', key: '1kb' },
  { bytes: 16384, label: '16 KB', key: '16kb' },
] as const;

export default defineCase({
  id: 'verify-cost',
  title: 'Verification cost per call (mitata, interleaved rounds, median)',
  item: '1',
  order: 10,
  // 7 subjects × rounds × (sampled time + warm-up, preparation and a loaded machine's slack) per size.
  budgetMs: (o) => SIZES.length * o.verifyRounds * 7 * (o.verifyMs * 4 + 300) + 30_000,
  async run(ctx) {
    const subjects = verifySubjects(ctx.sdk);
    const rows: Measurement[] = [];
    const targets: TargetCheck[] = [];
    const raw: Record<string, Record<string, number[]>> = {};
    const stripeRatios: string[] = [];

    for (const size of SIZES) {
      const body = sizedBody(ctx.sdk.root.canonicalJson, size.bytes);
      const p50: Record<string, number[]> = Object.fromEntries(subjects.map((s) => [s.id, []]));
      const ratios: Record<string, number[]> = Object.fromEntries(subjects.map((s) => [s.id, []]));
      const sdkVsStripe: number[] = [];

      for (let r = 0; r < ctx.options.verifyRounds; r++) {
        const order = subjects.map((_, i) => subjects[(i + r) % subjects.length]!);
        const thisRound: Record<string, number> = {};
        for (const subject of order) {
          if (ctx.signal.aborted) throw new Error('aborted');
          const prepared = await subject.prepare(body);
          if (!(await prepared.accepts())) {
            throw new Error(
              `${subject.label} rejects its own freshly signed ${size.label} input: the benchmark is broken.`,
            );
          }
          // Let timers run (the case budget, Ctrl-C): mitata's loop and the sync subjects never yield on their own.
          await new Promise((resolve) => setImmediate(resolve));
          const stats = await measure(prepared.call, measureOptions(ctx.options.verifyMs, ctx.options.clock));
          thisRound[subject.id] = stats.p50;
          p50[subject.id]!.push(stats.p50);
        }
        const floor = thisRound.floor!;
        for (const s of subjects) ratios[s.id]!.push(thisRound[s.id]! / floor);
        sdkVsStripe.push(thisRound.sdk! / thisRound.stripe!);
        ctx.log(
          `${size.label} round ${r + 1}/${ctx.options.verifyRounds}: ` +
            subjects.map((s) => `${s.id} ${(thisRound[s.id]! / 1000).toFixed(2)}µs`).join(', '),
        );
      }

      for (const s of subjects) {
        const spread = range(ratios[s.id]!);
        rows.push({
          label: `${s.label} — ${size.label}`,
          value: round(median(p50[s.id]!) / 1000, 4),
          unit: 'µs/op',
          ...(s.id === 'floor'
            ? {}
            : { ratio: round(median(ratios[s.id]!), 4), ratioTo: `floor — ${size.label}` }),
          detail:
            s.id === 'floor'
              ? `p50 per round ${p50[s.id]!.map((v) => (v / 1000).toFixed(2)).join('/')} µs`
              : `per-round ratio ${spread.min.toFixed(3)}–${spread.max.toFixed(3)}`,
        });
      }
      targets.push(
        target({
          id: `verify.sdk-vs-floor.${size.key}`,
          description: `SDK verifyRequest ≤ 1.15× floor at ${size.label}`,
          actual: round(median(ratios.sdk!), 4),
          comparator: '<=',
          limit: 1.15,
          unit: '×',
        }),
      );
      stripeRatios.push(`${size.label} ${median(sdkVsStripe).toFixed(3)}×`);
      if (size.key === '1kb') {
        targets.push(
          target({
            id: 'verify.sdk-vs-stripe.1kb',
            description: 'SDK verifyRequest faster than stripe verifyHeader at 1 KB (time ratio < 1)',
            actual: round(median(sdkVsStripe), 4),
            comparator: '<',
            limit: 1,
            unit: '×',
          }),
        );
      }
      raw[size.key] = {
        ...Object.fromEntries(Object.entries(p50).map(([k, v]) => [`${k}.p50ns`, v])),
        sdkVsStripe,
      };
    }

    return {
      method:
        `mitata measure() on the ${ctx.options.clock === 'cpu' ? 'process CPU-time' : 'wall'} clock, ` +
        `${ctx.options.verifyRounds} interleaved rounds per size (start rotating), ` +
        `${ctx.options.verifyMs} ms sampled per subject per round, fresh valid input each round; value = median of ` +
        'per-round p50, ratio = median of per-round p50 ratios to the floor of the same round.',
      rows,
      targets,
      notes: [
        `SDK/stripe time ratio (median of per-round ratios): ${stripeRatios.join(', ')}.`,
        'Floor and SDK get the body as a Buffer (what the node adapter reads); peers get a string, their declared payload type.',
        'svix verify always JSON-parses the payload on success; standardwebhooks is called with jsonParse: false.',
        'octokit verify is async: its time includes one promise resolution per call.',
      ],
      raw,
    };
  },
});
