/**
 * `GET /__admin/config`: the running mock's configuration with secrets only shown as set, and — for a challenge —
 * proofs of its keys that a client holding the same key can check, without any key in the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyProof, keyProofMatches } from '../../src/http/admin/key-proof';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import type { MockConfigurationAnswer } from '../../src/http/admin/config-routes';
import type { ErrorBody } from './admin-answers';
import { request } from './helpers';

const KEY = 'config-api-basic-key-0001';
const KIT_KEY = 'config-api-kit-key-0002';
const TOKEN = 'config-api-admin-token-0003';
const SK = 'config-api-sk-0000000000000000000000000004';
const CHALLENGE = 'challenge-0123456789abcdef';

const markets: MockMarketplace[] = [];
let market: MockMarketplace;

async function start(o: Parameters<typeof createMockMarketplace>[0]): Promise<MockMarketplace> {
  const m = await createMockMarketplace(o);
  markets.push(m);
  return m;
}

beforeAll(async () => {
  market = await start({
    sellerUrl: 'http://user:pass@127.0.0.1:9/isv/produce?tenant=1',
    accessKey: KEY,
    kitAccessKey: KIT_KEY,
    adminToken: TOKEN,
    timeoutMs: 20_000,
    openApi: { accessKey: 'CONFIGAPIAK000000001', secretKey: SK },
  });
});
afterAll(async () => {
  for (const m of markets) await m.close();
});

const auth = { Authorization: `Bearer ${TOKEN}` };

describe('GET /__admin/config', () => {
  it('describes the configuration with every secret redacted', async () => {
    const answer = await request<MockConfigurationAnswer>(`${market.adminUrl}/config`, { headers: auth });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: 'koogallery-mock',
      delivery: 'seller',
      sellerUrl: 'http://127.0.0.1:9/isv/produce',
      protocol: 'v2',
      encryptType: null,
      key: '[REDACTED]',
      kitKey: '[REDACTED]',
      kitPublicKey: false,
      timeoutMs: 20_000,
      timeLimitMs: 20_000,
      clock: { kind: 'virtual' },
      store: 'memory',
      adminToken: true,
      testFlag: null,
      openApi: {
        enabled: true,
        accessKey: 'CONFIGAPIAK000000001',
        secretKey: '[REDACTED]',
        demoCredentials: false,
      },
      oauth: { enabled: true },
    });
    expect(answer.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(answer.body.keyProof).toBeUndefined();
    const text = JSON.stringify(answer.body);
    for (const secret of [KEY, KIT_KEY, TOKEN, SK, 'pass']) expect(text).not.toContain(secret);
  });

  it('proves its keys for a challenge; a different key does not match', async () => {
    const answer = await request<MockConfigurationAnswer>(
      `${market.adminUrl}/config?challenge=${CHALLENGE}`,
      {
        headers: auth,
      },
    );
    expect(answer.status).toBe(200);
    const proof = answer.body.keyProof!;
    expect(proof.challenge).toBe(CHALLENGE);
    expect(keyProofMatches(KEY, CHALLENGE, proof.key)).toBe(true);
    expect(keyProofMatches(KIT_KEY, CHALLENGE, proof.kitKey)).toBe(true);
    expect(keyProofMatches('another-key', CHALLENGE, proof.key)).toBe(false);
    expect(keyProofMatches(KEY, `${CHALLENGE}x`, proof.key)).toBe(false);
    // Proofs depend on the challenge: an old answer cannot be replayed for a new one.
    const other = await request<MockConfigurationAnswer>(
      `${market.adminUrl}/config?challenge=${CHALLENGE}-2`,
      {
        headers: auth,
      },
    );
    expect(other.body.keyProof?.key).not.toBe(proof.key);
    expect(JSON.stringify(answer.body)).not.toContain(KEY);
  });

  it('requires the admin token and a well-formed challenge', async () => {
    const anonymous = await request(`${market.adminUrl}/config`);
    expect(anonymous.status).toBe(401);
    const short = await request<ErrorBody>(`${market.adminUrl}/config?challenge=abc`, { headers: auth });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('challenge');
    const unknown = await request<ErrorBody>(`${market.adminUrl}/config?verbose=1`, { headers: auth });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('verbose');
  });

  it('shows V1 settings, the kit key falling back to the key, and a custom delivery without proofs', async () => {
    const v1 = await start({
      sellerUrl: 'http://127.0.0.1:9/p',
      accessKey: KEY,
      clock: 'real',
      timeScale: 60,
      engine: { protocol: 'v1', v1: { accessKey: KEY, encryptType: 2 }, testFlag: '1' },
      openApi: { enabled: false },
    });
    const a = await request<MockConfigurationAnswer>(`${v1.adminUrl}/config?challenge=${CHALLENGE}`);
    expect(a.body).toMatchObject({
      protocol: 'v1',
      encryptType: 2,
      kitKey: null,
      clock: { kind: 'real', timeScale: 60 },
      testFlag: '1',
      openApi: { enabled: false, accessKey: null, secretKey: null, demoCredentials: false },
    });
    expect(a.body.keyProof?.kitKey).toBe(createKeyProof(KEY, CHALLENGE));

    const custom = await start({ deliver: async () => ({}) as never });
    const c = await request<MockConfigurationAnswer>(`${custom.adminUrl}/config?challenge=${CHALLENGE}`);
    expect(c.body).toMatchObject({ delivery: 'custom', sellerUrl: null, key: null, kitKey: null });
    expect(c.body.keyProof).toEqual({ challenge: CHALLENGE, key: null, kitKey: null });
    expect(c.body.openApi).toMatchObject({ enabled: true, demoCredentials: true });
  });
});
