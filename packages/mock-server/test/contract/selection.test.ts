/**
 * Which checks a run selects (charging mode, protocol, kit, --only, --skip) and how invalid options are refused:
 * with a ConfigError that lists every problem.
 */
import { createServer } from 'node:net';
import { ConfigError, ConnectionError } from '@koogallery-kit/sdk';
import { describe, expect, it } from 'vitest';
import { contractCatalogue, resolveContractOptions, runContract } from '../../src/contract';
import { selectChecks } from '../../src/contract/scope';
import { BASIC_INTERFACES } from './sellers';

const catalogue = contractCatalogue();

function select(o: {
  protocol?: 'v1' | 'v2';
  mode?: 'PERIOD' | 'ONE_TIME' | 'ON_DEMAND' | 'ON_DEMAND_PKG';
  kit?: boolean;
  only?: string[];
  skip?: string[];
}) {
  const s = selectChecks({
    catalogue,
    protocol: o.protocol ?? 'v2',
    mode: o.mode ?? 'PERIOD',
    kit: o.kit ?? false,
    only: o.only ?? [],
    skip: o.skip ?? [],
  });
  return { ids: s.checks.map((c) => c.id), interfaces: s.interfaces };
}

describe('the catalogue', () => {
  it('has unique, stable-looking ids, each with a title, a risk and a fix', () => {
    const ids = catalogue.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of catalogue) {
      expect(c.id).toMatch(/^[a-zA-Z0-9]+\.[a-z0-9-]+$/);
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.risk.length, c.id).toBeGreaterThan(20);
      expect(c.fix.length, c.id).toBeGreaterThan(10);
      expect(c.requires.protocols.length, c.id).toBeGreaterThan(0);
    }
  });
});

describe('selection', () => {
  it('a V2 PERIOD product without kit: the 7 basic interfaces, no kit or V1 checks', () => {
    const { ids, interfaces } = select({});
    expect(interfaces).toEqual(BASIC_INTERFACES);
    expect(
      ids.some((id) => /^(tenantSync|v1[A-Z])/.test(id) || id.includes('kit-') || id.includes('v1-')),
    ).toBe(false);
    expect(ids).toContain('lifecycle.trial-to-formal');
    expect(ids[ids.length - 1]).toBe('errors.reply-format');
  });

  it('a ONE_TIME product: no renewal, freeze or upgrade checks', () => {
    const { ids, interfaces } = select({ mode: 'ONE_TIME' });
    expect(interfaces).toEqual(['newInstance', 'queryInstance', 'releaseInstance']);
    for (const gone of [
      'refreshInstance.http-status',
      'lifecycle.renew',
      'lifecycle.freeze',
      'lifecycle.upgrade',
      'lifecycle.release',
    ]) {
      expect(ids).not.toContain(gone);
    }
    expect(ids).toEqual(expect.arrayContaining(['lifecycle.unsubscribe', 'robustness.unknown-instance']));
  });

  it('the kit key adds the kit interfaces and their checks', () => {
    const { ids, interfaces } = select({ kit: true });
    expect(interfaces.slice(-5)).toEqual([
      'tenantSync',
      'applicationSync',
      'authSync',
      'singleOrgSync',
      'allOrgSync',
    ]);
    expect(ids).toEqual(
      expect.arrayContaining([
        'tenantSync.body-sign-valid',
        'security.kit-replayed-nonce',
        'idempotency.kit-repeat',
      ]),
    );
  });

  it('--skip of an interface drops it and every check that needs it, keeping the rest', () => {
    const { ids, interfaces } = select({ skip: ['upgradeInstance', 'changeInstanceCheck'] });
    expect(interfaces).not.toContain('upgradeInstance');
    expect(ids.some((id) => id.startsWith('upgradeInstance.') || id.startsWith('changeInstanceCheck.'))).toBe(
      false,
    );
    expect(ids).not.toContain('lifecycle.upgrade');
    expect(ids).toContain('robustness.unknown-instance');
    expect(ids).toContain('lifecycle.renew');
  });

  it('--skip of a group or an id removes just those checks', () => {
    expect(select({ skip: ['lifecycle'] }).ids.some((id) => id.startsWith('lifecycle.'))).toBe(false);
    const { ids } = select({ skip: ['security.replayed-nonce'] });
    expect(ids).not.toContain('security.replayed-nonce');
    expect(ids).toContain('security.wrong-signature');
  });

  it('--only an id keeps exactly that check', () => {
    expect(select({ only: ['newInstance.body-sign-valid'] }).ids).toEqual(['newInstance.body-sign-valid']);
  });

  it('--only a group of refusals adds the final check on error replies', () => {
    const { ids } = select({ only: ['security'] });
    expect(ids.every((id) => id.startsWith('security.') || id === 'errors.reply-format')).toBe(true);
    expect(ids).toContain('errors.reply-format');
    expect(ids).toContain('security.stale-timestamp');
  });

  it('--only an interface keeps every check that exercises it', () => {
    const { ids } = select({ only: ['queryInstance'] });
    expect(ids).toEqual(
      expect.arrayContaining([
        'queryInstance.http-status',
        'security.wrong-signature',
        'lifecycle.query-instance',
        'robustness.non-canonical-order',
      ]),
    );
    expect(ids.some((id) => id.startsWith('newInstance.'))).toBe(false);
  });

  it('V1 runs name interfaces by their V2 names too', () => {
    const { ids, interfaces } = select({ protocol: 'v1', only: ['newInstance'] });
    expect(interfaces[0]).toBe('v1NewInstance');
    expect(ids).toEqual(expect.arrayContaining(['v1NewInstance.http-status', 'robustness.v1-missing-field']));
    expect(ids.some((id) => id.startsWith('lifecycle.'))).toBe(false);
  });

  it('refuses an entry that names nothing, listing the groups', () => {
    expect(() => select({ only: ['newInstanse'] })).toThrow(ConfigError);
    expect(() => select({ skip: ['bogus.check'] })).toThrow(/bogus\.check.*security/);
  });
});

describe('options', () => {
  it('reports every invalid option at once', () => {
    let error: unknown;
    try {
      resolveContractOptions({
        sellerUrl: 'ftp://seller',
        key: '',
        protocol: 'v3' as 'v2',
        chargingMode: 'MONTHLY' as 'PERIOD',
        timeoutMs: 0,
        kitPublicKey: 'not a key',
        mockUrl: 'nope',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const field of [
      'sellerUrl',
      'key',
      'protocol',
      'chargingMode',
      'timeoutMs',
      'kitPublicKey',
      'mockUrl',
    ]) {
      expect(message).toContain(`- ${field}:`);
    }
  });

  it('abandons a call at twice the time limit, at least one second more', () => {
    expect(resolveContractOptions({ sellerUrl: 'http://x/p', key: 'k', timeoutMs: 40 }).callTimeoutMs).toBe(
      1_040,
    );
    expect(
      resolveContractOptions({ sellerUrl: 'http://x/p', key: 'k', timeoutMs: 5_000 }).callTimeoutMs,
    ).toBe(10_000);
  });

  it('refuses an admin token without a mock URL, as a usage error', async () => {
    await expect(
      runContract({ sellerUrl: 'http://127.0.0.1:9/p', key: 'k', adminToken: 'token-1234' }),
    ).rejects.toThrow(/adminToken: only used with mockUrl/);
  });

  it('throws ConnectionError when the seller does not answer at the start', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const run = runContract({ sellerUrl: `http://127.0.0.1:${port}/produce`, key: 'secret-key-1234' });
    await expect(run).rejects.toBeInstanceOf(ConnectionError);
    await expect(run).rejects.toThrow(/does not answer.*connection refused/);
    await expect(run).rejects.not.toThrow(/secret-key-1234/);
  });
});
