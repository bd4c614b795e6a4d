/**
 * Serves the web console's static files (HTML, CSS, ES modules; no build step, no CDN) under `/console`.
 *
 * - `/console` redirects to `/console/` so the page's relative URLs resolve under the mount point (also behind a
 *   reverse proxy that adds a path prefix).
 * - Every answer carries a strict Content-Security-Policy (scripts, styles and connections from the mock itself
 *   only, no inline script, no framing), `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`:
 *   the console shows bodies written by the seller's server and must never run them.
 * - `Cache-Control: no-cache`: a browser revalidates, so a new mock version never runs an old script.
 *
 * The files hold no secret and no configuration: the console reads everything from the admin API, and asks
 * for the admin token (kept in the tab's sessionStorage) when the mock has one.
 */
import express, { Router } from 'express';

/** Options of {@link createConsoleRouter}. */
export interface ConsoleRouterOptions {
  /** Directory holding `index.html` and the console's assets. */
  dir: string;
}

/** The Content-Security-Policy of every console answer. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Creates the router (mount it at `/console`); files that do not exist fall through to the next handler. */
export function createConsoleRouter(o: ConsoleRouterOptions): Router {
  const r = Router();
  r.use((req, res, next) => {
    res.set({
      'Content-Security-Policy': CONSOLE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    const [path = '', query] = req.originalUrl.split('?', 2);
    if ((req.method === 'GET' || req.method === 'HEAD') && req.path === '/' && !path.endsWith('/')) {
      res.redirect(308, `${path}/${query === undefined ? '' : `?${query}`}`);
      return;
    }
    next();
  });
  r.use(
    express.static(o.dir, {
      index: 'index.html',
      fallthrough: true,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  return r;
}
