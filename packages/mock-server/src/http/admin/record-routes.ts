/**
 * Read-mostly admin routes over the engine's records: orders, instances, jobs (with restart / run now),
 * attempts, buyers, products (with relist), the simulated outbox and saved debug cases. Lists answer
 * `{ items, total, offset }` and take `limit`/`offset` plus the filters named per route; an unknown filter or
 * value is a 400 naming it.
 */
import { Router } from 'express';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../engine/engine';
import { DEFAULT_RETRY_SCHEDULES } from '../../engine/jobs/retry-schedules';
import {
  INSTANCE_STATES,
  ORDER_STATES,
  ORDER_TYPES,
  type AttemptState,
  type JobState,
  type ProductionInterface,
} from '../../engine/model/types';
import {
  checkKnownFields,
  checkKnownQuery,
  defined,
  issue,
  list,
  objectBody,
  queryEnum,
  queryString,
  throwIssues,
} from './input';

const JOB_STATES: readonly JobState[] = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'EXHAUSTED',
  'CANCELED',
];
const ATTEMPT_STATES: readonly AttemptState[] = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'NOT_READY',
  'INTERRUPTED',
];
const INTERFACES = Object.keys(DEFAULT_RETRY_SCHEDULES) as ProductionInterface[];

/** Creates the record routes. */
export function createRecordRoutes(engine: MarketEngine): Router {
  const r = Router();

  r.get('/orders', (req, res) => {
    res.json(
      list(
        req,
        ['state', 'orderType', 'buyerId', 'productCode'],
        (issues) => {
          const filter = defined({
            state: queryEnum(req, 'state', ORDER_STATES, issues),
            orderType: queryEnum(req, 'orderType', ORDER_TYPES, issues),
            buyerId: queryString(req, 'buyerId', issues),
            productCode: queryString(req, 'productCode', issues),
          });
          return () => engine.listOrders(filter);
        },
        'order list request',
      ),
    );
  });
  r.get('/orders/:id', (req, res) => {
    res.json(engine.getOrder(req.params.id));
  });
  r.get('/orders/:id/info', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, ['orderLineId'], issues);
    const line = queryString(req, 'orderLineId', issues);
    throwIssues('order info request', issues);
    res.json(engine.orderInfo(req.params.id, line));
  });

  r.get('/instances', (req, res) => {
    res.json(
      list(
        req,
        ['state', 'orderId', 'buyerId', 'productCode'],
        (issues) => {
          const filter = defined({
            state: queryEnum(req, 'state', INSTANCE_STATES, issues),
            orderId: queryString(req, 'orderId', issues),
            buyerId: queryString(req, 'buyerId', issues),
            productCode: queryString(req, 'productCode', issues),
          });
          return () => engine.listInstances(filter);
        },
        'instance list request',
      ),
    );
  });
  r.get('/instances/:ref', (req, res) => {
    res.json(engine.getInstance(req.params.ref));
  });

  r.get('/jobs', (req, res) => {
    res.json(
      list(
        req,
        ['state', 'interface', 'orderId', 'instanceRef', 'waitingFor'],
        (issues) => {
          const filter = defined({
            state: queryEnum(req, 'state', JOB_STATES, issues),
            interface: queryEnum(req, 'interface', INTERFACES, issues),
            orderId: queryString(req, 'orderId', issues),
            instanceRef: queryString(req, 'instanceRef', issues),
            waitingFor: queryString(req, 'waitingFor', issues),
          });
          return () => engine.listJobs(filter);
        },
        'job list request',
      ),
    );
  });
  r.get('/jobs/:id', (req, res) => {
    res.json(engine.getJob(req.params.id));
  });
  r.post('/jobs/:id/restart', async (req, res) => {
    const body = objectBody(req, 'restart request');
    const issues: ValidationIssue[] = [];
    checkKnownFields(body, ['withRetries'], issues);
    if (body.withRetries !== undefined && typeof body.withRetries !== 'boolean') {
      issues.push(issue('/withRetries', 'must be a boolean'));
    }
    throwIssues('restart request', issues);
    res.json(await engine.restartJob(req.params.id, { withRetries: body.withRetries === true }));
  });
  r.post('/jobs/:id/retry-now', async (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownFields(objectBody(req, 'retry request'), [], issues);
    throwIssues('retry request', issues);
    res.json(await engine.retryJobNow(req.params.id));
  });

  r.get('/attempts', (req, res) => {
    res.json(
      list(
        req,
        ['jobId', 'state'],
        (issues) => {
          const filter = defined({
            jobId: queryString(req, 'jobId', issues),
            state: queryEnum(req, 'state', ATTEMPT_STATES, issues),
          });
          return () => engine.listAttempts(filter);
        },
        'attempt list request',
      ),
    );
  });

  r.get('/buyers', (req, res) => {
    res.json(list(req, [], () => () => engine.listBuyers(), 'buyer list request'));
  });
  r.get('/buyers/:id', (req, res) => {
    res.json(engine.getBuyer(req.params.id));
  });

  r.get('/products', (req, res) => {
    res.json(
      list(
        req,
        [],
        () => () => engine.catalog.products.map((p) => ({ ...p, status: engine.getProductState(p.code) })),
        'product list request',
      ),
    );
  });
  r.get('/products/:code', (req, res) => {
    const product = engine.catalog.product(req.params.code);
    res.json({ ...product, status: engine.getProductState(product.code) });
  });
  r.post('/products/:code/relist', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownFields(objectBody(req, 'relist request'), [], issues);
    throwIssues('relist request', issues);
    res.json(engine.relistProduct(req.params.code));
  });

  r.get('/outbox', (req, res) => {
    res.json(list(req, [], () => () => engine.outbox(), 'outbox request'));
  });

  r.get('/debug-cases', (req, res) => {
    res.json(list(req, [], () => () => engine.listDebugCases(), 'debug case list request'));
  });
  r.post('/debug-cases', (req, res) => {
    const body = objectBody(req, 'debug case');
    const issues: ValidationIssue[] = [];
    checkKnownFields(body, ['productCode', 'interface', 'body'], issues);
    for (const key of ['productCode', 'interface', 'body']) {
      if (body[key] === undefined) issues.push(issue(`/${key}`, 'required', 'required'));
    }
    throwIssues('debug case', issues);
    res.status(201).json(engine.saveDebugCase(body as never));
  });
  r.delete('/debug-cases/:id', (req, res) => {
    engine.removeDebugCase(req.params.id);
    res.status(204).end();
  });

  return r;
}
