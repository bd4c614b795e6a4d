/**
 * Access and refresh tokens of the mock's login (§5): JWTs signed with HS256 (jsonwebtoken), issuer = the tenant's
 * domain, audience = the app's `client_id`, subject = the user's account, times on the mock's clock. The docs
 * describe the tokens as opaque; JWTs let a seller's tests look inside, but nothing may rely on their claims.
 *
 * jsonwebtoken is imported on the first token operation, not with the module: most runs of the mock never log a
 * user in, and the library costs start-up time and memory (≈ 12 MB) that `koogallery-mock start` need not pay.
 */
import { randomUUID } from 'node:crypto';
import type * as JsonWebToken from 'jsonwebtoken';
import type { JointTenantRecord, JointUser } from '../../engine/joint/joint-types';

/** The jsonwebtoken module. */
type Jwt = typeof JsonWebToken;

let jwtModule: Promise<Jwt> | undefined;

/** jsonwebtoken, imported once on first use (CommonJS: its exports are the namespace's `default`). */
function loadJwt(): Promise<Jwt> {
  jwtModule ??= import('jsonwebtoken').then((m) => (m as Jwt & { default?: Jwt }).default ?? m);
  return jwtModule;
}

/** Documented lifetime of an access token: 7200 s (§5 step 3). */
export const ACCESS_TOKEN_TTL_S = 7200;
/** Documented lifetime of a refresh token: 30 days. */
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;
/** The only documented scope. */
export const LOGIN_SCOPE = 'get_user_info';

/** Claims of the mock's tokens. */
export interface LoginTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  /** tenantId. */
  tenant: string;
  /** The user's stable id. */
  uid: string;
  scope: string;
  /** `access` or `refresh`: one cannot stand in for the other. */
  use: 'access' | 'refresh';
  iat: number;
  exp: number;
  jti: string;
}

/** Why a token was refused. */
export type TokenRefusal = 'malformed' | 'expired' | 'invalid';

/** Result of {@link TokenService.verify}. */
export type TokenCheck =
  { ok: true; claims: LoginTokenClaims; tenant: JointTenantRecord } | { ok: false; reason: TokenRefusal };

/**
 * Issues and checks tokens with one secret on one clock. Both operations are asynchronous only because the JWT
 * library is loaded on first use; the clock is read when the call is made.
 */
export interface TokenService {
  issue(
    tenant: JointTenantRecord,
    user: JointUser,
    use: 'access' | 'refresh',
    scope: string,
  ): Promise<string>;
  /** The claims of a valid token of `use` for an active tenant's app, or why it is refused. */
  verify(
    token: string,
    use: 'access' | 'refresh',
    findTenant: (clientId: string) => JointTenantRecord | undefined,
  ): Promise<TokenCheck>;
}

/** Creates the token service (`now` in epoch ms). */
export function createTokenService(secret: string | Buffer, now: () => number): TokenService {
  const seconds = (): number => Math.floor(now() / 1000);
  return {
    async issue(tenant, user, use, scope) {
      const iat = seconds();
      const payload = {
        iss: tenant.domainName,
        aud: tenant.app.clientId,
        sub: user.userName,
        tenant: tenant.tenantId,
        uid: user.userId,
        scope,
        use,
        iat,
        jti: randomUUID(),
      };
      const jwt = await loadJwt();
      return jwt.sign(payload, secret, {
        algorithm: 'HS256',
        expiresIn: use === 'access' ? ACCESS_TOKEN_TTL_S : REFRESH_TOKEN_TTL_S,
      });
    },
    async verify(token, use, findTenant) {
      const clockTimestamp = seconds();
      const jwt = await loadJwt();
      const decoded = jwt.decode(token, { json: true });
      if (decoded === null || typeof decoded.aud !== 'string') return { ok: false, reason: 'malformed' };
      const tenant = findTenant(decoded.aud);
      if (tenant === undefined) return { ok: false, reason: 'invalid' };
      try {
        const claims = jwt.verify(token, secret, {
          algorithms: ['HS256'],
          audience: tenant.app.clientId,
          issuer: tenant.domainName,
          clockTimestamp,
        }) as unknown as LoginTokenClaims;
        if (claims.use !== use || claims.tenant !== tenant.tenantId) return { ok: false, reason: 'invalid' };
        return { ok: true, claims, tenant };
      } catch (error) {
        return { ok: false, reason: error instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
      }
    },
  };
}
