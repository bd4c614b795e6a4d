/**
 * Business time never runs backwards across restarts, whatever the clock: the built CLI on one SQLite file is
 * killed (SIGKILL) and restarted on the real clock sped up 1000×, on the real clock at 1×, on the virtual clock
 * and on the real clock again; every order created after a restart is younger than every order before it, and
 * the clock reads no earlier than before the kill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { admin, killAll, requireBuiltCli, startMock, type RunningMock } from './cli-process';
import type { ClockView, OrderActionAnswer, OrderRecord } from '../http/admin-answers';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), 'kgk-clock-resume-'));
beforeAll(() => requireBuiltCli());
afterEach(() => killAll());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Creates an unpaid order and returns its business creation time. */
async function orderCreatedAt(mock: RunningMock): Promise<number> {
  const answer = await admin<OrderActionAnswer>(mock.url, '/actions/purchase', {
    productCode: 'crm',
    autoPay: false,
  });
  const order = await admin<OrderRecord>(mock.url, `/orders/${answer.result.orderId}`);
  return order.createdAt;
}

describe('business time across restarts', () => {
  it('is monotonic for every clock mode, after SIGKILL', async () => {
    const db = join(dir, 'clock.db');
    const runs: Array<[string, string[]]> = [
      ['real × 1000', ['--clock', 'real', '--time-scale', '1000']],
      ['real × 1000 again', ['--clock', 'real', '--time-scale', '1000']],
      ['real × 1', ['--clock', 'real']],
      ['virtual', ['--clock', 'virtual']],
      ['real × 1000 after virtual', ['--clock', 'real', '--time-scale', '1000']],
    ];
    let latestOrder = -Infinity;
    let clockBeforeKill = -Infinity;
    for (const [name, flags] of runs) {
      const mock = await startMock(['--db', db, '--port', '0', '--quiet', ...flags]);
      const first = await orderCreatedAt(mock);
      expect(first, `${name}: first order after the restart`).toBeGreaterThan(latestOrder);
      expect(first, `${name}: clock at restart`).toBeGreaterThanOrEqual(clockBeforeKill);
      // let the sped-up clock run ahead of the wall clock (1.5 s of wall time = 25 business minutes at 1000×)
      await sleep(1_500);
      latestOrder = await orderCreatedAt(mock);
      expect(latestOrder).toBeGreaterThanOrEqual(first);
      clockBeforeKill = (await admin<ClockView>(mock.url, '/clock')).now;
      await mock.stop('SIGKILL');
    }
  });
});
