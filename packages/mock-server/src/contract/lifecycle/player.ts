/**
 * The in-process player: lifecycle steps played on an engine of the scenario's own (virtual clock, in-memory
 * store) against the real seller. Its deliverer drops wire-format problems (behaviour-deliverer.ts), which the
 * console checks judge once per interface.
 */
import { randomBytes } from 'node:crypto';
import { createMarketEngine } from '../../engine/engine';
import { createVirtualClock } from '../../engine/time/clock';
import { DEMO_CATALOG } from '../../engine/model/demo-catalog';
import { createMemoryStore } from '../../store/memory-store';
import type { CheckContext } from '../context';
import { createBehaviourDeliverer } from './behaviour-deliverer';
import type { Player, PlayerAction } from './player-types';
import { reportedOutcome, stepReport, waitForPoll } from './step-report';

/** Creates an in-process player (its own engine, store and virtual clock starting at the wall clock). */
export function createPlayer(ctx: CheckContext): Player {
  const o = ctx.options;
  const clock = createVirtualClock(ctx.now());
  const store = createMemoryStore();
  const deliver = createBehaviourDeliverer({
    sellerUrl: o.sellerUrl,
    accessKey: o.key,
    ...(o.kitKey === undefined ? {} : { kitAccessKey: o.kitKey }),
    transport: o.transport,
    timeoutMs: o.callTimeoutMs,
    timeLimitMs: o.timeLimitMs,
    now: () => ctx.now(),
  });
  const engine = createMarketEngine({
    store,
    clock,
    deliver,
    // A random seed: order ids differ on every run, so a seller with persistent state sees new orders.
    seed: randomBytes(8).toString('hex'),
    // Production calls, as the platform sends renewals, freezes and releases: no testFlag (§2.1). A seller that
    // only behaves for debugging calls (testFlag "1") is judged on what production sends it.
    testFlag: null,
    probing: { enabled: false },
    secrets: [...ctx.secrets],
  });
  const secrets = ctx.secrets;

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 16 && (engine.nextDueAt() ?? Number.POSITIVE_INFINITY) <= clock.now(); i++) {
      await clock.advance(0);
    }
    await engine.idle();
  };

  const perform = async (action: PlayerAction): Promise<unknown> => {
    switch (action.kind) {
      case 'purchase':
        return engine.purchase(action.input);
      case 'upgrade':
        return engine.upgrade(action.ref, action.input);
      case 'renew':
        return engine.renew(action.ref, action.input);
      case 'trial-to-formal':
        return engine.trialToFormal(action.ref, action.input);
      case 'unsubscribe':
        return engine.unsubscribe(action.ref);
      case 'advance-to':
        return clock.advanceTo(Math.max(action.time, clock.now()));
    }
  };

  return {
    async product(mode, po = {}) {
      const p = DEMO_CATALOG.products.find(
        (x) => x.chargingMode === mode && (po.trial !== true || x.trialDays !== undefined),
      );
      return p === undefined
        ? undefined
        : { code: p.code, skus: p.skus.map((s) => s.skuCode), trial: p.trialDays !== undefined };
    },
    async act(action) {
      const before = Math.max(0, ...engine.listJobs().map((j) => j.seq));
      await perform(action);
      await settle();
      // The engine is the scenario's own: every new job belongs to the step. Polling after a 000004 is judged by
      // waitForPolling, not as part of the step that triggered it.
      const jobs = engine
        .listJobs()
        .filter((j) => j.seq > before && j.purpose !== 'poll')
        .sort((a, b) => a.seq - b.seq)
        .map((j) => engine.getJob(j.id));
      return stepReport(jobs, secrets);
    },
    instance: async (ref) => engine.getInstance(ref),
    now: async () => clock.now(),
    async checkReported(ref, after) {
      if (!ctx.interfaces.has('queryInstance')) return { ok: true, exchanges: [] };
      const page = await engine.openResourcePage(ref);
      return reportedOutcome(page, engine.getInstance(ref).instanceId ?? '?', after, secrets);
    },
    waitForPolling: (ref, budgetMs) =>
      waitForPoll(
        {
          find: async () => engine.listJobs({ instanceRef: ref }).find((j) => j.purpose === 'poll'),
          read: async (id) => engine.getJob(id),
          next: async () => {
            await clock.advanceToNextJob();
            await engine.idle();
          },
        },
        budgetMs,
        secrets,
      ),
    async close() {
      await engine.close();
      store.close();
    },
  };
}
