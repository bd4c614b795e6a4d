import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  LOGIN_STATE_MISMATCH,
  OAuthError,
  SignatureError,
  ValidationError,
  createLoginClient,
  parseLoginCallback,
  unifiedLoginUrl,
} from '@koogallery-kit/sdk';
import { T0, fakeTime, startServer } from './helpers';
import type { LocalServer, ScriptedReply, SeenRequest } from './helpers';

const CLIENT_ID = 'app-client-id-01';
const CLIENT_SECRET = 'app-client-SECRET-value-01';
const CODE = 'z2DAUTHCODE0001';
const ACCESS = 'access-TOKEN-0001-abcdef';
const REFRESH = 'refresh-TOKEN-0001-abcdef';

let server: LocalServer;
const used = new Set<string>();

function tokenEndpoint(req: SeenRequest): ScriptedReply {
  const form = new URLSearchParams(req.body);
  if (req.headers['content-type'] !== 'application/x-www-form-urlencoded')
    return { status: 415, body: { error: 'invalid_request' } };
  if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
    return { status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } };
  }
  const tokens = {
    access_token: ACCESS,
    token_type: 'Bearer',
    expires_in: 7200,
    scope: 'get_user_info',
    refresh_token: REFRESH,
  };
  if (form.get('grant_type') === 'authorization_code') {
    const code = form.get('code') ?? '';
    if (code !== CODE || used.has(code))
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
      };
    used.add(code);
    return { body: tokens };
  }
  if (form.get('grant_type') === 'refresh_token') {
    if (form.get('refresh_token') !== REFRESH)
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } };
    return { body: { ...tokens, access_token: `${ACCESS}-2`, expires_in: '3600' } };
  }
  return { status: 400, body: { error: 'unsupported_grant_type' } };
}

beforeAll(async () => {
  server = await startServer((req) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/api/v1/oauth2/token' && req.method === 'POST') return tokenEndpoint(req);
    if (path === '/api/v1/oauth2/userinfo' && req.method === 'GET') {
      if (req.headers.authorization !== `Bearer ${ACCESS}`) {
        return {
          status: 401,
          body: {
            error: 'unauthorized',
            error_description: 'Full authentication is required to access this resource',
          },
        };
      }
      return {
        body: {
          id: 'u-1',
          userName: 'zhangsan',
          name: '张三',
          email: 'zs@example.com',
          mobile: '13800000000',
          role: 'admin',
          organizationName: 'Dept',
          userId: 'u-1',
          organizationCode: 'D1',
          projectName: 'p',
          tenant: 't-1',
          extra: 1,
        },
      };
    }
    return { status: 404, body: { error: 'not_found' } };
  });
});
afterAll(() => server.close());

const login = (over = {}) => {
  const time = fakeTime();
  return createLoginClient({
    domainName: `${server.baseURL}/`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: 'https://app.example.com/callback',
    now: time.now,
    sleep: time.sleep,
    ...over,
  });
};

describe('joint-operations login client (§5)', () => {
  it('builds the authorize URL with a random state, or the given one', () => {
    const { url, state } = login().authorizeUrl();
    expect(state).toMatch(/^[0-9a-f]{64}$/);
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe(`${server.baseURL}/api/v1/oauth2/authorize`);
    expect(Object.fromEntries(u.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: 'https://app.example.com/callback',
      scope: 'get_user_info',
      state,
    });
    expect(login().authorizeUrl().state).not.toBe(state);
    expect(new URL(login().authorizeUrl({ state: 'abc' }).url).searchParams.get('state')).toBe('abc');
    expect(url).not.toContain(CLIENT_SECRET);
  });

  it('exchanges a code, refreshes, and reads the user info', async () => {
    const client = login();
    const tokens = await client.exchangeCode({ code: CODE });
    expect(tokens).toEqual({
      accessToken: ACCESS,
      tokenType: 'Bearer',
      expiresIn: 7200,
      expiresAt: T0 + 7_200_000,
      scope: 'get_user_info',
      refreshToken: REFRESH,
    });
    const sent = new URLSearchParams(server.requests.find((r) => r.url === '/api/v1/oauth2/token')?.body);
    expect(sent.get('redirect_uri')).toBe('https://app.example.com/callback');
    expect(sent.get('grant_type')).toBe('authorization_code');
    const refreshed = await client.refresh({ refreshToken: REFRESH });
    expect(refreshed.accessToken).toBe(`${ACCESS}-2`);
    expect(refreshed.expiresIn).toBe(3600);
    const user = await client.userInfo(ACCESS);
    expect(user).toMatchObject({ userName: 'zhangsan', tenant: 't-1', organizationCode: 'D1', extra: 1 });
  });

  it('maps OAuth errors to OAuthError: invalid_grant (reused code, bad refresh token), invalid_client, unauthorized', async () => {
    const reused = await login()
      .exchangeCode({ code: CODE })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(OAuthError);
    expect(reused).toMatchObject({
      code: 'invalid_grant',
      status: 400,
      category: 'authentication',
      platformMessage: 'Invalid authorization code',
    });
    await expect(login().refresh({ refreshToken: 'nope' })).rejects.toMatchObject({
      code: 'invalid_grant',
      platformMessage: 'Invalid refresh token',
    });
    await expect(
      login({ clientSecret: 'wrong-secret-0000' }).exchangeCode({ code: CODE }),
    ).rejects.toMatchObject({ code: 'invalid_client', status: 401 });
    const unauthorized = await login()
      .userInfo('expired-token-0000')
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(OAuthError);
    expect(unauthorized).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('never re-sends a token request once delivered (codes are single-use)', async () => {
    const flaky = await startServer(() => ({ status: 503, body: { error: 'temporarily_unavailable' } }));
    try {
      const client = createLoginClient({
        domainName: flaky.baseURL,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        sleep: async () => {},
      });
      await expect(client.exchangeCode({ code: CODE })).rejects.toMatchObject({
        code: 'temporarily_unavailable',
        status: 503,
      });
      expect(flaky.requests).toHaveLength(1);
      await expect(client.userInfo(ACCESS)).rejects.toBeInstanceOf(OAuthError);
      expect(flaky.requests).toHaveLength(4); // user info is a GET: retried twice
    } finally {
      await flaky.close();
    }
  });

  it('rejects a token answer without access_token as a ValidationError naming the field', async () => {
    const odd = await startServer(() => ({ body: { token_type: 'Bearer', expires_in: 'soon' } }));
    try {
      const client = createLoginClient({
        domainName: odd.baseURL,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      });
      const error = await client.exchangeCode({ code: CODE }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['/access_token', '/expires_in']);
    } finally {
      await odd.close();
    }
  });

  it('parses the login callback and checks the state in constant time', () => {
    expect(
      parseLoginCallback('https://app.example.com/callback?code=abc&tenant=123456&state=s1', 's1'),
    ).toEqual({
      code: 'abc',
      tenant: '123456',
      state: 's1',
    });
    expect(parseLoginCallback(new URLSearchParams('code=abc&tenant=1'))).toEqual({
      code: 'abc',
      tenant: '1',
      state: undefined,
    });
    const mismatch = (() => {
      try {
        parseLoginCallback('?code=abc&state=other', 's1');
      } catch (e) {
        return e;
      }
    })();
    expect(mismatch).toBeInstanceOf(SignatureError);
    expect((mismatch as SignatureError).code).toBe(LOGIN_STATE_MISMATCH);
    expect(() => parseLoginCallback('?code=abc', 's1')).toThrow(SignatureError);
    expect(() => parseLoginCallback('?error=access_denied')).toThrow(/error access_denied/);
  });

  it('builds the portal and logout URLs, and refuses bad options', () => {
    expect(unifiedLoginUrl('app 1')).toBe(
      'https://macroverse.huaweicloud.com/unified-login/#/portal-login?ind=UNOP&appId=app%201',
    );
    expect(login().logoutUrl({ redirectUrl: 'https://app.example.com/?a=1' })).toBe(
      `${server.baseURL}/api/v1/logout?redirect_url=https%3A%2F%2Fapp.example.com%2F%3Fa%3D1`,
    );
    expect(() =>
      createLoginClient({ domainName: 'tenant.example.com', clientId: 'a', clientSecret: 'b' }),
    ).toThrow(ConfigError);
    expect(() =>
      createLoginClient({ domainName: 'https://t.example.com', clientId: '', clientSecret: 'b' }),
    ).toThrow(ConfigError);
    expect(() => login().logoutUrl({ redirectUrl: '' })).toThrow(ConfigError);
  });
});
