/**
 * Issue 11 item 2 (second half): the SDK's express adapter against plain express doing the same work by hand
 * (raw body, V2 signature and nonce check, JSON checks, answer, Body-Sign — node:crypto inline; see
 * bench/servers/hand-written-call.ts). Target: within 5 % (≥ 0.95×) of the hand-written server.
 */
import {
  BENCH_ACCESS_KEY,
  BENCH_INSTANCE_ID,
  QUERY_INSTANCE_BODY,
  serverConfig,
} from '../lib/production-call';
import { signedSuccessReply } from '../lib/reply-checks';
import { compareThroughput } from '../lib/throughput';
import { defineCase, target } from '../lib/types';

export default defineCase({
  id: 'handler-express',
  title: 'Handler throughput: SDK express adapter vs hand-written express',
  item: '2',
  order: 30,
  budgetMs: (o) => o.rounds * 2 * ((o.warmupSec + o.durationSec) * 1000 + 45_000),
  async run(ctx) {
    const { config, note } = serverConfig(ctx.options);
    const check = signedSuccessReply(ctx.sdk, BENCH_ACCESS_KEY, BENCH_INSTANCE_ID);
    const cmp = await compareThroughput(ctx, {
      contenders: [
        {
          id: 'hand',
          label: 'express by hand (raw + node:crypto)',
          entry: 'express-hand-server.ts',
          checkReply: check,
        },
        {
          id: 'sdk',
          label: 'SDK createExpressMiddleware',
          entry: 'express-sdk-server.ts',
          checkReply: check,
        },
      ],
      body: QUERY_INSTANCE_BODY,
      config,
    });
    const o = ctx.options;
    return {
      method:
        `autocannon, ${o.connections} connections, ${o.durationSec} s measured after ${o.warmupSec} s warm-up, ` +
        `${o.rounds} round(s) ABBA; both express apps with etag and x-powered-by off, fresh child per run; ` +
        'distinct pre-signed queryInstance calls; both answers checked (resultCode 000000, Body-Sign verifies).',
      rows: cmp.rows,
      targets: [
        target({
          id: 'handler.express-vs-hand',
          description: 'SDK express adapter ≥ 0.95× hand-written express req/s',
          actual: cmp.rateRatio('sdk'),
          comparator: '>=',
          limit: 0.95,
          unit: '×',
        }),
      ],
      notes: [
        ...(note === undefined ? [] : [note]),
        `Capacity ratio (CPU per request, load-generator independent): ${cmp.capacityRatio('sdk').toFixed(3)}×.`,
        ...cmp.notes,
      ],
      raw: cmp.raw,
    };
  },
});
