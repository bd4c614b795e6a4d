/**
 * Nothing that matters is kept only in memory: with a SQLite file, a licence activated through the Open APIs
 * (§8.6) stays ALIVE with its activation time after a restart, and an access token of the joint-operations login
 * (§5) issued before the restart still opens the user info afterwards (the signing secret is in the store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient, createLoginClient, parseLoginCallback } from '@koogallery-kit/sdk';
import { DEMO_OPEN_API_CREDENTIALS, createMockMarketplace, type MockMarketplace } from '../../src/index';

const START = Date.parse('2025-03-10T02:00:00Z');
const CALLBACK = 'https://app.example.com/login/callback';
const dir = mkdtempSync(join(tmpdir(), 'kgk-restart-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (db: string): Promise<MockMarketplace> =>
  createMockMarketplace({
    db,
    startAt: START,
    engine: { jointOperations: { encryptClientSecret: (s) => Buffer.from(s).toString('base64') } },
  });

const openApi = (m: MockMarketplace) =>
  createClient({
    accessKey: DEMO_OPEN_API_CREDENTIALS.ak,
    secretKey: DEMO_OPEN_API_CREDENTIALS.sk,
    baseURL: m.url,
    maxRetries: 0,
  });

describe('state that survives a restart on SQLite', () => {
  it('keeps licence activations', async () => {
    const db = join(dir, 'licences.db');
    const first = await start(db);
    const activated = await openApi(first).licenses.activate({ license: 'LIC-DEMO-0001' });
    expect(JSON.stringify(activated)).toContain('ALIVE');
    const before = await openApi(first).licenses.query({ license: 'LIC-DEMO-0001' });
    await first.close();

    const second = await start(db);
    try {
      const after = await openApi(second).licenses.query({ license: 'LIC-DEMO-0001' });
      expect({ ...after, requestId: '' }).toEqual({ ...before, requestId: '' });
      expect(JSON.stringify(after)).toContain('"status":"ALIVE"');
    } finally {
      await second.close();
    }
  });

  it('keeps the login tokens valid (the signing secret is stored)', async () => {
    const db = join(dir, 'login.db');
    const first = await start(db);
    const { tenant } = first.engine.createAppCredential({
      loginUrl: CALLBACK,
      users: [{ userName: 'alice' }],
    });
    const login = (m: MockMarketplace) =>
      createLoginClient({
        domainName: m.url,
        clientId: tenant.app.clientId,
        clientSecret: tenant.app.clientSecret,
        redirectUri: CALLBACK,
        now: () => m.clock.now(),
        maxRetries: 0,
      });
    const { url, state } = login(first).authorizeUrl();
    const redirect = await fetch(url, { redirect: 'manual' });
    const callback = parseLoginCallback(new URL(redirect.headers.get('location')!), state);
    const tokens = await login(first).exchangeCode({ code: callback.code });
    await expect(login(first).userInfo(tokens.accessToken)).resolves.toMatchObject({ userName: 'alice' });
    await first.close();

    const second = await start(db);
    try {
      await expect(login(second).userInfo(tokens.accessToken)).resolves.toMatchObject({ userName: 'alice' });
    } finally {
      await second.close();
    }
  });
});
