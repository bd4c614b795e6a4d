/**
 * Kit activity metrics per order (seller-console.md §9, the reference's proposed definitions): opened via kit
 * after tenantSync and applicationSync succeeded, authorised users from authSync, active users from kit logins
 * within 30 days, and the activity degree — in the engine and in the order list's CSV export.
 */
import { describe, expect, it } from 'vitest';
import { DAY, setup } from '../engine/helpers';

const encrypt = (s: string): string => Buffer.from(s).toString('base64');

describe('kit activity metrics (seller-console.md §9)', () => {
  it('counts authorised and active users from the kit syncs and logins', async () => {
    const { engine, clock } = setup({ jointOperations: { encryptClientSecret: encrypt } });
    const order = engine.purchase({ productCode: 'crm', autoPay: true });
    await clock.advance(0);
    expect(engine.kitMetrics(order.orderId)).toEqual({
      orderId: order.orderId,
      openedViaKit: false,
      activeViaKit: false,
      authorisedUsers: 0,
      activeUsers: 0,
      activityDegree: '—',
    });
    const ref = engine.getOrder(order.orderId).instanceRefs[0]!;
    const { tenant } = engine.bindTenant(ref, { users: [{ userName: 'alice' }] });
    engine.authorizeUsers(tenant.tenantId, [{ userName: 'bob' }, { userName: 'carol' }]);
    await clock.advance(0);
    engine.recordKitLogin(tenant.tenantId, 'alice');
    expect(engine.kitMetrics(order.orderId)).toMatchObject({
      openedViaKit: true,
      activeViaKit: true,
      authorisedUsers: 3,
      activeUsers: 1,
      activityDegree: '33.33%',
    });
    // Canceling an authorisation removes the user; a login older than 30 days no longer counts.
    engine.authorizeUsers(tenant.tenantId, [{ userName: 'carol' }], { flag: 3 });
    await clock.advance(0);
    expect(engine.kitMetrics(order.orderId)).toMatchObject({ authorisedUsers: 2, activityDegree: '50.00%' });
    await clock.advance(30 * DAY);
    expect(engine.kitMetrics(order.orderId)).toMatchObject({
      activeViaKit: false,
      activeUsers: 0,
      activityDegree: '0.00%',
    });
  });
});
