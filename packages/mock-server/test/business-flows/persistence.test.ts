/**
 * Every business-flow record type survives a kill (SIGKILL) and a restart on SQLite: a child process creates
 * them, is killed, and a new engine on the same file finds the records and their timers still fire.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/index';
import { DAY, HOUR, START } from '../engine/helpers';
import { flowsEngine, type PlayedFlows } from './fixtures/flows-scenario';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kgk-flows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until READY, kills it with SIGKILL and returns what it created. */
function playAndKill(dbPath: string): Promise<PlayedFlows> {
  return new Promise((done, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(HERE, 'fixtures/flows-child.ts'), dbPath],
      {
        cwd: resolve(HERE, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child never got ready: ${err}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/READY .*\n/.test(out)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      const m = /READY (.*)\n/.exec(out);
      if (signal === 'SIGKILL' && m !== null) done(JSON.parse(m[1] as string) as PlayedFlows);
      else reject(new Error(`the child exited (${String(signal)}) before READY: ${err}`));
    });
  });
}

describe('business-flow records on SQLite survive a kill and a restart', () => {
  it('keeps every record kind with its timer', async () => {
    const path = join(dir, 'flows.db');
    const played = await playAndKill(path);
    const store = createSqliteStore({ path });
    const { engine, clock } = flowsEngine(store);
    try {
      // supervision (§2): node, steps and the uploaded document survive; the buyer can go on
      const supervision = engine.getSupervision(played.supervisedOrderId);
      expect(supervision.data.node).toBe('USER_ACCEPTANCE');
      expect(Buffer.from(supervision.data.documents[0]!.contentBase64, 'base64').toString()).toBe('proof');
      engine.reviewDelivery(played.supervisedOrderId, true);
      // licence of the order (§2.3): claimed, activated, node passed
      expect(engine.listOrderLicences().find((l) => l.id === played.licenceCode)?.data).toMatchObject({
        received: true,
        status: 'ALIVE',
        activate_time: '20250310030000',
      });
      expect(engine.getSupervision(played.licenceOrderId).data.node).toBe('PROOF_UPLOAD');
      // kit login (§9) and buyer balance (§3)
      expect(engine.kitMetrics(engine.getInstance(played.renewingRef).orderId)).toMatchObject({
        authorisedUsers: 1,
        activeUsers: 1,
      });
      expect(engine.buyerBalance(played.buyerId)).toBe(1);
      // timers: the supervised order completes 3 h after acceptance; the unpaid order is canceled at its
      // deadline (§1); the auto-renewal charges run and fail on the balance (§3)
      await clock.advance(3 * HOUR);
      expect(engine.getOrder(played.supervisedOrderId).state).toBe('COMPLETED');
      expect(store.getFlow('unpaidOrder', played.unpaidOrderId)?.dueAt).toBe(START + 7 * DAY);
      await clock.advanceTo(START + 7 * DAY);
      expect(engine.getOrder(played.unpaidOrderId)).toMatchObject({
        state: 'CANCELED',
        cancelReason: 'UNPAID',
      });
      await clock.advanceTo(engine.getInstance(played.renewingRef).expireAt!);
      const [renewal] = engine.listAutoRenewals();
      // 03:00 on 8, 9 and 10 April before the 10:00 expiry
      expect(renewal!.data.attempts.map((a) => a.outcome)).toEqual(Array(3).fill('INSUFFICIENT_BALANCE'));
    } finally {
      await engine.close();
      store.close();
    }
  });
});
