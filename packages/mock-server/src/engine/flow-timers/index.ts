/** The business-flow timers of every flow folder, by record kind (see ./flow-store.ts). */
import { fireUnpaidDeadline } from '../order-states/unpaid-orders';
import { fireAutoRenewal } from '../auto-renewal/auto-renewal';
import { fireSupervisionTimer } from '../supervision/supervision-flow';
import type { FlowKind } from '../model/flow-records';
import type { FlowTimerHandler } from './flow-store';

/** Handler per kind; kinds without timers (licences, kit logins) have none. */
export const FLOW_TIMER_HANDLERS: Partial<Record<FlowKind, FlowTimerHandler>> = {
  unpaidOrder: fireUnpaidDeadline,
  supervision: fireSupervisionTimer,
  autoRenewal: fireAutoRenewal,
};
