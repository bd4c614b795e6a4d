/**
 * The joint-operations login (§5) as the tenant's unified-authentication domain serves it, for the tenants the
 * engine synchronised with the kit interfaces (their `domainName` is the mock's URL):
 *
 * - `GET  /api/v1/oauth2/authorize?response_type=code&client_id&redirect_uri&scope=get_user_info&state` — the
 *   login page: signs in the tenant's only authorised user, or lets the tester pick one (`&user=<userName>` picks
 *   directly), then redirects to `redirect_uri?code=…&tenant=<tenantId>[&state=…]`;
 * - `POST /api/v1/oauth2/token` (form) — `grant_type=authorization_code` (single-use code, 5 minutes) and
 *   `grant_type=refresh_token`; answers `access_token`, `token_type: Bearer`, `expires_in: 7200`,
 *   `scope: get_user_info`, `refresh_token` (30 days);
 * - `GET  /api/v1/oauth2/userinfo` with `Authorization: Bearer …` — `id`, `userName`, `name`, `email`, `mobile`,
 *   `role`, `organizationName`, `userId`, `organizationCode`, `projectName`, `tenant`;
 * - `GET  /api/v1/logout?redirect_url=…` — back to the app.
 *
 * Errors as documented (§5) where the docs give them — `invalid_grant` "Invalid authorization code" / "Invalid
 * refresh token" (400), `unauthorized` "Full authentication is required to access this resource" (401) — and in
 * the same Spring Security OAuth2 style elsewhere: `invalid_client` "Bad client credentials" (401),
 * `invalid_request` (400), `unsupported_grant_type` (400), `invalid_grant` "Redirect URI mismatch." (400).
 * Authorize errors that cannot go back to the app (unknown client, unregistered redirect_uri) are an HTML page
 * with status 400; the others are redirected with `error` and `state` (RFC 6749 §4.1.2.1).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { ConfigError } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../engine/engine';
import type { JointTenantRecord, JointUser } from '../../engine/joint/joint-types';
import { errorPage, userPickerPage } from './pages';
import { ACCESS_TOKEN_TTL_S, LOGIN_SCOPE, createTokenService } from './tokens';
import type { MarketStore } from '../../store/types';

/** Meta key of the token signing secret (hex). */
const OAUTH_SECRET_KEY = 'oauth.jwtSecret';

/** The signing secret kept in the store, made (32 random bytes) when the store has none. */
function storedSecret(store: MarketStore): Buffer {
  const saved = store.getMeta(OAUTH_SECRET_KEY);
  if (saved !== undefined && /^[0-9a-f]{64}$/.test(saved)) return Buffer.from(saved, 'hex');
  const secret = randomBytes(32);
  store.setMeta(OAUTH_SECRET_KEY, secret.toString('hex'));
  return secret;
}

/** Paths of the login endpoints, relative to where the router is mounted (§5). */
export const OAUTH_PATHS = Object.freeze({
  authorize: '/api/v1/oauth2/authorize',
  token: '/api/v1/oauth2/token',
  userInfo: '/api/v1/oauth2/userinfo',
  logout: '/api/v1/logout',
} as const);

/** Default lifetime of an authorization code: 5 minutes. */
export const DEFAULT_CODE_TTL_MS = 5 * 60_000;

/** Dependencies of {@link createOAuthRouter}. */
export interface OAuthRouterDeps {
  /** The engine whose joint-operations tenants (apps, users, departments) the login serves. */
  engine: MarketEngine;
  /** Clock of code and token expiry, epoch ms. Default: the engine's business clock. */
  clock?: { now(): number };
  /**
   * HS256 secret of the tokens. Default: 32 random bytes made once and kept in the engine's store, so tokens
   * issued before a restart stay valid with a SQLite store.
   */
  jwtSecret?: string | Buffer;
  /** Lifetime of an authorization code in ms. Default 300 000. */
  codeTtlMs?: number;
}

interface IssuedCode {
  clientId: string;
  tenantId: string;
  userName: string;
  /** The redirect_uri the code was issued for; the token request must repeat it (RFC 6749 §4.1.3). */
  redirectUri: string | null;
  scope: string;
  expiresAt: number;
  used: boolean;
}

const isHttpUrl = (v: unknown): v is string => {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hash === '';
  } catch {
    return false;
  }
};

const single = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Constant-time string comparison (via SHA-256, so lengths do not leak). */
function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status);
  res.setHeader('Cache-Control', 'no-store');
  if (status === 401)
    res.setHeader('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"`);
  res.json({ error, error_description: description });
}

function withQuery(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** Users who may sign in: authorised and enabled. */
function eligibleUsers(t: JointTenantRecord): JointUser[] {
  return t.users.filter((u) => u.authorized && u.enable === 'true');
}

/**
 * Creates the login router. Mount it where the tenants' `domainName` points (the engine option
 * `jointOperations.domainName`), usually at `/` of the mock.
 *
 * @throws ConfigError for invalid dependencies.
 */
export function createOAuthRouter(deps: OAuthRouterDeps): Router {
  if (deps === null || typeof deps !== 'object' || typeof deps.engine?.findTenantByClientId !== 'function') {
    throw new ConfigError('createOAuthRouter needs { engine }: the MarketEngine whose tenants log in.');
  }
  if (deps.clock !== undefined && typeof deps.clock?.now !== 'function') {
    throw new ConfigError('clock must have now() returning epoch ms.');
  }
  const codeTtlMs = deps.codeTtlMs ?? DEFAULT_CODE_TTL_MS;
  if (!Number.isInteger(codeTtlMs) || codeTtlMs <= 0)
    throw new ConfigError('codeTtlMs must be a positive integer.');
  if (deps.jwtSecret !== undefined && (deps.jwtSecret.length < 16 || deps.jwtSecret.length > 4096)) {
    throw new ConfigError('jwtSecret must be 16 to 4096 characters (or bytes) long.');
  }
  const { engine } = deps;
  const now = (): number => (deps.clock ?? engine.clock).now();
  const tokens = createTokenService(deps.jwtSecret ?? storedSecret(engine.store), now);
  const codes = new Map<string, IssuedCode>();
  const findTenant = (clientId: string): JointTenantRecord | undefined =>
    engine.findTenantByClientId(clientId);

  const purgeCodes = (): void => {
    const t = now();
    for (const [code, issued] of codes) if (issued.expiresAt <= t) codes.delete(code);
  };

  const router = Router();

  // ---------------------------------------------------------------- authorize

  router.get(OAUTH_PATHS.authorize, (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const htmlError = (error: string, description: string): void => {
      res.status(400).type('html').send(errorPage(error, description));
    };
    const clientId = single(q.client_id);
    const tenant = clientId === undefined ? undefined : findTenant(clientId);
    if (tenant === undefined) {
      htmlError(
        'invalid_client',
        clientId === undefined
          ? 'client_id is missing: use the clientId of applicationSync.'
          : `No application with client_id ${clientId}: use the clientId of an active applicationSync.`,
      );
      return;
    }
    const given = single(q.redirect_uri);
    const registered = tenant.app.loginUrl;
    if (given !== undefined && !isHttpUrl(given)) {
      htmlError('invalid_request', 'redirect_uri must be an absolute http(s) URL without a fragment.');
      return;
    }
    if (given !== undefined && registered !== null && given !== registered) {
      htmlError('invalid_request', `Invalid redirect: ${given} does not match one of the registered values.`);
      return;
    }
    const redirectUri = given ?? registered;
    if (redirectUri === null) {
      htmlError(
        'invalid_request',
        'redirect_uri is required: no login URL is registered for this application.',
      );
      return;
    }
    const state = single(q.state);
    const back = (params: Record<string, string | undefined>): void => {
      res.redirect(302, withQuery(redirectUri, { ...params, state }));
    };
    if (q.response_type !== 'code') {
      back({
        error: 'unsupported_response_type',
        error_description: 'Only response_type=code is supported.',
      });
      return;
    }
    const scope = single(q.scope) ?? LOGIN_SCOPE;
    if (scope.split(' ').some((s) => s !== LOGIN_SCOPE)) {
      back({ error: 'invalid_scope', error_description: `Invalid scope: ${scope} (only ${LOGIN_SCOPE}).` });
      return;
    }
    const users = eligibleUsers(tenant);
    const wanted = single(q.user) ?? single(q.login_hint);
    let user: JointUser | undefined;
    if (wanted !== undefined) {
      user = users.find((u) => u.userName === wanted);
      if (user === undefined) {
        htmlError(
          'access_denied',
          `${wanted} is not an authorised, enabled user of tenant ${tenant.tenantCode}.`,
        );
        return;
      }
    } else if (users.length === 1) user = users[0];
    else if (users.length === 0) {
      back({
        error: 'access_denied',
        error_description: `No user of tenant ${tenant.tenantCode} is authorised for this application yet (authSync).`,
      });
      return;
    } else {
      res
        .status(200)
        .type('html')
        .send(
          userPickerPage(tenant, users, (u) => {
            const url = new URL(req.originalUrl, 'http://mock.invalid');
            url.searchParams.set('user', u.userName);
            return `${url.pathname}${url.search}`;
          }),
        );
      return;
    }
    purgeCodes();
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      clientId: tenant.app.clientId,
      tenantId: tenant.tenantId,
      userName: (user as JointUser).userName,
      redirectUri: given ?? null,
      scope,
      expiresAt: now() + codeTtlMs,
      used: false,
    });
    back({ code, tenant: tenant.tenantId });
  });

  // ---------------------------------------------------------------- token

  const form = express.urlencoded({ extended: false, limit: '64kb' });
  router.post(OAUTH_PATHS.token, form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    let clientId = single(body.client_id);
    let clientSecret = single(body.client_secret);
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic?.[1] !== undefined && clientId === undefined) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        try {
          clientId = decodeURIComponent(decoded.slice(0, colon));
          clientSecret = decodeURIComponent(decoded.slice(colon + 1));
        } catch {
          clientId = undefined;
        }
      }
    }
    const grantType = single(body.grant_type);
    if (grantType === undefined) {
      oauthError(res, 400, 'invalid_request', 'Missing grant type (send application/x-www-form-urlencoded).');
      return;
    }
    const tenant = clientId === undefined ? undefined : findTenant(clientId);
    if (
      tenant === undefined ||
      clientSecret === undefined ||
      !sameSecret(clientSecret, tenant.app.clientSecret)
    ) {
      oauthError(res, 401, 'invalid_client', 'Bad client credentials');
      return;
    }
    let user: JointUser | undefined;
    let scope = LOGIN_SCOPE;
    if (grantType === 'authorization_code') {
      const code = single(body.code);
      if (code === undefined) {
        oauthError(res, 400, 'invalid_request', 'An authorization code must be supplied.');
        return;
      }
      const issued = codes.get(code);
      if (
        issued === undefined ||
        issued.used ||
        issued.expiresAt <= now() ||
        issued.clientId !== tenant.app.clientId
      ) {
        if (issued !== undefined) issued.used = true;
        oauthError(res, 400, 'invalid_grant', 'Invalid authorization code');
        return;
      }
      issued.used = true;
      const redirectUri = single(body.redirect_uri);
      if (issued.redirectUri !== null && redirectUri !== issued.redirectUri) {
        oauthError(res, 400, 'invalid_grant', 'Redirect URI mismatch.');
        return;
      }
      user = eligibleUsers(tenant).find((u) => u.userName === issued.userName);
      scope = issued.scope;
      if (user === undefined) {
        oauthError(res, 400, 'invalid_grant', 'Invalid authorization code');
        return;
      }
    } else if (grantType === 'refresh_token') {
      const refresh = single(body.refresh_token);
      if (refresh === undefined) {
        oauthError(res, 400, 'invalid_request', 'A refresh token must be supplied.');
        return;
      }
      const checked = await tokens.verify(refresh, 'refresh', findTenant);
      if (!checked.ok || checked.tenant.app.clientId !== tenant.app.clientId) {
        oauthError(res, 400, 'invalid_grant', 'Invalid refresh token');
        return;
      }
      user = eligibleUsers(tenant).find((u) => u.userName === checked.claims.sub);
      scope = checked.claims.scope;
      if (user === undefined) {
        oauthError(res, 400, 'invalid_grant', 'Invalid refresh token');
        return;
      }
    } else {
      oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
      return;
    }
    // A login through the kit (authorization code) counts for the order's kit activity (seller-console.md §9).
    if (grantType === 'authorization_code') engine.recordKitLogin(tenant.tenantId, user.userName);
    const accessToken = await tokens.issue(tenant, user, 'access', scope);
    const refreshToken = await tokens.issue(tenant, user, 'refresh', scope);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      scope,
      refresh_token: refreshToken,
    });
  });

  // ---------------------------------------------------------------- userinfo

  const userInfo = async (req: Request, res: Response): Promise<void> => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined) {
      oauthError(res, 401, 'unauthorized', 'Full authentication is required to access this resource');
      return;
    }
    const checked = await tokens.verify(bearer, 'access', findTenant);
    if (!checked.ok) {
      oauthError(
        res,
        401,
        'unauthorized',
        checked.reason === 'expired' ? 'Access token expired' : 'Invalid access token',
      );
      return;
    }
    const { tenant, claims } = checked;
    const user = eligibleUsers(tenant).find((u) => u.userName === claims.sub);
    if (user === undefined) {
      oauthError(res, 401, 'unauthorized', 'The user is no longer authorised for this application');
      return;
    }
    const org = tenant.orgs.find((o) => o.orgCode === user.orgCode);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      id: user.userId,
      userName: user.userName,
      name: user.name,
      email: user.email ?? '',
      mobile: user.mobile ?? '',
      role: user.role,
      organizationName: org?.orgName ?? '',
      userId: user.userId,
      organizationCode: user.orgCode,
      projectName: tenant.name,
      tenant: tenant.tenantId,
    });
  };
  router.get(OAUTH_PATHS.userInfo, userInfo);
  router.post(OAUTH_PATHS.userInfo, userInfo);

  // ---------------------------------------------------------------- logout

  router.get(OAUTH_PATHS.logout, (req: Request, res: Response) => {
    const target = single((req.query as Record<string, unknown>).redirect_url);
    if (target === undefined || !isHttpUrl(target)) {
      res
        .status(400)
        .type('html')
        .send(errorPage('invalid_request', 'redirect_url must be the absolute http(s) URL to return to.'));
      return;
    }
    res.redirect(302, target);
  });

  return router;
}
