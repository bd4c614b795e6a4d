/** The auto-renewal actions of the engine (see ./auto-renewal.ts). */
import type { EngineContext } from '../context';
import type { FlowRecord } from '../model/flow-records';
import { listFlows } from '../flow-timers/flow-store';
import {
  buyerBalance,
  setAutoRenew,
  setBuyerBalance,
  type AutoRenewalData,
  type AutoRenewalRecord,
  type AutoRenewInput,
  type BuyerBalanceData,
} from './auto-renewal';

/** Auto-renewal (seller-console.md §3) and the buyers' mock balances. */
export interface AutoRenewalActions {
  /** Buyer: auto-renewal of a period instance on/off, with the deduction day (2–7 days before expiry). */
  setAutoRenew(ref: string, input: AutoRenewInput): AutoRenewalRecord;
  /** Every auto-renewal setting with its charge attempts, oldest first. */
  listAutoRenewals(): AutoRenewalRecord[];
  /** Sets a buyer's mock balance (null = unlimited, the default); a charge above it fails. */
  setBuyerBalance(buyerId: string, balance: number | null): FlowRecord<BuyerBalanceData>;
  /** A buyer's mock balance (null = unlimited). */
  buyerBalance(buyerId: string): number | null;
}

export function createAutoRenewalActions(ctx: EngineContext): AutoRenewalActions {
  return {
    setAutoRenew: (ref, input) => setAutoRenew(ctx, ref, input),
    listAutoRenewals: () => listFlows<AutoRenewalData>(ctx, 'autoRenewal'),
    setBuyerBalance: (buyerId, balance) => setBuyerBalance(ctx, buyerId, balance),
    buyerBalance: (buyerId) => buyerBalance(ctx, buyerId),
  };
}
