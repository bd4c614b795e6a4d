/**
 * Joint-operations tenants and accepted usage live in the engine's store: a SQLite store reopened after the
 * mock stops still knows them (the login keeps working, a re-sent usage record is still de-duplicated), and
 * `reset()` forgets them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/index';
import { createMarketEngine } from '../../src/engine/engine';
import { createVirtualClock } from '../../src/engine/time/clock';
import { T0, acceptingSeller } from '../open-api/helpers';

const dir = mkdtempSync(join(tmpdir(), 'kgk-joint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(path: string) {
  const store = createSqliteStore({ path });
  const engine = createMarketEngine({
    store,
    clock: createVirtualClock(T0),
    deliver: acceptingSeller,
    seed: 3,
    jointOperations: { encryptClientSecret: (s) => Buffer.from(s).toString('base64') },
  });
  return { store, engine };
}

describe('joint-operations and usage persistence', () => {
  it('keeps tenants, users and usage across a restart on SQLite, and forgets them on reset', async () => {
    const path = join(dir, 'mock.db');
    const first = open(path);
    const { tenant } = first.engine.createAppCredential({ users: [{ userName: 'alice' }] });
    first.engine.purchase({
      productCode: 'sms',
      autoPay: true,
      items: [{ skuCode: '5f0d1b2c-0004-4a6e-9c11-sms00000sms' }],
    });
    await first.engine.flush();
    const [instance] = first.engine.listInstances();
    const usage = {
      instance_id: instance!.instanceId!,
      begin_time: '20250310T000000Z',
      end_time: '20250310T010000Z',
      record_time: '20250310T010500Z',
      usage_value: '7.25',
      metering_sn: 'persisted-sn-1',
    };
    expect(first.engine.acceptUsagePush([usage])).toMatchObject({ ok: true, duplicates: 0 });
    await first.engine.close();
    first.store.close();

    const second = open(path);
    expect(second.engine.findTenantByClientId(tenant.app.clientId)).toEqual(
      second.engine.getTenant(tenant.tenantId),
    );
    expect(second.engine.getTenant(tenant.tenantId).users.map((u) => u.userName)).toEqual(['alice']);
    expect(second.engine.acceptUsagePush([usage])).toEqual({ ok: true, accepted: [], duplicates: 1 });
    expect(second.engine.getInstance(instance!.ref).usage.total).toBe(7.25);
    expect(second.engine.usageLog(instance!.ref).map((e) => e.metering_sn)).toEqual(['persisted-sn-1']);

    await second.engine.reset();
    expect(second.engine.listTenants()).toEqual([]);
    expect(second.engine.findTenantByClientId(tenant.app.clientId)).toBeUndefined();
    await second.engine.close();
    second.store.close();
  });
});
