/**
 * What a job's outcome does to orders and instances. Success of newInstance (or of the queryInstance polling
 * after a `000004`) activates the instance and completes the order; success of refresh/upgrade completes their
 * order. A job that gives up under a `fail-order` schedule (newInstance, upgradeInstance, polling) fails its
 * order: Canceled, automatically unsubscribed (a reverse UNSUBSCRIBE order), counted in the monthly failed-order
 * counter and reported by e-mail.
 */
import { formatAmount } from '../time/business-time';
import { queryInstanceBody, releaseInstanceBody } from './bodies';
import type { EngineContext } from '../context';
import type { DeliveryVerdict } from '../model/delivery-types';
import type { OutcomeHandlers } from './job-runner';
import { createJob } from './jobs';
import { moveInstance, moveOrder, saveInstance } from '../records/mutations';
import { createOrder, newOrderId, orderLineId } from '../lifecycle/orders';
import { countFailedOrder, sendMail } from '../records/side-effects';
import { JOB_TRANSITIONS, transition } from '../model/state-machines';
import type { CancelReason, InstanceRecord, JobRecord, OrderRecord } from '../model/types';
import { startSupervision } from '../supervision/supervision-flow';

/** Hooks the probing module adds. */
export interface ProbeHooks {
  probeFailed(job: JobRecord): void;
}

/** Creates the outcome handlers used by the job runner. */
export function createOutcomeHandlers(ctx: EngineContext, probes: ProbeHooks): OutcomeHandlers {
  const refsOf = (i: InstanceRecord) => ({
    orderId: i.orderId,
    orderLineId: i.orderLineId,
    instanceRef: i.ref,
    productCode: i.productCode,
  });

  /** Releases, on the seller side, an instance whose order was canceled meanwhile. */
  const releaseOrphan = (instance: InstanceRecord): void => {
    if (instance.instanceId === null) return;
    const order = ctx.store.getOrder(instance.orderId);
    const unsubscribe =
      order?.autoUnsubscribeOrderId != null ? ctx.store.getOrder(order.autoUnsubscribeOrderId) : undefined;
    const line = unsubscribe?.lines[0];
    createJob(ctx, {
      interface: 'releaseInstance',
      purpose: 'release',
      body: releaseInstanceBody(
        instance.instanceId,
        unsubscribe !== undefined && line !== undefined
          ? { orderId: unsubscribe.orderId, orderLineId: line.orderLineId }
          : undefined,
      ),
      refs: {
        ...refsOf(instance),
        orderId: unsubscribe?.orderId ?? null,
        orderLineId: line?.orderLineId ?? null,
      },
    });
  };

  /** Completes the order once none of its instances is still provisioning. */
  const completeIfProvisioned = (orderId: string): void => {
    const order = ctx.store.getOrder(orderId);
    if (order === undefined || order.state !== 'PROCESSING') return;
    const pending = order.instanceRefs.some((ref) => ctx.store.getInstance(ref)?.state === 'provisioning');
    // seller-console.md §1/§2.6: a supervised order stays Processing until its supervision finishes.
    if (!pending && !startSupervision(ctx, order)) moveOrder(ctx, order, 'complete');
  };

  const completeOrder = (orderId: string | null): void => {
    if (orderId === null) return;
    const order = ctx.store.getOrder(orderId);
    if (order !== undefined && order.state === 'PROCESSING') moveOrder(ctx, order, 'complete');
  };

  const activate = (instance: InstanceRecord, instanceId: string): void => {
    if (instance.state === 'provisioning') {
      moveInstance(ctx, instance, 'provisioned', { instanceId });
      completeIfProvisioned(instance.orderId);
    } else if (instance.instanceId === null) {
      // The order failed (auto-unsubscribed) before the seller answered: release what the seller created.
      releaseOrphan(saveInstance(ctx, { ...instance, instanceId }, instance.state));
    }
  };

  /** Lets jobs waiting for `job` run now. */
  const unblockWaiters = (job: JobRecord): void => {
    const now = ctx.now();
    for (const waiting of ctx.store.listJobs({ waitingFor: job.id })) {
      if (waiting.state !== 'PENDING') continue;
      ctx.store.putJob({
        ...waiting,
        state: transition('job', JOB_TRANSITIONS, waiting.id, waiting.state, 'unblock'),
        waitingFor: null,
        roundStartedAt: now,
        nextAttemptAt: now,
        updatedAt: now,
      });
    }
  };

  /** Applies the order's target configuration to its instance (upgrade, renewal with change). */
  const applyTarget = (job: JobRecord, upgrade: boolean): void => {
    const order = job.refs.orderId === null ? undefined : ctx.store.getOrder(job.refs.orderId);
    const instance = job.refs.instanceRef === null ? undefined : ctx.store.getInstance(job.refs.instanceRef);
    if (order?.target == null || instance === undefined || instance.state === 'released') return;
    const patch = { skuCode: order.target.skuCode, linearValue: order.target.linearValue };
    if (upgrade && instance.state === 'active') moveInstance(ctx, instance, 'upgrade', patch);
    else saveInstance(ctx, { ...instance, ...patch }, instance.state);
  };

  /**
   * Fails an order: automatic unsubscribe order (refund of what was paid), order Canceled, its instances
   * released — with a releaseInstance call for every instance the seller has named (an instanceId from a
   * successful or `000004` newInstance), without one otherwise — counter and e-mail.
   */
  const failOrder = (orderIdOrNull: string | null, reason: CancelReason, job: JobRecord): void => {
    if (orderIdOrNull === null) return;
    let order = ctx.store.getOrder(orderIdOrNull);
    if (order === undefined) return;
    order = countFailedOrder(ctx, order);
    if (order.state !== 'PROCESSING') return;
    const unsubscribeId = newOrderId(ctx);
    const unsubscribe = createOrder(ctx, {
      orderId: unsubscribeId,
      orderType: 'UNSUBSCRIBE',
      state: 'COMPLETED',
      productCode: order.productCode,
      buyerId: order.buyerId,
      relatedOrderId: order.orderId,
      instanceRefs: reason === 'PROVISIONING_FAILED' ? order.instanceRefs : [],
      lines: order.lines.map((l, k) => ({
        ...l,
        orderLineId: orderLineId(unsubscribeId, k + 1),
        expireAt: null,
        currency: '',
        currencyAfterDiscount: formatAmount(-Number(l.currencyAfterDiscount || 0)),
      })),
    });
    const failed: OrderRecord = moveOrder(ctx, order, 'fail', {
      cancelReason: reason,
      autoUnsubscribeOrderId: unsubscribe.orderId,
    });
    if (reason === 'PROVISIONING_FAILED') {
      for (const ref of failed.instanceRefs) {
        const instance = ctx.store.getInstance(ref);
        if (instance === undefined || instance.state === 'released') continue;
        if (instance.state === 'provisioning') {
          // Released without a call unless the seller already named the instance (000004, then polling failed).
          const released = moveInstance(ctx, instance, 'provisionFailed', {
            releaseReason: 'PROVISIONING_FAILED',
          });
          releaseOrphan(released);
        } else {
          releaseOrphan(moveInstance(ctx, instance, 'cancelOrder', { releaseReason: 'UNSUBSCRIBED' }));
        }
      }
    }
    sendMail(
      ctx,
      'ORDER_FAILED',
      `Order ${order.orderId} failed and was automatically unsubscribed`,
      `${job.interface} (job ${job.id}) failed on every scheduled attempt, so order ${order.orderId} was canceled and automatically unsubscribed (refund order ${unsubscribe.orderId}). Fix the interface: more than ${ctx.options.failedOrdersDelistThreshold} failed orders in a month delist the product.`,
      { jobId: job.id, orderId: order.orderId, productCode: order.productCode },
    );
  };

  return {
    succeeded(job: JobRecord, verdict: DeliveryVerdict) {
      const instance =
        job.refs.instanceRef === null ? undefined : ctx.store.getInstance(job.refs.instanceRef);
      switch (job.purpose) {
        case 'provision': {
          if (instance === undefined) break;
          const instanceId = String((verdict.body as { instanceId?: unknown }).instanceId);
          if (verdict.async && instance.state === 'provisioning') {
            saveInstance(ctx, { ...instance, instanceId }, instance.state);
            createJob(ctx, {
              interface: 'queryInstance',
              purpose: 'poll',
              body: queryInstanceBody([instanceId]),
              refs: { ...refsOf(instance) },
            });
          } else activate(instance, instanceId);
          break;
        }
        case 'poll':
          if (instance !== undefined) activate(instance, String(job.body.instanceId));
          break;
        case 'upgrade':
          applyTarget(job, true);
          completeOrder(job.refs.orderId);
          break;
        case 'renewalChange':
          applyTarget(job, false);
          completeOrder(job.refs.orderId);
          break;
        case 'renew':
        case 'trialToFormal':
        case 'unsubscribeRenewal':
        case 'unsubscribe':
          completeOrder(job.refs.orderId);
          break;
        default:
          break;
      }
      unblockWaiters(job);
    },
    gaveUp(job: JobRecord) {
      if (job.purpose === 'probe') {
        probes.probeFailed(job);
        return;
      }
      if (
        job.schedule.onExhausted === 'fail-order' &&
        (job.purpose === 'provision' || job.purpose === 'poll')
      ) {
        failOrder(job.refs.orderId, 'PROVISIONING_FAILED', job);
      } else if (job.schedule.onExhausted === 'fail-order' && job.purpose === 'upgrade') {
        failOrder(job.refs.orderId, 'CHANGE_FAILED', job);
      } else if (
        job.refs.orderId !== null &&
        job.purpose !== 'release' &&
        job.purpose !== 'kit' &&
        job.purpose !== 'kitCheck'
      ) {
        // Renewal, trial→formal, unsubscribe…: the order stays Processing until a manual restart succeeds, but it
        // counts as a failed order of the month.
        const order = ctx.store.getOrder(job.refs.orderId);
        if (order !== undefined) countFailedOrder(ctx, order);
      }
    },
  };
}
