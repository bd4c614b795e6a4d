// createSellerApp: the example seller as an express application with its state in SQLite.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express } from 'express';
import { ConfigError, createInstanceIdempotency, createProductionHandler } from '@koogallery-kit/sdk';
import type { ProductionHandler } from '@koogallery-kit/sdk';
import { createExpressMiddleware } from '@koogallery-kit/sdk/express';
import { openDatabase } from './database';
import { createInstanceStore } from './instance-store';
import { createOrderStore } from './order-store';
import type { OrderRecord } from './order-store';
import type { InstanceEvent, InstanceRecord, OrderNotification } from './instance-store';
import type { SellerAppOptions } from './options';
import { resolveSellerOptions } from './options';
import { createSellerHandlers } from './production-handlers';
import { createProvisioningWorker } from './provisioning';
import { createSqliteIdempotencyStore } from './sqlite-idempotency-store';
import { createTenantRoutes } from './tenant-routes';

/** The running example seller. */
export interface SellerApp {
  /** The express application: production interfaces at {@link productionPath}, tenant pages, `/healthz`. */
  readonly app: Express;
  /** The framework-neutral production handler the express middleware wraps. */
  readonly handler: ProductionHandler;
  /** Path of the production interfaces, e.g. `/koogallery/produce`. */
  readonly productionPath: string;
  /**
   * Listens on `port` (default 3000; 0 = any free port) and `host` (default `'127.0.0.1'`); resolves the base URL.
   * The server is closed by {@link close}.
   */
  listen(port?: number, host?: string): Promise<{ url: string; productionUrl: string; server: Server }>;
  /** One instance, or undefined. */
  getInstance(instanceId: string): InstanceRecord | undefined;
  /** Every instance, oldest first (released ones included, as tombstones). */
  listInstances(): InstanceRecord[];
  /** The accepted production calls of one instance, oldest first. */
  instanceEvents(instanceId: string): InstanceEvent[];
  /** Every orderNotify received. */
  orderNotifications(): OrderNotification[];
  /** The seller's order records (kept with `orderLookup`: the amounts come from the order query), oldest first. */
  orderRecords(): OrderRecord[];
  /** Sets how many users a tenant has (what changeInstanceCheck compares a smaller specification with). */
  setUsersInUse(instanceId: string, users: number): void;
  /** Completes the asynchronous provisionings due now (the background worker does this every `provisioningPollMs`). */
  completeDueProvisioning(): string[];
  /** Stops the provisioning worker, closes the servers started by {@link listen}, then the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds the example seller: every V2 production interface (newInstance idempotent per order line and optionally
 * asynchronous, queryInstance, refreshInstance with its four scenes, freeze/unfreeze, idempotent release,
 * upgradeInstance, changeInstanceCheck, orderNotify) served by the SDK's production handler as express middleware,
 * with durable state in the SQLite file `dbPath`. Restarting on the same file keeps every instance, claim and
 * pending provisioning.
 *
 * @throws ConfigError for a missing key or database path, or an invalid option.
 * @example
 * const seller = createSellerApp({ accessKey: process.env.KEY!, dbPath: 'seller.sqlite' });
 * const { productionUrl } = await seller.listen(3000);
 */
export function createSellerApp(options: SellerAppOptions): SellerApp {
  const o = resolveSellerOptions(options);
  const db = openDatabase(o.dbPath);
  const store = createInstanceStore(db);
  const orders = createOrderStore(db);
  const worker = createProvisioningWorker({ store, now: o.now, pollMs: o.provisioningPollMs });
  const idempotency = createInstanceIdempotency({
    store: createSqliteIdempotencyStore(db),
    now: o.now,
    // A creation that runs longer than this (a crashed process) is taken over with the same instanceId.
    leaseMs: 120_000,
  });
  const handler = createProductionHandler({
    accessKey: o.accessKey,
    now: o.now,
    ...(o.toleranceMs === undefined ? {} : { toleranceMs: o.toleranceMs }),
    ...(o.nonceStore === undefined ? {} : { nonceStore: o.nonceStore }),
    ...(o.logger === undefined ? {} : { logger: o.logger }),
    handlers: createSellerHandlers({
      store,
      orders,
      idempotency,
      now: o.now,
      appBaseUrl: o.appBaseUrl,
      orderLookup: o.orderLookup,
      isAsync: o.isAsync,
      provisioningDelayMs: o.provisioningDelayMs,
      completeDueProvisioning: () => void worker.runDue(),
    }),
  });

  const app = express();
  app.disable('x-powered-by');
  // Mounted before any body parser: the middleware reads the raw body, which the signature covers.
  app.use(o.productionPath, createExpressMiddleware(handler));
  app.use(createTenantRoutes({ store, completeDueProvisioning: () => void worker.runDue() }));

  const servers = new Set<Server>();
  let closed = false;
  const open = (): void => {
    if (closed) throw new ConfigError('This seller app was closed; create a new one with createSellerApp().');
  };

  return {
    app,
    handler,
    productionPath: o.productionPath,
    listen(port = 3000, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        open();
        const server = app.listen(port, host);
        server.once('error', reject);
        server.once('listening', () => {
          servers.add(server);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          const url = `http://${shownHost}:${address.port}`;
          resolve({ url, productionUrl: `${url}${o.productionPath}`, server });
        });
      });
    },
    getInstance: (instanceId) => (open(), store.get(instanceId)),
    listInstances: () => (open(), store.list()),
    instanceEvents: (instanceId) => (open(), store.events(instanceId)),
    orderNotifications: () => (open(), store.orderNotifications()),
    orderRecords: () => (open(), orders.list()),
    setUsersInUse(instanceId, users) {
      open();
      if (!Number.isInteger(users) || users < 0) {
        throw new ConfigError(`setUsersInUse: users must be an integer ≥ 0, got ${String(users)}.`);
      }
      if (store.get(instanceId) === undefined)
        throw new ConfigError(`setUsersInUse: no instance ${instanceId}.`);
      store.setUsersInUse(instanceId, users, o.now());
    },
    completeDueProvisioning: () => {
      open();
      return worker.runDue();
    },
    async close() {
      if (closed) return;
      closed = true;
      worker.stop();
      await Promise.all(
        [...servers].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      db.close();
    },
  };
}
