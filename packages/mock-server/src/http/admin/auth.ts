/**
 * The optional admin token of a shared mock: when configured, every admin call must carry it as
 * `Authorization: Bearer <token>` or `X-Admin-Token: <token>` (the event stream also accepts `?token=`, because
 * a browser's EventSource cannot set headers). Comparison is constant-time; the token never appears in answers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError, HttpErrorCodes } from '../errors';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** True when `given` equals `token` (constant-time over the digests, whatever the lengths). */
export function tokenMatches(token: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(token), digest(given));
}

/** The token a request carries, if any. `allowQuery` accepts `?token=` (event stream only). */
export function tokenOf(
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown>,
  allowQuery: boolean,
): string | undefined {
  const auth = headers['authorization'];
  const authValue = Array.isArray(auth) ? auth[0] : auth;
  const bearer = authValue === undefined ? undefined : /^Bearer\s+(.+)$/i.exec(authValue.trim())?.[1];
  if (bearer !== undefined) return bearer.trim();
  const header = headers['x-admin-token'];
  const headerValue = Array.isArray(header) ? header[0] : header;
  if (headerValue !== undefined) return headerValue.trim();
  const q = query['token'];
  if (allowQuery && typeof q === 'string') return q;
  return undefined;
}

/**
 * Middleware enforcing the admin token; a no-op when `token` is undefined. Answers 401 UNAUTHORIZED with a
 * message saying how to send the token.
 */
export function requireAdminToken(token: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (token === undefined) {
      next();
      return;
    }
    const allowQuery = req.method === 'GET' && req.path === '/events';
    const given = tokenOf(req.headers, req.query, allowQuery);
    if (tokenMatches(token, given)) {
      next();
      return;
    }
    next(
      new HttpError(
        401,
        HttpErrorCodes.UNAUTHORIZED,
        given === undefined
          ? 'This mock requires the admin token: send it as `Authorization: Bearer <token>` or `X-Admin-Token: <token>` (CLI: --admin-token or KOOGALLERY_MOCK_ADMIN_TOKEN).'
          : 'The admin token is wrong; use the token the mock was started with (--admin-token).',
      ),
    );
  };
}
