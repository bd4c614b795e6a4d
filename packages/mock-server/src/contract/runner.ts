/**
 * `runContract`: selects the checks that apply (charging mode, protocol, kit, only/skip), makes sure the seller
 * answers at all, runs the checks (independent ones in parallel, the shared call sequences once), and returns the
 * structured report.
 */
import {
  ConfigError,
  ConnectionError,
  INTERFACES,
  INTERFACE_MATRIX,
  type ChargingMode,
  type InterfaceMatrixRow,
  TimeoutError,
  type InterfaceName,
} from '@koogallery-kit/sdk';
import { type ProductionCall } from '@koogallery-kit/sdk/platform';
import { createUndiciTransport, type UndiciTransport } from '../delivery/undici-transport';
import { contractCatalogue } from './checks';
import { createCheckContext, type CheckContext } from './context';
import { basicSession, kitSession } from './debug-session';
import { lifecycleResults } from './lifecycle/scenarios';
import { resolveContractOptions, type RunSettings } from './options';
import { connectMock } from './remote/connect-mock';
import { findRootCauses } from './root-causes';
import { selectChecks } from './scope';
import type { CheckOutcome, CheckResult, ContractCheck, ContractOptions, ContractReport } from './types';

/** Groups whose checks make their own calls: started first so they are not queued behind shared sequences. */
const OWN_CALLS: ReadonlySet<string> = new Set(['security', 'robustness', 'idempotency']);

/** Interface family of a console-check group (an interface name), if it is one. */
function familyOf(group: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(INTERFACES, group)
    ? INTERFACES[group as InterfaceName].family
    : undefined;
}

/** Origin and path of a URL (never its query). */
function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * One unsigned request to the production URL before anything else: any HTTP answer proves the seller is up.
 * Throws `ConnectionError` (or `TimeoutError`) saying what to check when nothing answers.
 */
async function preflight(settings: RunSettings): Promise<void> {
  const call: ProductionCall =
    settings.protocol === 'v1'
      ? {
          method: 'GET',
          url: settings.sellerUrl,
          headers: { Accept: 'application/json' },
          interface: 'v1QueryInstance',
        }
      : {
          method: 'POST',
          url: settings.sellerUrl,
          headers: { 'Content-Type': 'application/json;charset=utf8', Accept: 'application/json' },
          body: '{}',
          interface: 'queryInstance',
        };
  try {
    await settings.transport(call, { timeoutMs: settings.callTimeoutMs });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message =
      `The seller at ${shownUrl(settings.sellerUrl)} does not answer (${reason}). Start your seller, check ` +
      '--seller-url, and run the suite again.';
    if (error instanceof TimeoutError) throw new TimeoutError(message, { cause: error });
    throw new ConnectionError(message, { cause: error });
  }
}

/**
 * The interfaces a check exercises when every one of them is optional for the charging mode (§1 matrix:
 * upgradeInstance and changeInstanceCheck for PERIOD products), else undefined.
 */
function optionalInterfaces(check: ContractCheck<CheckContext>, mode: ChargingMode): string[] | undefined {
  const names = check.requires.interfaces;
  const optional = names.filter((n) => {
    const row = (INTERFACE_MATRIX as Readonly<Record<string, InterfaceMatrixRow | undefined>>)[n];
    return row?.implement[mode] === 'optional';
  });
  return names.length > 0 && optional.length === names.length ? [...names] : undefined;
}

async function runOne(
  check: ContractCheck<CheckContext>,
  ctx: CheckContext,
  strict: boolean,
): Promise<CheckResult> {
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await check.run(ctx);
  } catch (error) {
    outcome = {
      status: 'failed',
      message:
        `The check could not run: ${error instanceof Error ? error.message : String(error)}. This is a defect of ` +
        'the conformance suite, not of your seller; please report it.',
      expected: 'the check to run',
    };
  }
  const result: CheckResult = {
    id: check.id,
    group: check.group,
    title: check.title,
    status: outcome.status,
    durationMs: Math.round(performance.now() - started),
    exchanges: outcome.exchanges ?? [],
  };
  if (outcome.status === 'warned' && strict) {
    result.status = 'failed';
    result.message = `${outcome.message} (a warning, failed because the run is strict)`;
  } else if (outcome.status === 'failed' || outcome.status === 'warned') {
    result.message = outcome.message;
  }
  const optional = optionalInterfaces(check, ctx.options.chargingMode);
  if (result.status === 'failed' && optional !== undefined) {
    const list = optional.join(',');
    result.message =
      `${result.message ?? ''} (${optional.join(' and ')} ${optional.length > 1 ? 'are' : 'is'} optional for this ` +
      `charging mode: implement it or pass \`--skip ${list}\`.)`;
  }
  if (outcome.status === 'failed' || outcome.status === 'warned') {
    result.expected = outcome.expected;
    result.fix = outcome.fix ?? check.fix;
    result.risk = check.risk;
  } else if (outcome.message !== undefined) {
    result.message = outcome.message;
  }
  return result;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * Runs the conformance suite against a seller and returns the report; it never throws because of what the seller
 * answers (that is in the report). Throws `ConfigError` for invalid options (including `--only`/`--skip` entries
 * that name nothing) and when the mock at `mockUrl` is not set up for this seller or refuses the admin token, and
 * `ConnectionError` / `TimeoutError` when the seller — or the mock at `mockUrl` — does not answer at the start.
 *
 * @example
 * const report = await runContract({ sellerUrl: 'http://127.0.0.1:8080/produce', key: process.env.KOOGALLERY_ACCESS_KEY! });
 * expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
 */
export async function runContract(options: ContractOptions): Promise<ContractReport> {
  const resolved = resolveContractOptions(options);
  const kit = resolved.kitKey !== undefined;
  const catalogue = contractCatalogue();
  const selection = selectChecks({
    catalogue,
    protocol: resolved.protocol,
    mode: resolved.chargingMode,
    kit,
    only: resolved.only,
    skip: resolved.skip,
  });
  if (selection.checks.length === 0) {
    throw new ConfigError(
      'No check applies with these options (only/skip, protocol, charging mode, kit key): widen --only or remove ' +
        'entries from --skip.',
    );
  }
  const startedAt = new Date(resolved.now());
  const started = performance.now();
  const own: UndiciTransport | undefined =
    resolved.transport === undefined ? createUndiciTransport() : undefined;
  const settings: RunSettings = { ...resolved, transport: resolved.transport ?? (own as UndiciTransport) };
  try {
    await preflight(settings);
    const mock =
      settings.mockUrl === undefined
        ? null
        : await connectMock({
            mockUrl: settings.mockUrl,
            ...(settings.adminToken === undefined ? {} : { adminToken: settings.adminToken }),
            sellerUrl: settings.sellerUrl,
            key: settings.key,
            ...(settings.kitKey === undefined ? {} : { kitKey: settings.kitKey }),
            protocol: settings.protocol,
          });
    const ids = selection.checks.map((c) => c.id);
    const ctx = createCheckContext(settings, selection.interfaces, ids, mock);
    const results = new Map<string, CheckResult>();
    const remaining = new Map<string, number>();
    for (const c of selection.checks) remaining.set(c.group, (remaining.get(c.group) ?? 0) + 1);
    // Groups finish in whatever order their calls complete; they are announced in catalogue order, so the
    // progress lines read the same on every run (a group waits for the groups listed before it).
    const groupOrder = [...remaining.keys()];
    let announced = 0;
    const report = (result: CheckResult): void => {
      results.set(result.id, result);
      settings.onProgress?.({ type: 'check', result });
      remaining.set(result.group, (remaining.get(result.group) ?? 1) - 1);
      while (announced < groupOrder.length && remaining.get(groupOrder[announced] as string) === 0) {
        const name = groupOrder[announced++] as string;
        const group = selection.checks
          .filter((c) => c.group === name)
          .map((c) => results.get(c.id) as CheckResult);
        settings.onProgress?.({ type: 'group', group: name, results: group });
      }
    };

    // Start the shared sequences at once; the checks that read them resolve as soon as they are done.
    const warmups: Array<Promise<unknown>> = [];
    const selected = (pred: (c: ContractCheck<CheckContext>) => boolean): boolean =>
      selection.checks.some(pred);
    if (selected((c) => ['basic', 'v1'].includes(familyOf(c.group) ?? ''))) warmups.push(basicSession(ctx));
    if (selected((c) => familyOf(c.group) === 'kit')) warmups.push(kitSession(ctx));
    if (selected((c) => c.group === 'lifecycle' && !c.id.startsWith('lifecycle.control-'))) {
      warmups.push(lifecycleResults(ctx));
    }
    for (const w of warmups) w.catch(() => undefined); // failures surface through the checks that await them

    const regular = selection.checks.filter((c) => c.final !== true);
    const ordered = [
      ...regular.filter((c) => OWN_CALLS.has(c.group)),
      ...regular.filter((c) => !OWN_CALLS.has(c.group)),
    ];
    await pool(ordered, settings.concurrency, async (check) =>
      report(await runOne(check, ctx, settings.strict)),
    );
    for (const check of selection.checks.filter((c) => c.final === true))
      report(await runOne(check, ctx, settings.strict));

    const list = selection.checks.map((c) => results.get(c.id) as CheckResult);
    const count = (s: CheckResult['status']): number => list.filter((r) => r.status === s).length;
    const summary = {
      total: list.length,
      passed: count('passed'),
      warned: count('warned'),
      failed: count('failed'),
      skipped: count('skipped'),
    };
    const rootCauses = findRootCauses(list, new Set(Object.keys(INTERFACES)));
    return {
      ok: summary.failed === 0,
      strict: settings.strict,
      sellerUrl: shownUrl(settings.sellerUrl),
      protocol: settings.protocol,
      chargingMode: settings.chargingMode,
      kit,
      interfaces: selection.interfaces,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      summary,
      rootCauses,
      results: list,
    };
  } finally {
    await own?.close();
  }
}
