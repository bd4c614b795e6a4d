/**
 * The joint-operations login (§5) end to end: the SDK's login client against the mock's OAuth router, for a
 * tenant the engine synchronised, with the documented errors for a bad client secret, a reused code, an expired
 * token and a wrong redirect_uri.
 */
import jwt from 'jsonwebtoken';
import { OAuthError, createLoginClient, parseLoginCallback } from '@koogallery-kit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JointTenantRecord } from '../../src/engine/joint/joint-types';
import { ACCESS_TOKEN_TTL_S, OAUTH_PATHS, REFRESH_TOKEN_TTL_S } from '../../src/http/oauth';
import { send, startMarket, type TestMarket } from '../open-api/helpers';

const CALLBACK = 'https://app.example.com/login/callback';

let market: TestMarket;
let tenant: JointTenantRecord;

beforeAll(async () => {
  market = await startMarket({
    engine: {
      // The login does not look at the ciphertext; the kit tests use the real RSA-OAEP cipher.
      jointOperations: { encryptClientSecret: (s) => Buffer.from(`enc:${s}`).toString('base64') },
    },
  });
  tenant = market.engine.createAppCredential({
    loginUrl: CALLBACK,
    orgs: [
      { orgCode: 'HQ', orgName: 'Headquarters' },
      { orgCode: 'RD', orgName: 'R&D', parentCode: 'HQ' },
    ],
    users: [
      {
        userName: 'alice',
        name: 'Alice Zhang',
        role: 'admin',
        orgCode: 'RD',
        email: 'alice@example.com',
        mobile: '13800000001',
      },
    ],
  }).tenant;
  await market.clock.advance(0);
});
afterAll(async () => {
  await market.close();
});

const loginClient = (over: { clientSecret?: string; redirectUri?: string } = {}) =>
  createLoginClient({
    domainName: tenant.domainName,
    clientId: tenant.app.clientId,
    clientSecret: over.clientSecret ?? tenant.app.clientSecret,
    redirectUri: over.redirectUri ?? CALLBACK,
    now: () => market.clock.now(),
    maxRetries: 0,
  });

/** Follows the authorize URL like a browser would (one redirect), returning the callback URL. */
async function authorize(url: string): Promise<{ status: number; location: string | null; text: string }> {
  const answer = await send(url);
  return { status: answer.status, location: answer.headers.get('location'), text: answer.text };
}

describe('joint-operations login against the mock', () => {
  it('runs the whole flow: authorize → code → token → userinfo → refresh', async () => {
    expect(tenant.domainName).toBe(market.url);
    const login = loginClient();
    const { url, state } = login.authorizeUrl();
    const step = await authorize(url);
    expect(step.status).toBe(302);
    expect(step.location?.startsWith(`${CALLBACK}?`)).toBe(true);
    const callback = parseLoginCallback(new URL(step.location!), state);
    expect(callback.tenant).toBe(tenant.tenantId);

    const tokens = await login.exchangeCode({ code: callback.code });
    expect(tokens).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_TTL_S,
      scope: 'get_user_info',
    });
    const claims = jwt.decode(tokens.accessToken, { json: true })!;
    expect(claims).toMatchObject({ iss: market.url, aud: tenant.app.clientId, sub: 'alice' });
    expect(claims.exp! - claims.iat!).toBe(ACCESS_TOKEN_TTL_S);
    expect(claims.iat).toBe(Math.floor(market.clock.now() / 1000));
    // The login counts for the kit activity metrics (seller-console.md §9).
    expect(market.engine.store.getFlow('kitLogin', `${tenant.tenantId}:alice`)?.data).toMatchObject({
      logins: 1,
    });
    const refreshClaims = jwt.decode(tokens.refreshToken!, { json: true })!;
    expect(refreshClaims.exp! - refreshClaims.iat!).toBe(REFRESH_TOKEN_TTL_S);

    const alice = tenant.users.find((u) => u.userName === 'alice')!;
    expect(await login.userInfo(tokens.accessToken)).toEqual({
      id: alice.userId,
      userName: 'alice',
      name: 'Alice Zhang',
      email: 'alice@example.com',
      mobile: '13800000001',
      role: 'admin',
      organizationName: 'R&D',
      userId: alice.userId,
      organizationCode: 'RD',
      projectName: tenant.name,
      tenant: tenant.tenantId,
    });

    const refreshed = await login.refresh({ refreshToken: tokens.refreshToken! });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect((await login.userInfo(refreshed.accessToken)).userName).toBe('alice');
  });

  it('refuses a bad client secret (invalid_client), a reused code and an expired code (invalid_grant)', async () => {
    const login = loginClient();
    const first = parseLoginCallback(new URL((await authorize(login.authorizeUrl().url)).location!));
    const badSecret = await loginClient({ clientSecret: 'not-the-client-secret' })
      .exchangeCode({ code: first.code })
      .catch((e: unknown) => e);
    expect(badSecret).toBeInstanceOf(OAuthError);
    expect(badSecret).toMatchObject({ code: 'invalid_client', status: 401 });

    await login.exchangeCode({ code: first.code });
    const reused = await login.exchangeCode({ code: first.code }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(OAuthError);
    expect(reused).toMatchObject({ code: 'invalid_grant', status: 400 });
    expect((reused as OAuthError).platformMessage).toBe('Invalid authorization code');

    const late = parseLoginCallback(new URL((await authorize(login.authorizeUrl().url)).location!));
    await market.clock.advance(5 * 60_000 + 1);
    const expired = await login.exchangeCode({ code: late.code }).catch((e: unknown) => e);
    expect(expired).toMatchObject({ code: 'invalid_grant' });
  });

  it('expires access tokens after 7200 s on the mock clock (401 unauthorized); refresh still works', async () => {
    const login = loginClient();
    const { code } = parseLoginCallback(new URL((await authorize(login.authorizeUrl().url)).location!));
    const tokens = await login.exchangeCode({ code });
    await market.clock.advance(ACCESS_TOKEN_TTL_S * 1000 - 1000);
    expect((await login.userInfo(tokens.accessToken)).userName).toBe('alice');
    await market.clock.advance(2000);
    const expired = await login.userInfo(tokens.accessToken).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(OAuthError);
    expect(expired).toMatchObject({ code: 'unauthorized', status: 401 });
    expect((expired as OAuthError).platformMessage).toBe('Access token expired');
    const again = await login.refresh({ refreshToken: tokens.refreshToken! });
    expect((await login.userInfo(again.accessToken)).userName).toBe('alice');
    // An access token cannot stand in for a refresh token, and garbage is refused.
    for (const bogus of [again.accessToken, 'not.a.jwt']) {
      const refused = await login.refresh({ refreshToken: bogus }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'invalid_grant' });
      expect((refused as OAuthError).platformMessage).toBe('Invalid refresh token');
    }
    const anonymous = await send(`${market.url}${OAUTH_PATHS.userInfo}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({
      error: 'unauthorized',
      error_description: 'Full authentication is required to access this resource',
    });
  });

  it('refuses a redirect_uri other than the registered login URL, at authorize and at the token exchange', async () => {
    const evil = loginClient({ redirectUri: 'https://evil.example.com/steal' });
    const page = await authorize(evil.authorizeUrl().url);
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.text).toContain('Invalid redirect: https://evil.example.com/steal does not match');

    const login = loginClient();
    const { code } = parseLoginCallback(new URL((await authorize(login.authorizeUrl().url)).location!));
    const mismatch = await login
      .exchangeCode({ code, redirectUri: 'https://app.example.com/other' })
      .catch((e: unknown) => e);
    expect(mismatch).toMatchObject({ code: 'invalid_grant', status: 400 });
    expect((mismatch as OAuthError).platformMessage).toBe('Redirect URI mismatch.');
  });

  it('lets the tester pick a user when several are authorised, and refuses users without authorisation', async () => {
    market.engine.authorizeUsers(tenant.tenantId, [{ userName: 'bob', name: 'Bob <Li>' }]);
    const login = loginClient();
    const { url, state } = login.authorizeUrl();
    const picker = await authorize(url);
    expect(picker.status).toBe(200);
    expect(picker.text).toContain('Bob &lt;Li&gt;');
    const links = [...picker.text.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links).toHaveLength(2);
    const bobLink = links.find((l) => l.includes('user=bob'))!;
    const chosen = await authorize(`${market.url}${bobLink}`);
    const { code } = parseLoginCallback(new URL(chosen.location!), state);
    const tokens = await login.exchangeCode({ code });
    expect((await login.userInfo(tokens.accessToken)).userName).toBe('bob');

    // Bob's authorisation is canceled (authSync flag 3): his token no longer works and he cannot sign in.
    market.engine.authorizeUsers(tenant.tenantId, [{ userName: 'bob' }], { flag: 3 });
    const revoked = await login.userInfo(tokens.accessToken).catch((e: unknown) => e);
    expect(revoked).toMatchObject({ code: 'unauthorized' });
    const refused = await authorize(`${url}&user=bob`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('not an authorised, enabled user');
  });

  it('redirects with access_denied when nobody is authorised, and shows an error page for an unknown client', async () => {
    const empty = market.engine.createAppCredential({ loginUrl: CALLBACK }).tenant;
    const login = createLoginClient({
      domainName: empty.domainName,
      clientId: empty.app.clientId,
      clientSecret: empty.app.clientSecret,
      redirectUri: CALLBACK,
    });
    const { url, state } = login.authorizeUrl();
    const denied = await authorize(url);
    expect(denied.status).toBe(302);
    const back = new URL(denied.location!);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(state);
    expect(back.searchParams.get('code')).toBeNull();

    const unknown = await authorize(
      `${market.url}${OAUTH_PATHS.authorize}?response_type=code&client_id=nope`,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('invalid_client');
    const wrongType = await authorize(url.replace('response_type=code', 'response_type=token'));
    expect(new URL(wrongType.location!).searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('logs out back to the app', async () => {
    const out = await send(loginClient().logoutUrl({ redirectUrl: 'https://app.example.com/bye' }));
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('https://app.example.com/bye');
  });
});
