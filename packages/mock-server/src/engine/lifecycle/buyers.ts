/**
 * Buyers. Orders need one; when an action names none, a default demo buyer (created on first use) places it.
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { EngineContext } from '../context';
import { NotFoundError } from '../model/errors';
import { assertNoIssues, issue } from '../model/input-issues';
import { randomChars } from '../model/random';
import type { BuyerRecord } from '../model/types';

/** Fields of a new buyer; all optional. */
export interface BuyerInput {
  /** Default: 32 random hex characters, like the platform's. */
  customerId?: string;
  /** Default `mock_user_<n>`. */
  customerName?: string;
  customerRealName?: string;
  customerType?: number;
  mobilePhone?: string | null;
  email?: string | null;
  userId?: string | null;
  userName?: string | null;
  /** Freeze (grace) period in days for this buyer's expired instances; default the engine's. */
  gracePeriodDays?: number | null;
}

/** Meta key of the default buyer's id. */
export const DEFAULT_BUYER_KEY = 'buyer.default';

/** Every problem in a buyer input. */
function checkBuyer(input: BuyerInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const str = (key: keyof BuyerInput, max: number, nullable: boolean): void => {
    const v = input[key];
    if (v === undefined || (nullable && v === null)) return;
    if (typeof v !== 'string' || v.length === 0 || v.length > max) {
      issues.push(
        issue(`/${key}`, `must be a string of 1-${max} characters${nullable ? ' or null' : ''}`, 'type'),
      );
    }
  };
  str('customerId', 64, false);
  str('customerName', 128, false);
  str('customerRealName', 128, false);
  str('mobilePhone', 32, true);
  str('email', 128, true);
  str('userId', 64, true);
  str('userName', 64, true);
  if (input.customerType !== undefined && !Number.isInteger(input.customerType)) {
    issues.push(issue('/customerType', 'must be an integer', 'type'));
  }
  const g = input.gracePeriodDays;
  if (g !== undefined && g !== null && (!Number.isInteger(g) || g < 0 || g > 366)) {
    issues.push(issue('/gracePeriodDays', 'must be an integer from 0 to 366, or null', 'maximum'));
  }
  return issues;
}

/** Creates and stores a buyer. Throws `ValidationError` (INVALID_ARGUMENT) listing every bad field. */
export function createBuyer(ctx: EngineContext, input: BuyerInput = {}): BuyerRecord {
  const issues = checkBuyer(input ?? {});
  if (input?.customerId !== undefined && ctx.store.getBuyer(input.customerId) !== undefined) {
    issues.push(issue('/customerId', `buyer ${input.customerId} already exists`, 'uniqueItems'));
  }
  assertNoIssues('buyer', issues);
  return ctx.unit(() => {
    const seq = ctx.store.nextSequence('buyer');
    const buyer: BuyerRecord = {
      customerId: input.customerId ?? randomChars(ctx.random, '0123456789abcdef', 32),
      seq,
      customerName: input.customerName ?? `mock_user_${String(seq).padStart(2, '0')}`,
      customerRealName: input.customerRealName ?? `Mock User ${seq}`,
      customerType: input.customerType ?? 0,
      mobilePhone:
        input.mobilePhone === undefined ? `1868888${String(seq).padStart(4, '0')}` : input.mobilePhone,
      email: input.email === undefined ? null : input.email,
      userId: input.userId ?? null,
      userName: input.userName ?? null,
      gracePeriodDays: input.gracePeriodDays ?? null,
      createdAt: ctx.now(),
    };
    ctx.store.putBuyer(buyer);
    return buyer;
  });
}

/** The buyer with id `customerId`, or the default buyer (created on first use) when undefined. */
export function resolveBuyer(ctx: EngineContext, customerId: string | undefined): BuyerRecord {
  if (customerId !== undefined) {
    const b = ctx.store.getBuyer(customerId);
    if (b === undefined)
      throw new NotFoundError('buyer', customerId, 'Create the buyer first, or omit buyerId.');
    return b;
  }
  const id = ctx.store.getMeta(DEFAULT_BUYER_KEY);
  const existing = id === undefined ? undefined : ctx.store.getBuyer(id);
  if (existing !== undefined) return existing;
  return ctx.unit(() => {
    const b = createBuyer(ctx);
    ctx.store.setMeta(DEFAULT_BUYER_KEY, b.customerId);
    return b;
  });
}
