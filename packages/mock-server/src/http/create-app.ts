/**
 * The mock marketplace's express app: the admin API under `/__admin`, mount points for the Open API
 * (`/api/mkp-openapi-public/...`, router supplied by the Open API module) and other routers, the web console
 * under `/console` (static files), and JSON 404/500 answers everywhere. No global body parser: the Open API
 * must see raw bodies to check signatures, so each router parses what it needs.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type Express, type RequestHandler } from 'express';
import type { MarketEngine } from '../engine/engine';
import type { AdminConfigurationSource } from './admin/config-routes';
import { createAdminRouter, type AdminRouterOptions } from './admin/router';
import { createCrossSiteGuard, createHostGuard } from './admin/site-guard';
import { createConsoleRouter } from './console-router';
import type { EventStreams } from './admin/event-stream';
import type { ExportService } from './admin/exports/export-service';
import { HttpError, HttpErrorCodes, errorMiddleware } from './errors';

/** Base path of the KooGallery Open APIs (§8.1). */
export const OPEN_API_BASE_PATH = '/api/mkp-openapi-public';
/** Path of the admin API. */
export const ADMIN_BASE_PATH = '/__admin';
/** Path of the web console. */
export const CONSOLE_BASE_PATH = '/console';

/** Options of {@link createMockApp}. */
export interface MockAppOptions {
  engine: MarketEngine;
  /** Admin token required on admin calls; undefined = none. */
  adminToken?: string;
  /** Facts (no secrets) shown under `mock` in `GET /__admin/state`. */
  describe?: () => Record<string, unknown>;
  /**
   * Directory of the web console's static files. Default: `src/console` next to the sources, or `dist/console`
   * next to the bundle, whichever exists; null = no console (`/console` answers 404 with a hint).
   */
  consoleDir?: string | null;
  /** Receives unexpected errors (answered 500). Default: ignore. */
  onInternalError?: (error: unknown) => void;
  /** Keep-alive interval of the event stream, ms. Default 15 000. */
  heartbeatMs?: number;
  /** Limits of the event stream's slow clients and where their disconnection is reported (event-stream.ts). */
  eventStream?: AdminRouterOptions['eventStream'];
  /** What `GET /__admin/config` shows (no secrets) and the key proofs; see `AdminRouterOptions.configuration`. */
  configuration?: AdminConfigurationSource;
  /**
   * Host names the admin API and the console answer to besides IP addresses and `localhost` (DNS rebinding
   * guard, see site-guard.ts). Default: none.
   */
  allowedHosts?: readonly string[];
  /** How exports are built; see `AdminRouterOptions.exports`. */
  exports?: AdminRouterOptions['exports'];
}

/** The app with its mount points. */
export interface MockApp {
  app: Express;
  /** Open admin event streams (ended on shutdown). */
  streams: EventStreams;
  /** The exports (`/__admin/exports`); close them on shutdown. */
  exports: ExportService;
  /** Mounts `router` at `path` (e.g. OAuth routes), ahead of the 404 fallback. Later mounts come after earlier ones. */
  mount(path: string, router: RequestHandler): void;
  /** Mounts the Open API router at `path` (default {@link OPEN_API_BASE_PATH}; use `/` for a router with full paths). */
  mountOpenApi(router: RequestHandler, path?: string): void;
  /** Serves the console's static files from `dir` under `/console`. */
  mountConsole(dir: string): void;
  /** The console directory in use, or null. */
  consoleDir(): string | null;
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** The console directory shipped with the package, if any. */
export function defaultConsoleDir(): string | null {
  // From src/http/: ../console (src/console). From the bundle in dist/: ./console (dist/console), then
  // ../src/console (a source checkout).
  const candidates = ['../console', './console', '../src/console'];
  for (const rel of candidates) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir) && isDir(dir)) return dir;
  }
  return null;
}

/** Creates the app (see module doc). */
export function createMockApp(o: MockAppOptions): MockApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const admin = createAdminRouter({
    engine: o.engine,
    adminToken: o.adminToken,
    describe: o.describe,
    heartbeatMs: o.heartbeatMs,
    eventStream: o.eventStream,
    configuration: o.configuration,
    exports: o.exports,
  });
  const mounts = Router();
  let consoleDir: string | null = null;
  const consoleSlot = Router();

  // The admin API and the console serve only their own host names, and admin changes only same-site JSON.
  const hostGuard = createHostGuard({ allowedHosts: o.allowedHosts });
  app.use(ADMIN_BASE_PATH, hostGuard, createCrossSiteGuard({ allowedHosts: o.allowedHosts }), admin.router);
  app.use(CONSOLE_BASE_PATH, hostGuard, consoleSlot, (req, _res, next) => {
    next(
      new HttpError(
        404,
        HttpErrorCodes.ROUTE_NOT_FOUND,
        consoleDir === null
          ? 'The web console is not available in this build; use the admin API under /__admin.'
          : `No console file ${req.path}.`,
      ),
    );
  });
  app.use(mounts);
  app.get('/', (_req, res) => {
    res.json({
      name: 'koogallery-mock',
      admin: ADMIN_BASE_PATH,
      openApi: OPEN_API_BASE_PATH,
      console: consoleDir === null ? null : `${CONSOLE_BASE_PATH}/`,
    });
  });
  app.use((req, _res, next) => {
    next(
      new HttpError(
        404,
        HttpErrorCodes.ROUTE_NOT_FOUND,
        `Nothing is served at ${req.method} ${req.path}; the admin API is under ${ADMIN_BASE_PATH}, the Open APIs under ${OPEN_API_BASE_PATH}.`,
      ),
    );
  });
  app.use(errorMiddleware(o.onInternalError ?? (() => undefined)));

  const result: MockApp = {
    app,
    streams: admin.streams,
    exports: admin.exports,
    mount(path, router) {
      mounts.use(path, router);
    },
    mountOpenApi(router, path = OPEN_API_BASE_PATH) {
      mounts.use(path, router);
    },
    mountConsole(dir) {
      if (!isDir(dir)) {
        throw new HttpError(500, HttpErrorCodes.INTERNAL, `The console directory ${dir} does not exist.`);
      }
      consoleDir = dir;
      consoleSlot.use(createConsoleRouter({ dir }));
    },
    consoleDir: () => consoleDir,
  };
  const dir = o.consoleDir === undefined ? defaultConsoleDir() : o.consoleDir;
  if (dir !== null) result.mountConsole(dir);
  return result;
}
