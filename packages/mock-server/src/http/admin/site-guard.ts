/**
 * What keeps web pages out of the admin API and the console, with or without an admin token (see the package
 * README's security section):
 * - DNS rebinding: a page on `evil.example` whose name is re-pointed at 127.0.0.1 talks to the mock with
 *   `Host: evil.example`. Requests are only served when the `Host` is an IP address, `localhost` (or a
 *   `*.localhost` name), the name the mock was bound to, or one of the configured names (`--allowed-host`, for a
 *   shared instance behind a proxy or in a container network).
 * - Cross-site requests: a page on any site can make a browser send a "simple" POST (`text/plain`, a form) to
 *   127.0.0.1 without any preflight. State-changing admin requests (every method but GET, HEAD and OPTIONS) are
 *   refused unless their `Content-Type` is JSON (which a page can only send after a CORS preflight the mock never
 *   grants) and their `Origin` / `Sec-Fetch-Site` headers, when present, show the mock's own origin.
 * Clients that are no browser (the CLI, `contract --mock-url`, the SDK, curl) send JSON and no Origin, and pass.
 */
import { isIP } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { HttpError, HttpErrorCodes } from '../errors';

/** Options of {@link createHostGuard} and {@link createCrossSiteGuard}. */
export interface SiteGuardOptions {
  /**
   * Host names (besides IP addresses and `localhost`) under which the mock may be reached; a leading dot allows
   * every subdomain (`.example.test`). The name the mock is bound to is added by the marketplace.
   */
  allowedHosts?: readonly string[];
}

/** The host name of a `Host` header value (`[::1]:80` → `::1`, `Mock.Test:4010` → `mock.test`). */
function hostName(value: string): string {
  const v = value.trim().toLowerCase();
  if (v.startsWith('[')) return v.slice(1, v.indexOf(']') === -1 ? undefined : v.indexOf(']'));
  const colon = v.lastIndexOf(':');
  return (colon === -1 ? v : v.slice(0, colon)).replace(/\.$/, '');
}

/** True when `name` may be served (see module doc). */
function hostAllowed(name: string, allowed: readonly string[]): boolean {
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.some((a) => (a.startsWith('.') ? name === a.slice(1) || name.endsWith(a) : name === a));
}

const normalise = (hosts: readonly string[] | undefined): string[] =>
  (hosts ?? []).map((h) => h.trim().toLowerCase().replace(/\.$/, '')).filter((h) => h !== '');

/**
 * Refuses requests whose `Host` is a name the mock does not answer to (403 HOST_NOT_ALLOWED), against DNS
 * rebinding. A request without `Host` (HTTP/1.0 tools) passes: no browser sends one.
 */
export function createHostGuard(o: SiteGuardOptions = {}): RequestHandler {
  const allowed = normalise(o.allowedHosts);
  return (req, _res, next) => {
    const host = req.headers.host;
    if (host === undefined || host === '' || hostAllowed(hostName(host), allowed)) {
      next();
      return;
    }
    const name = hostName(host);
    next(
      new HttpError(
        403,
        HttpErrorCodes.HOST_NOT_ALLOWED,
        `The mock does not answer to the host name ${JSON.stringify(name)} (protection against DNS rebinding). ` +
          `Use 127.0.0.1 or localhost, or start the mock with --allowed-host ${name} when it is reached under that name (a proxy, a container network).`,
      ),
    );
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the media type of `contentType` is JSON (`application/json`, `application/*+json`). */
function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Why a state-changing request looks cross-site, or undefined when it does not. */
function crossSiteReason(req: Request, allowed: readonly string[]): string | undefined {
  const fetchSite = String(req.headers['sec-fetch-site'] ?? '').toLowerCase();
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') {
    return `the browser reports a request from another site (Sec-Fetch-Site: ${fetchSite})`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `the request comes from an opaque origin (Origin: ${JSON.stringify(origin).slice(0, 80)})`;
  }
  const host = String(req.headers.host ?? '').toLowerCase();
  if (url.host.toLowerCase() === host) return undefined;
  // Behind a proxy that rewrites Host, the public name is one of the configured names.
  if (allowed.length > 0 && hostAllowed(url.hostname.toLowerCase(), allowed) && isIP(url.hostname) === 0) {
    return undefined;
  }
  return `the request comes from another origin (Origin: ${url.origin})`;
}

/**
 * Refuses state-changing admin requests that a web page could have sent (403 CROSS_SITE_REQUEST for another
 * origin, 415 CONTENT_TYPE_NOT_JSON for a body that is not declared as JSON).
 */
export function createCrossSiteGuard(o: SiteGuardOptions = {}): RequestHandler {
  const allowed = normalise(o.allowedHosts);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const reason = crossSiteReason(req, allowed);
    if (reason !== undefined) {
      next(
        new HttpError(
          403,
          HttpErrorCodes.CROSS_SITE_REQUEST,
          `Refused: ${reason}. The admin API only accepts changes from the console served by this mock and from tools (CLI, SDK, curl) that send no Origin.`,
        ),
      );
      return;
    }
    if (!isJson(req.headers['content-type'])) {
      next(
        new HttpError(
          415,
          HttpErrorCodes.CONTENT_TYPE_NOT_JSON,
          `Admin requests that change state must send a JSON body with \`Content-Type: application/json\` (got ${req.headers['content-type'] === undefined ? 'no Content-Type' : JSON.stringify(req.headers['content-type'])}); send {} when there is nothing to say.`,
        ),
      );
      return;
    }
    next();
  };
}
