/**
 * Joint-operations login (联营账号登录, §5): an OAuth 2.0 authorization-code client against the tenant's
 * domain (`domainName` from tenantSync) with the app's `clientId` / `clientSecret` (from applicationSync,
 * decrypted). Build the authorize URL with a `state`, exchange the code, refresh, read the user info.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError, ErrorCodes, SignatureError, ValidationError } from '../errors';
import type { ValidationIssue } from '../errors';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './create-client';
import {
  checkNumber,
  defaultSleep,
  normalizeBaseUrls,
  optionalFunction,
  requireKey,
} from '../util/option-checks';
import { createHttpInstance } from './http-instance';
import type { ClientAgent } from './http-instance';
import { ArgumentIssues } from './input-checks';
import type { ClientLogger } from './logger';
import { createRequestExecutor } from './request-executor';
import type { ApiCallOptions, RequestExecutor } from './request-executor';
import { isObject } from '../util/is-object';

/** The unified login portal of joint-operations apps (§5 step 1). */
export const UNIFIED_LOGIN_PORTAL = 'https://macroverse.huaweicloud.com/unified-login/#/portal-login';

/** Paths on the tenant's domain (§5). */
export const LOGIN_PATHS = Object.freeze({
  authorize: '/api/v1/oauth2/authorize',
  token: '/api/v1/oauth2/token',
  userInfo: '/api/v1/oauth2/userinfo',
  logout: '/api/v1/logout',
} as const);

/** Scope of the documented flow. */
export const LOGIN_SCOPE = 'get_user_info';

/** `code` of the error thrown when the `state` of a callback does not match. */
export const LOGIN_STATE_MISMATCH = ErrorCodes.LOGIN_STATE_MISMATCH;

/** Options of {@link createLoginClient}. */
export interface LoginClientOptions {
  /** The tenant's domain (`domainName` of tenantSync), e.g. `https://tenant.example.com`. */
  domainName: string;
  /** `clientId` of applicationSync. */
  clientId: string;
  /** `clientSecret` of applicationSync, already decrypted. Never logged, never in an error. */
  clientSecret: string;
  /** Your registered login URL, sent as `redirect_uri` (optional in the token request). */
  redirectUri?: string;
  /** Deadline of one attempt in ms. Default 10 000. */
  timeoutMs?: number;
  /** Retries of the user-info GET (token calls are never re-sent once delivered). Default 2. */
  maxRetries?: number;
  /** Agent for every request; `rejectUnauthorized: false` is refused. */
  httpAgent?: ClientAgent;
  /** Clock in epoch ms (token `expiresAt`). Default `Date.now`. */
  now?: () => number;
  /** Waits between retries. Default: a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform random in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Receives one line per attempt and retry (never tokens or secrets). */
  logger?: ClientLogger;
}

/** Tokens of a code exchange or refresh. */
export interface LoginTokens {
  /** Bearer token for the user-info call. */
  accessToken: string;
  /** `Bearer`. */
  tokenType: string;
  /** Lifetime in seconds (7200 documented). */
  expiresIn: number;
  /** When the access token expires, epoch ms on the client's clock. */
  expiresAt: number;
  /** Granted scope (`get_user_info`). */
  scope: string | undefined;
  /** Refresh token (valid 30 days), when issued. */
  refreshToken: string | undefined;
}

/** The user of a login (§5 step 5). Fields the platform adds are kept. */
export interface LoginUserInfo {
  id?: string;
  userName?: string;
  name?: string;
  email?: string;
  mobile?: string;
  role?: string;
  organizationName?: string;
  userId?: string;
  organizationCode?: string;
  projectName?: string;
  tenant?: string;
  [field: string]: unknown;
}

/** What the login redirect brought back (`?code=…&tenant=…[&state=…]`). */
export interface LoginCallback {
  code: string;
  tenant: string | undefined;
  state: string | undefined;
}

/** The login client of one tenant domain and app. */
export interface LoginClient {
  /**
   * The authorize URL (`response_type=code`, `scope=get_user_info`) with a `state`: give one, or a random
   * 32-byte one is made. Keep the returned `state` in the user's session and check it on the callback.
   */
  authorizeUrl(o?: { state?: string; redirectUri?: string; scope?: string }): { url: string; state: string };
  /**
   * Exchange an authorization code (single use) for tokens. Never re-sent once delivered.
   * @throws OAuthError (`invalid_grant`...), ValidationError (answer without access_token), ConnectionError.
   */
  exchangeCode(o: { code: string; redirectUri?: string }, options?: ApiCallOptions): Promise<LoginTokens>;
  /** Refresh the tokens. @throws OAuthError (`invalid_grant` for an invalid or expired refresh token). */
  refresh(o: { refreshToken: string }, options?: ApiCallOptions): Promise<LoginTokens>;
  /** The user behind an access token. @throws OAuthError (`unauthorized`), ConnectionError, TimeoutError. */
  userInfo(accessToken: string, options?: ApiCallOptions): Promise<LoginUserInfo>;
  /** Logout URL on the tenant domain that sends the browser back to `redirectUrl`. */
  logoutUrl(o: { redirectUrl: string }): string;
}

/** A random `state` value (64 hex characters). */
export function createLoginState(): string {
  return randomBytes(32).toString('hex');
}

/** URL of the unified login portal for a joint-operations app (§5 step 1). */
export function unifiedLoginUrl(appId: string): string {
  if (typeof appId !== 'string' || appId.length === 0)
    throw new ConfigError('unifiedLoginUrl needs the appId of the app.');
  return `${UNIFIED_LOGIN_PORTAL}?ind=UNOP&appId=${encodeURIComponent(appId)}`;
}

/**
 * Read the login redirect's query (`code`, `tenant`, `state`). With `expectedState`, the `state` must match
 * (constant-time comparison).
 *
 * @throws ValidationError (`INVALID_ARGUMENT`) when `code` is missing; SignatureError (`LOGIN_STATE_MISMATCH`)
 *   when the state is missing or differs.
 */
export function parseLoginCallback(
  query: string | URL | URLSearchParams,
  expectedState?: string,
): LoginCallback {
  const params =
    query instanceof URLSearchParams
      ? query
      : query instanceof URL
        ? query.searchParams
        : new URLSearchParams(query.includes('?') ? query.slice(query.indexOf('?') + 1) : query);
  const code = params.get('code');
  const error = params.get('error');
  if (!code) {
    throw new ValidationError(
      `The login callback carries no code${error ? ` (error ${error})` : ''}: restart the login from the portal.`,
      [{ path: '/code', message: 'is required', keyword: 'required' }],
      { code: ErrorCodes.INVALID_ARGUMENT },
    );
  }
  const state = params.get('state') ?? undefined;
  if (expectedState !== undefined) {
    const a = Buffer.from(expectedState);
    const b = Buffer.from(state ?? '');
    if (a.length === 0 || a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new SignatureError(
        LOGIN_STATE_MISMATCH,
        'The login callback state does not match the one stored for this session: the request may be forged. Restart the login.',
      );
    }
  }
  return { code, tenant: params.get('tenant') ?? undefined, state };
}

function tokensOf(body: unknown, nowMs: number, operation: string): LoginTokens {
  const issues: ValidationIssue[] = [];
  const r = isObject(body) ? body : {};
  if (typeof r.access_token !== 'string' || r.access_token === '') {
    issues.push({ path: '/access_token', message: 'must be a non-empty string', keyword: 'required' });
  }
  const expiresIn =
    typeof r.expires_in === 'string' && /^\d+$/.test(r.expires_in) ? Number(r.expires_in) : r.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0) {
    issues.push({ path: '/expires_in', message: 'must be a number of seconds', keyword: 'type' });
  }
  for (const field of ['token_type', 'scope', 'refresh_token'] as const) {
    if (r[field] !== undefined && r[field] !== null && typeof r[field] !== 'string') {
      issues.push({ path: `/${field}`, message: 'must be a string', keyword: 'type' });
    }
  }
  if (issues.length > 0) {
    throw new ValidationError(
      `${operation}: the token answer does not have the documented shape — ${issues.map((i) => `${i.path.slice(1)} ${i.message}`).join('; ')}.`,
      issues,
    );
  }
  const seconds = expiresIn as number;
  return {
    accessToken: r.access_token as string,
    tokenType: typeof r.token_type === 'string' ? r.token_type : 'Bearer',
    expiresIn: seconds,
    expiresAt: nowMs + seconds * 1000,
    scope: typeof r.scope === 'string' ? r.scope : undefined,
    refreshToken: typeof r.refresh_token === 'string' ? r.refresh_token : undefined,
  };
}

const isOAuthSuccess = (body: unknown): boolean => !(isObject(body) && typeof body.error === 'string');

/**
 * Create a login client for one tenant domain and app.
 *
 * @throws ConfigError for a missing or malformed option.
 * @example
 * const login = createLoginClient({ domainName: tenant.domainName, clientId, clientSecret });
 * const { url, state } = login.authorizeUrl({ redirectUri: 'https://app.example.com/callback' });
 * // … on the callback:
 * const { code } = parseLoginCallback(req.url, session.state);
 * const tokens = await login.exchangeCode({ code });
 * const user = await login.userInfo(tokens.accessToken);
 */
export function createLoginClient(options: LoginClientOptions): LoginClient {
  if (options === null || typeof options !== 'object')
    throw new ConfigError('createLoginClient needs an options object.');
  const clientId = requireKey('clientId', options.clientId, 'the clientId of applicationSync.') as string;
  const clientSecret = requireKey(
    'clientSecret',
    options.clientSecret,
    'the decrypted clientSecret of applicationSync.',
  ) as string;
  const domainName = requireKey(
    'domainName',
    options.domainName,
    'the domainName of tenantSync, e.g. https://tenant.example.com.',
  ) as string;
  const base = normalizeBaseUrls(domainName, 'domainName')[0] as string;
  if (options.redirectUri !== undefined)
    requireKey('redirectUri', options.redirectUri, 'your registered login URL.');
  const now = optionalFunction<() => number>('now', options.now, Date.now);
  const executor: RequestExecutor = createRequestExecutor({
    http: createHttpInstance({ httpAgent: options.httpAgent, usesHttps: base.startsWith('https:') }),
    baseUrls: [base],
    timeoutMs: checkNumber(
      'timeoutMs',
      options.timeoutMs,
      { min: 1, max: 600_000, integer: false },
      DEFAULT_TIMEOUT_MS,
    ),
    maxRetries: checkNumber(
      'maxRetries',
      options.maxRetries,
      { min: 0, max: 10, integer: true },
      DEFAULT_MAX_RETRIES,
    ),
    now,
    sleep: optionalFunction<(ms: number) => Promise<void>>('sleep', options.sleep, defaultSleep),
    random: optionalFunction<() => number>('random', options.random, Math.random),
    logger: options.logger,
    secrets: [clientSecret],
  });

  const tokenCall = async (
    operation: string,
    form: Record<string, string>,
    secrets: string[],
    callOptions?: ApiCallOptions,
  ) => {
    const body = new URLSearchParams({
      ...form,
      client_id: clientId,
      client_secret: clientSecret,
    }).toString();
    const reply = await executor.execute(
      {
        operation,
        method: 'POST',
        path: LOGIN_PATHS.token,
        sign: () => ({
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body,
        }),
        idempotent: false,
        family: 'oauth',
        isSuccess: isOAuthSuccess,
        secrets,
      },
      callOptions,
    );
    return tokensOf(reply.body, now(), operation);
  };

  return {
    authorizeUrl(o = {}) {
      const state = o.state ?? createLoginState();
      if (typeof state !== 'string' || state.length === 0)
        throw new ConfigError('state must be a non-empty string.');
      const redirectUri = o.redirectUri ?? options.redirectUri;
      const url = new URL(base + LOGIN_PATHS.authorize);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', clientId);
      if (redirectUri !== undefined) url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('scope', o.scope ?? LOGIN_SCOPE);
      url.searchParams.set('state', state);
      return { url: url.toString(), state };
    },
    exchangeCode(o, callOptions) {
      const args = new ArgumentIssues();
      args.string(o?.code, '/code', { max: 4096 });
      args.string(o?.redirectUri, '/redirectUri', { max: 2048, optional: true });
      args.throwIfAny('login.exchangeCode');
      const form: Record<string, string> = { grant_type: 'authorization_code', code: o.code };
      const redirectUri = o.redirectUri ?? options.redirectUri;
      if (redirectUri !== undefined) form.redirect_uri = redirectUri;
      return tokenCall('login.exchangeCode', form, [o.code], callOptions);
    },
    refresh(o, callOptions) {
      const args = new ArgumentIssues();
      args.string(o?.refreshToken, '/refreshToken', { max: 4096 });
      args.throwIfAny('login.refresh');
      return tokenCall(
        'login.refresh',
        { grant_type: 'refresh_token', refresh_token: o.refreshToken },
        [o.refreshToken],
        callOptions,
      );
    },
    async userInfo(accessToken, callOptions) {
      const args = new ArgumentIssues();
      args.string(accessToken, '/accessToken', { max: 8192 });
      args.throwIfAny('login.userInfo');
      const reply = await executor.execute(
        {
          operation: 'login.userInfo',
          method: 'GET',
          path: LOGIN_PATHS.userInfo,
          sign: () => ({ headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } }),
          idempotent: true,
          family: 'oauth',
          isSuccess: isOAuthSuccess,
          secrets: [accessToken],
        },
        callOptions,
      );
      if (!isObject(reply.body)) {
        throw new ValidationError('login.userInfo: the answer is not a JSON object.', [
          { path: '', message: 'must be an object', keyword: 'type' },
        ]);
      }
      return reply.body;
    },
    logoutUrl(o) {
      if (typeof o?.redirectUrl !== 'string' || o.redirectUrl.length === 0) {
        throw new ConfigError('logoutUrl needs redirectUrl: where the browser returns after logging out.');
      }
      return `${base}${LOGIN_PATHS.logout}?redirect_url=${encodeURIComponent(o.redirectUrl)}`;
    },
  };
}
