/** Opening an instance's resource page: a synchronous queryInstance, and what its reply says of the instance. */
import { queryInstanceBody } from '../jobs/bodies';
import type { EngineContext } from '../context';
import { ActionRejectedError } from '../model/errors';
import { isObject } from '../model/input-issues';
import type { JobRunner } from '../jobs/job-runner';
import { createJob } from '../jobs/jobs';
import { resolveInstance } from './lifecycle-guards';
import { instanceRefs } from '../jobs/instance-jobs';
import type { ResourcePageResult } from './lifecycle-types';

/** The reply's `info` entry for `instanceId`; undefined when the body is not JSON or lists no such entry. */
function replyEntry(body: string | undefined, instanceId: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body ?? 'null') as { info?: unknown };
    if (!Array.isArray(parsed?.info)) return undefined;
    return parsed.info.find((x) => isObject(x) && x.instanceId === instanceId) as
      Record<string, unknown> | undefined;
  } catch {
    return undefined;
  }
}

/** Calls queryInstance for the instance at once and reports whether, and with what, the seller listed it. */
export async function openResourcePage(
  ctx: EngineContext,
  runner: JobRunner,
  ref: string,
): Promise<ResourcePageResult> {
  const instance = resolveInstance(ctx, ref);
  if (instance.instanceId === null || instance.state === 'released') {
    throw new ActionRejectedError(
      'NOT_SUPPORTED',
      `Instance ${instance.ref} is ${instance.state}${instance.instanceId === null ? ' and has no instanceId yet' : ''}; there is no resource page to open.`,
    );
  }
  const instanceId = instance.instanceId;
  const job = ctx.unit(() =>
    createJob(ctx, {
      interface: 'queryInstance',
      purpose: 'resourcePage',
      synchronous: true,
      body: queryInstanceBody([instanceId]),
      refs: instanceRefs(instance),
    }),
  );
  const done = await runner.runNow(job.id, false);
  const attempt = ctx.store.getAttempt(done.id, done.attemptCount) ?? null;
  const entry = replyEntry(attempt?.response?.body, instanceId);
  return {
    accepted: done.state === 'SUCCEEDED',
    reported: entry !== undefined,
    job: done,
    attempt,
    appInfo: isObject(entry?.appInfo) ? entry.appInfo : null,
    usageInfo: Array.isArray(entry?.usageInfo) ? (entry.usageInfo as unknown[]) : null,
  };
}
