import { randomUUID } from 'node:crypto';
import { INTERFACES, type InterfaceName } from '../schemas';
import { formatCompactTime } from '../util/compact-time';

/** UTC+8, the zone of the kit bodies' `timeStamp` (§4.1). */
const KIT_TIME_OFFSET_MINUTES = 8 * 60;

/** Interfaces whose request carries a per-call `businessId` (a fresh UUID on every call, retries included). */
const WITH_BUSINESS_ID: ReadonlySet<string> = new Set(['newInstance', 'v1NewInstance']);

/** Interfaces whose `orderLineId` defaults to the first line of `orderId` (`<orderId>-000001`). */
const WITH_ORDER_LINE: ReadonlySet<string> = new Set([
  'newInstance',
  'refreshInstance',
  'releaseInstance',
  'upgradeInstance',
  'orderNotify',
  'refreshLicenseCode',
  'releaseLicenseCode',
]);

/** Context for {@link fillCallDefaults}. */
export interface CallDefaultsContext {
  /** Epoch milliseconds of the call (kit `timeStamp`). */
  now: number;
  /** Mark the call as a console debugging call (`testFlag` "1" / 1). */
  testFlag: boolean;
}

/**
 * The request fields a caller may leave out, filled the way the platform fills them; fields the caller gave are
 * never replaced:
 *
 * - `businessId` (newInstance): a random UUID — it differs on every call, retries included;
 * - `orderLineId`: `<orderId>-000001` when `orderId` is given (the format of every documented example);
 * - kit interfaces: `timeStamp` = now in UTC+8 `yyyyMMddHHmmssSSS`, `instanceId`/`orderId` = `''` (as when the
 *   seller's own credential application triggers the sync), `testFlag` = 1 or 0;
 * - basic, licence and V1 interfaces: `testFlag` = "1" when `ctx.testFlag`, else left out (production).
 */
export function fillCallDefaults(
  name: InterfaceName,
  body: Readonly<Record<string, unknown>>,
  ctx: CallDefaultsContext,
): Record<string, unknown> {
  const family = INTERFACES[name].family;
  const out: Record<string, unknown> = { ...body };
  const setIfAbsent = (field: string, value: unknown): void => {
    if (out[field] === undefined) out[field] = value;
  };
  if (WITH_BUSINESS_ID.has(name)) setIfAbsent('businessId', randomUUID());
  if (WITH_ORDER_LINE.has(name) && typeof out['orderId'] === 'string' && out['orderId'] !== '') {
    setIfAbsent('orderLineId', `${out['orderId']}-000001`);
  }
  if (family === 'kit') {
    setIfAbsent('timeStamp', formatCompactTime(ctx.now, KIT_TIME_OFFSET_MINUTES));
    setIfAbsent('instanceId', '');
    setIfAbsent('orderId', '');
    setIfAbsent('testFlag', ctx.testFlag ? 1 : 0);
  } else if (ctx.testFlag) {
    setIfAbsent('testFlag', '1');
  }
  return out;
}
