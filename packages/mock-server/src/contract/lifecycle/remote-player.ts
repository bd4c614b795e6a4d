/**
 * The remote player (`--mock-url`): lifecycle steps played on a running `koogallery-mock` through its admin API —
 * buyer actions (`POST /actions/<action>`, which delivers what falls due before answering), clock moves
 * (`POST /clock/advance-to`), jobs and their attempts (`GET /jobs`, `GET /jobs/:id`). The mock may be shared and
 * busy, so a step only reports the jobs of its own order or instance, and the clock is only ever moved forward.
 *
 * The running mock judges replies as the platform does, wire format included (HTTP status, content type,
 * Body-Sign, time limit): unlike the in-process player, a reply with a wire-format defect fails the lifecycle
 * step too, because the mock then retries or fails the call instead of moving the instance on.
 */
import type { ChargingMode } from '@koogallery-kit/sdk';
import type { JobView } from '../../engine/engine';
import type { CatalogProductData } from '../../engine/model/catalog';
import type { ResourcePageResult } from '../../engine/lifecycle/lifecycle';
import type { InstanceRecord, JobRecord, OrderRecord, ProductStateRecord } from '../../engine/model/types';
import type { ClockView } from '../../http/admin/clock-routes';
import type { CheckContext } from '../context';
import type { MockAdminClient } from '../remote/admin-client';
import type { Player, PlayerAction } from './player-types';
import { reportedOutcome, stepReport, waitForPoll } from './step-report';

interface Page<T> {
  items: T[];
  total: number;
  offset: number;
}

interface ActionAnswer<T> {
  action: string;
  result: T;
  jobs: JobRecord[];
}

/** Creates a player on the mock behind `client`. */
export function createRemotePlayer(ctx: CheckContext, client: MockAdminClient): Player {
  const secrets = ctx.secrets;
  const enc = encodeURIComponent;

  const jobsOf = async (filter: { instanceRef?: string; orderId?: string }): Promise<JobRecord[]> =>
    (await client.get<Page<JobRecord>>('/jobs', filter)).items;
  const views = async (jobs: readonly JobRecord[]): Promise<JobView[]> => {
    const out: JobView[] = [];
    for (const job of [...jobs].sort((a, b) => a.seq - b.seq)) {
      out.push(await client.get<JobView>(`/jobs/${enc(job.id)}`));
    }
    return out;
  };
  const action = <T>(name: string, body: Record<string, unknown>): Promise<ActionAnswer<T>> =>
    client.post<ActionAnswer<T>>(`/actions/${name}`, body);
  const now = async (): Promise<number> => (await client.get<ClockView>('/clock')).now;

  const perform = async (a: Exclude<PlayerAction, { kind: 'purchase' }>): Promise<void> => {
    switch (a.kind) {
      case 'upgrade':
        await action('upgrade', { ref: a.ref, ...a.input });
        return;
      case 'renew':
        await action('renew', { ref: a.ref, ...a.input });
        return;
      case 'trial-to-formal':
        await action('trial-to-formal', { ref: a.ref, ...a.input });
        return;
      case 'unsubscribe':
        await action('unsubscribe', { ref: a.ref });
        return;
      case 'advance-to':
        await client.post('/clock/advance-to', { time: Math.max(a.time, await now()) });
        return;
    }
  };

  return {
    async product(mode: ChargingMode, o = {}) {
      const products = (
        await client.get<Page<CatalogProductData & { status: ProductStateRecord }>>('/products')
      ).items;
      const p = products.find(
        (x) =>
          x.chargingMode === mode &&
          !x.status.delisted &&
          !x.status.tradingFrozen &&
          (o.trial !== true || x.trialDays !== undefined),
      );
      return p === undefined
        ? undefined
        : { code: p.code, skus: p.skus.map((s) => s.skuCode), trial: p.trialDays !== undefined };
    },
    async act(a) {
      if (a.kind === 'purchase') {
        const answer = await action<OrderRecord>('purchase', { ...a.input });
        const jobs = (await jobsOf({ orderId: answer.result.orderId })).filter((j) => j.purpose !== 'poll');
        return stepReport(await views(jobs), secrets);
      }
      const before = Math.max(0, ...(await jobsOf({ instanceRef: a.ref })).map((j) => j.seq));
      await perform(a);
      const jobs = (await jobsOf({ instanceRef: a.ref })).filter(
        (j) => j.seq > before && j.purpose !== 'poll',
      );
      return stepReport(await views(jobs), secrets);
    },
    instance: (ref) => client.get<InstanceRecord>(`/instances/${enc(ref)}`),
    now,
    async checkReported(ref, after) {
      if (!ctx.interfaces.has('queryInstance')) return { ok: true, exchanges: [] };
      const page = (await action<ResourcePageResult>('open-resource-page', { ref })).result;
      const instance = await client.get<InstanceRecord>(`/instances/${enc(ref)}`);
      return reportedOutcome(page, instance.instanceId ?? '?', after, secrets);
    },
    waitForPolling: (ref, budgetMs) =>
      waitForPoll(
        {
          find: async () => (await jobsOf({ instanceRef: ref })).find((j) => j.purpose === 'poll'),
          read: (id) => client.get<JobView>(`/jobs/${enc(id)}`),
          next: async (job) => {
            if (job.nextAttemptAt === null) return; // running: look again after the pause
            await client.post('/clock/advance-to', { time: Math.max(job.nextAttemptAt, await now()) });
          },
        },
        budgetMs,
        secrets,
      ),
    close: async () => undefined,
  };
}
