/**
 * Issue 11 item 2 (first half): requests per second of the SDK's production handler through its node:http adapter
 * against a bare node:http JSON echo that verifies nothing. Target: ≥ 0.6 of the echo's req/s. A third server,
 * plain node:http doing the verify + Body-Sign work by hand (the "reached 0.66" reference), shows how much of
 * the gap is the protocol's own work and how much the SDK's.
 */
import {
  BENCH_ACCESS_KEY,
  BENCH_INSTANCE_ID,
  QUERY_INSTANCE_BODY,
  serverConfig,
} from '../lib/production-call';
import { echoReply, signedSuccessReply } from '../lib/reply-checks';
import { compareThroughput } from '../lib/throughput';
import { defineCase, target } from '../lib/types';

export default defineCase({
  id: 'handler-node',
  title: 'Handler throughput: SDK node adapter vs bare node:http echo',
  item: '2',
  order: 20,
  budgetMs: (o) => o.rounds * 3 * ((o.warmupSec + o.durationSec) * 1000 + 45_000),
  async run(ctx) {
    const { config, note } = serverConfig(ctx.options);
    const body = JSON.stringify(QUERY_INSTANCE_BODY);
    const signedSuccess = signedSuccessReply(ctx.sdk, BENCH_ACCESS_KEY, BENCH_INSTANCE_ID);
    const cmp = await compareThroughput(ctx, {
      contenders: [
        {
          id: 'echo',
          label: 'node:http JSON echo, no verification',
          entry: 'echo-server.ts',
          checkReply: echoReply(body),
        },
        {
          id: 'sdk',
          label: 'SDK createNodeListener, queryInstance',
          entry: 'sdk-node-server.ts',
          checkReply: signedSuccess,
        },
        {
          id: 'hand',
          label: 'reference: node:http verify + Body-Sign by hand',
          entry: 'node-hand-server.ts',
          checkReply: signedSuccess,
        },
      ],
      body: QUERY_INSTANCE_BODY,
      config,
    });
    const o = ctx.options;
    return {
      method:
        `autocannon, ${o.connections} connections, pipelining 1, ${o.durationSec} s measured after ${o.warmupSec} s ` +
        `warm-up, ${o.rounds} round(s), order reversed every round; each server alone in a fresh child process on ` +
        '127.0.0.1; every request a distinct pre-signed queryInstance call (own nonce) taken by setupRequest from a ' +
        'shared pool.',
      rows: cmp.rows,
      targets: [
        target({
          id: 'handler.node-vs-echo',
          description: 'SDK node adapter ≥ 0.6× echo req/s',
          actual: cmp.rateRatio('sdk'),
          comparator: '>=',
          limit: 0.6,
          unit: '×',
        }),
      ],
      notes: [
        ...(note === undefined ? [] : [note]),
        `Capacity ratios (CPU per request, load-generator independent): SDK ${cmp.capacityRatio('sdk').toFixed(3)}×, ` +
          `hand-written ${cmp.capacityRatio('hand').toFixed(3)}× echo.`,
        ...cmp.notes,
      ],
      raw: cmp.raw,
    };
  },
});
