/**
 * The suite passes correct sellers: the SDK-based seller (V2 with the kit interfaces, V1, every charging mode,
 * asynchronous newInstance) and a hand-written node:http seller; and it runs again against the same seller.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_ASPECTS, runContract, type ContractReport } from '../../src/contract';
import {
  BASIC_INTERFACES,
  KEY,
  KIT_INTERFACES,
  KIT_KEY,
  closeAllSellers,
  startRawSeller,
  startSdkSeller,
} from './sellers';

afterAll(closeAllSellers);

const ids = (report: ContractReport, status: 'passed' | 'warned' | 'failed' | 'skipped'): string[] =>
  report.results.filter((r) => r.status === status).map((r) => r.id);

describe('a correct seller on the SDK handler', () => {
  it('passes every check of a PERIOD product with the kit interfaces (separate kit key)', async () => {
    const seller = await startSdkSeller({ kitKey: KIT_KEY });
    const groups: string[] = [];
    const report = await runContract({
      sellerUrl: seller.url,
      key: KEY,
      kitKey: KIT_KEY,
      kitPublicKey: seller.publicKey,
      onProgress: (e) => {
        if (e.type === 'group') groups.push(e.group);
      },
    });
    expect(ids(report, 'failed')).toEqual([]);
    expect(report.ok).toBe(true);
    // Only the polling check has nothing to judge: this seller answers newInstance synchronously.
    expect(ids(report, 'skipped')).toEqual(['lifecycle.async-polling']);
    expect(report.interfaces).toEqual([...BASIC_INTERFACES, ...KIT_INTERFACES]);
    for (const name of [...BASIC_INTERFACES, ...KIT_INTERFACES]) {
      for (const aspect of CONSOLE_ASPECTS) expect(ids(report, 'passed')).toContain(`${name}.${aspect.id}`);
    }
    expect(ids(report, 'passed')).toEqual(
      expect.arrayContaining([
        'security.wrong-signature',
        'security.replayed-nonce',
        'security.kit-basic-key',
        'security.kit-replayed-nonce',
        'robustness.missing-field',
        'robustness.unknown-instance',
        'robustness.non-canonical-order',
        'idempotency.new-instance-retry',
        'idempotency.concurrent-retries',
        'idempotency.release-twice',
        'idempotency.kit-repeat',
        'lifecycle.new-instance',
        'lifecycle.query-instance',
        'lifecycle.upgrade',
        'lifecycle.renew',
        'lifecycle.freeze',
        'lifecycle.unfreeze',
        'lifecycle.release',
        'lifecycle.trial-to-formal',
        'lifecycle.unsubscribe',
        'lifecycle.control-unknown-instance',
        'lifecycle.control-distinct-orders',
        'lifecycle.control-released-instance',
        'errors.reply-format',
      ]),
    );
    expect(report.summary).toEqual({
      total: report.results.length,
      passed: report.results.length - 1,
      warned: 0,
      failed: 0,
      skipped: 1,
    });
    // A progress event per group, each once, in catalogue order whatever order the groups finished in.
    expect(groups).toEqual([...new Set(report.results.map((r) => r.group))]);
    // The lifecycle really happened at the seller: instances frozen, released, …
    const states = [...seller.instances.values()].map((i) => i.status);
    expect(states).toContain('released');
    // Nothing printable carries a key.
    const text = JSON.stringify(report);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KIT_KEY);
  });

  it('passes again against the same seller (fresh orders every run)', async () => {
    const seller = await startSdkSeller();
    const first = await runContract({ sellerUrl: seller.url, key: KEY });
    const count = seller.instances.size;
    const second = await runContract({ sellerUrl: seller.url, key: KEY });
    expect(ids(first, 'failed')).toEqual([]);
    expect(ids(second, 'failed')).toEqual([]);
    expect(seller.instances.size).toBeGreaterThan(count);
  });

  it.each(['ONE_TIME', 'ON_DEMAND', 'ON_DEMAND_PKG'] as const)(
    'passes a %s product, checking only the interfaces that mode requires',
    async (mode) => {
      const seller = await startSdkSeller();
      const report = await runContract({ sellerUrl: seller.url, key: KEY, chargingMode: mode });
      expect(ids(report, 'failed')).toEqual([]);
      expect(ids(report, 'warned')).toEqual([]);
      expect(report.interfaces).toEqual(['newInstance', 'queryInstance', 'releaseInstance']);
      const all = report.results.map((r) => r.id);
      expect(all.some((id) => id.startsWith('refreshInstance.'))).toBe(false);
      expect(all).not.toContain('lifecycle.renew');
      expect(all).toContain('lifecycle.unsubscribe');
      expect(all.includes('lifecycle.release')).toBe(mode === 'ON_DEMAND_PKG');
    },
  );

  it('passes an asynchronous seller (000004 then ready after two polls) and checks the polling', async () => {
    const seller = await startSdkSeller({ asyncAfterPolls: 2 });
    const report = await runContract({ sellerUrl: seller.url, key: KEY });
    expect(ids(report, 'failed')).toEqual([]);
    const polling = report.results.find((r) => r.id === 'lifecycle.async-polling');
    expect(polling?.status).toBe('passed');
    expect(polling?.message).toMatch(/Reported after \d+ poll/);
    expect(polling?.exchanges.some((x) => x.reply?.body.includes('"info":[{'))).toBe(true);
  });

  it('fails only the polling check when the asynchronous instance never shows up', async () => {
    const seller = await startSdkSeller({ asyncAfterPolls: Number.POSITIVE_INFINITY });
    const report = await runContract({ sellerUrl: seller.url, key: KEY, asyncWaitMs: 300 });
    expect(ids(report, 'failed')).toEqual(['lifecycle.async-polling']);
    const failed = report.results.find((r) => r.id === 'lifecycle.async-polling');
    expect(failed?.message).toMatch(/still does not list instance/);
    expect(report.results.find((r) => r.id === 'lifecycle.new-instance')?.status).toBe('passed');
    // Later steps cannot run from an instance that never became active; they say why.
    const upgrade = report.results.find((r) => r.id === 'lifecycle.upgrade');
    expect(upgrade?.status).toBe('skipped');
    expect(upgrade?.message).toMatch(/never became active/);
  });

  it.each(['PERIOD', 'ONE_TIME', 'ON_DEMAND', 'ON_DEMAND_PKG'] as const)(
    'passes a V1 seller of a %s product',
    async (mode) => {
      const seller = await startSdkSeller({ version: 'v1' });
      const report = await runContract({
        sellerUrl: seller.url,
        key: KEY,
        protocol: 'v1',
        chargingMode: mode,
      });
      expect(ids(report, 'failed')).toEqual([]);
      expect(ids(report, 'skipped')).toEqual([]);
      const expected: Record<typeof mode, string[]> = {
        PERIOD: [
          'v1NewInstance',
          'v1QueryInstance',
          'v1RefreshInstance',
          'v1ExpireInstance',
          'v1ReleaseInstance',
          'v1Upgrade',
        ],
        ONE_TIME: ['v1NewInstance', 'v1QueryInstance', 'v1ReleaseInstance'],
        ON_DEMAND: ['v1NewInstance', 'v1QueryInstance', 'v1ReleaseInstance', 'v1InstanceStatus'],
        ON_DEMAND_PKG: ['v1NewInstance', 'v1QueryInstance', 'v1ReleaseInstance'],
      };
      expect(report.interfaces).toEqual(expected[mode]);
      const all = report.results.map((r) => r.id);
      expect(all).toEqual(
        expect.arrayContaining([
          'security.v1-wrong-auth-token',
          'security.v1-other-key',
          'security.v1-missing-auth-token',
          'robustness.v1-missing-field',
          'robustness.v1-unknown-instance',
          'idempotency.new-instance-retry',
        ]),
      );
      expect(all.some((id) => id.startsWith('lifecycle.') || id === 'security.wrong-signature')).toBe(false);
    },
  );
});

describe('a hand-written node:http seller (SDK signing primitives only)', () => {
  it('passes every basic-interface check', async () => {
    const seller = await startRawSeller();
    const report = await runContract({ sellerUrl: seller.url, key: KEY });
    expect(ids(report, 'failed')).toEqual([]);
    expect(ids(report, 'skipped')).toEqual(['lifecycle.async-polling']);
  });
});
