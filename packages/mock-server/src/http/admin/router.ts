/**
 * The admin API under `/__admin`: JSON in, JSON out, errors as `{ error: { code, message, field?, issues? } }`.
 * When an admin token is configured every admin route requires it, except `GET /__admin/health` (a liveness
 * probe that reveals nothing but "up"). See the package README for the route reference.
 */
import express, { Router } from 'express';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../engine/engine';
import { HttpError, HttpErrorCodes } from '../errors';
import { createActionRoutes } from './action-routes';
import { requireAdminToken } from './auth';
import { clockView, createClockRoutes } from './clock-routes';
import { createConfigRoutes, type AdminConfigurationSource } from './config-routes';
import { createConsoleAdminRoutes } from './console-routes';
import { createEventStreams, type EventStreamOptions, type EventStreams } from './event-stream';
import { checkKnownFields, objectBody, throwIssues } from './input';
import { createExportRoutes } from './exports/export-routes';
import { createExportService, type ExportService, type ExportServiceOptions } from './exports/export-service';
import { createKitRoutes } from './kit-routes';
import { createSupervisionRoutes } from './supervision-routes';
import { createSettlementRoutes } from './settlement-routes';
import { createRecordRoutes } from './record-routes';

/** Dependencies of the admin router. */
export interface AdminRouterOptions {
  engine: MarketEngine;
  /** Token every admin call must carry; undefined = open (bind to 127.0.0.1 then). */
  adminToken?: string;
  /** Extra facts shown under `mock` in `GET /__admin/state` (seller URL, store path…); must hold no secret. */
  describe?: () => Record<string, unknown>;
  /** Keep-alive interval of the event stream, ms. Default 15 000. */
  heartbeatMs?: number;
  /** Limits of the event stream's slow clients and where their disconnection is reported (event-stream.ts). */
  eventStream?: Pick<EventStreamOptions, 'maxQueueBytes' | 'maxBlockedMs' | 'onWarning'>;
  /** What `GET /__admin/config` describes (secrets redacted) and the key proofs. Default: the route answers 422. */
  configuration?: AdminConfigurationSource;
  /** How exports are built (delay, row limit, zone of the time columns); see export-service.ts. */
  exports?: Omit<ExportServiceOptions, 'engine'>;
}

/** The admin router, its open event streams and its exports. */
export interface AdminRouter {
  router: Router;
  streams: EventStreams;
  /** The exports and their history (closed with the app). */
  exports: ExportService;
}

/** Counts of `items` by `key`. */
function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** Creates the admin router (mount it at `/__admin`). */
export function createAdminRouter(o: AdminRouterOptions): AdminRouter {
  const { engine } = o;
  const router = Router();
  const streams = createEventStreams(engine.events, {
    ...o.eventStream,
    now: () => engine.now(),
    heartbeatMs: o.heartbeatMs,
  });
  const exports = createExportService({ ...o.exports, engine });

  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  router.use(requireAdminToken(o.adminToken));
  router.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  router.get('/state', (_req, res) => {
    const jobs = engine.listJobs();
    res.json({
      mock: o.describe?.() ?? {},
      clock: clockView(engine),
      store: engine.store.kind,
      counts: {
        orders: countBy(engine.listOrders(), (x) => x.state),
        instances: countBy(engine.listInstances(), (x) => x.state),
        jobs: countBy(jobs, (x) => x.state),
        attempts: countBy(engine.listAttempts(), (x) => x.state),
        buyers: engine.listBuyers().length,
        outbox: engine.outbox().length,
      },
      products: engine.listProductStates(),
      recovery: {
        resumedClockAt: engine.recovery.resumedClockAt,
        interruptedAttempts: engine.recovery.interruptedAttempts.map((a) => ({ jobId: a.jobId, no: a.no })),
        pendingJobs: engine.recovery.pendingJobs,
      },
      eventStreams: streams.count(),
    });
  });

  router.get('/events', streams.handler);
  router.use(createClockRoutes(engine));
  router.use(createActionRoutes(engine));
  router.use(createRecordRoutes(engine));
  router.use(createKitRoutes(engine));
  router.use(createSupervisionRoutes(engine));
  router.use(createSettlementRoutes(engine));
  router.use(createConfigRoutes(o.configuration));
  router.use(createConsoleAdminRoutes(engine));
  router.use(createExportRoutes(exports));

  router.post('/reset', async (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownFields(objectBody(req, 'reset request'), [], issues);
    throwIssues('reset request', issues);
    await engine.reset();
    res.json({ ok: true, clock: clockView(engine) });
  });

  router.use((req, _res, next) => {
    next(
      new HttpError(
        404,
        HttpErrorCodes.ROUTE_NOT_FOUND,
        `There is no admin route ${req.method} /__admin${req.path}; see GET /__admin/actions and the README's admin API reference.`,
      ),
    );
  });

  return { router, streams, exports };
}
