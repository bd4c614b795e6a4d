/**
 * `POST /__admin/actions/<action>`: plays a buyer lifecycle action or a kit event (see {@link ADMIN_ACTIONS})
 * and, unless `?deliver=false`, delivers the production calls that fall due at once before answering, so the
 * answer shows the outcome: `{ action, result, jobs }` with `result` re-read after delivery (order, instance,
 * tenant…) and `jobs` the calls the action created, in their current state. `GET /__admin/actions` lists the actions and their fields.
 */
import { Router } from 'express';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../engine/engine';
import type { JobRecord } from '../../engine/model/types';
import { HttpError, HttpErrorCodes } from '../errors';
import { ADMIN_ACTIONS, checkActionBody, resolveActionName } from './actions';
import { checkKnownQuery, isObject, objectBody, queryEnum, throwIssues } from './input';
import { isTenantRecord, tenantView } from './kit-routes';

/** Answer of an action. */
export interface ActionAnswer {
  action: string;
  result: unknown;
  jobs: JobRecord[];
}

/**
 * The latest state of a record the action returned (orders, instances and tenants change during delivery). A
 * tenant is always answered with its client secret redacted.
 */
function reread(engine: MarketEngine, value: unknown): unknown {
  if (!isObject(value)) return value;
  if (isTenantRecord(value)) {
    try {
      return tenantView(engine.getTenant(value.tenantId));
    } catch {
      return tenantView(value);
    }
  }
  // renew-with-change answers { accepted, check, order }: its order and check job changed during delivery too
  // (the audit found PROCESSING reported while the store held COMPLETED).
  if ('accepted' in value && 'check' in value) {
    return { ...value, check: rereadJob(engine, value.check), order: reread(engine, value.order) };
  }
  try {
    if (typeof value.orderId === 'string' && typeof value.orderType === 'string')
      return engine.getOrder(value.orderId);
    if (typeof value.ref === 'string' && 'instanceId' in value && 'chargingMode' in value) {
      return engine.getInstance(value.ref);
    }
  } catch {
    // deleted meanwhile (reset): answer what the action returned
  }
  return value;
}

/** The latest state of a job the action returned. */
function rereadJob(engine: MarketEngine, value: unknown): unknown {
  return isObject(value) && typeof value.id === 'string' ? (engine.store.getJob(value.id) ?? value) : value;
}

/** Runs one action with the shared checks; exported for the programmatic API and tests. */
export async function runAdminAction(
  engine: MarketEngine,
  actionName: string,
  body: Record<string, unknown>,
  deliver: boolean,
): Promise<ActionAnswer> {
  const name = resolveActionName(actionName);
  if (name === undefined) {
    throw new HttpError(
      404,
      HttpErrorCodes.UNKNOWN_ACTION,
      `There is no action ${JSON.stringify(actionName)}; use one of: ${Object.keys(ADMIN_ACTIONS).join(', ')}.`,
    );
  }
  const action = ADMIN_ACTIONS[name] as (typeof ADMIN_ACTIONS)[string] & object;
  throwIssues(`${name} request`, checkActionBody(action, body));
  const created: string[] = [];
  const off = engine.events.on('job.created', (e) => created.push(e.job.id));
  let result: unknown;
  try {
    result = await action.run(engine, body);
  } finally {
    off();
  }
  if (deliver) await engine.flush();
  const jobs: JobRecord[] = [];
  for (const id of created) {
    const job = engine.store.getJob(id);
    if (job !== undefined) jobs.push(job);
  }
  return { action: name, result: reread(engine, result), jobs };
}

/** Creates the action routes. */
export function createActionRoutes(engine: MarketEngine): Router {
  const r = Router();

  r.get('/actions', (_req, res) => {
    res.json(
      Object.entries(ADMIN_ACTIONS).map(([name, a]) => ({
        name,
        summary: a.summary,
        fields: a.fields,
        required: a.required,
      })),
    );
  });

  r.post('/actions/:action', async (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, ['deliver'], issues);
    const deliver = queryEnum(req, 'deliver', ['true', 'false'] as const, issues) !== 'false';
    const body = objectBody(req, 'action request');
    throwIssues('action request', issues);
    const answer = await runAdminAction(engine, req.params.action, body, deliver);
    res.status(200).json(answer);
  });

  return r;
}
