/**
 * The catalogue of conformance checks, in report order: console checks per interface, then security,
 * robustness, idempotency, lifecycle, and the final check on error replies. Ids are stable.
 */
import type { CheckContext } from '../context';
import type { ContractCheck } from '../types';
import { consoleChecks } from './console';
import { controlChecks } from './controls';
import { errorReplyCheck } from './errors';
import { idempotencyChecks } from './idempotency';
import { lifecycleChecks } from './lifecycle';
import { robustnessChecks } from './robustness';
import { securityChecks } from './security';

/** Every check of the suite (each run selects those that apply). */
export function contractCatalogue(): ContractCheck<CheckContext>[] {
  return [
    ...consoleChecks(),
    ...securityChecks(),
    ...robustnessChecks(),
    ...idempotencyChecks(),
    ...lifecycleChecks(),
    ...controlChecks(),
    errorReplyCheck(),
  ];
}

/** Id, group, title, risk and fix of every check: the suite described as data (docs, `--list`). */
export const CONTRACT_CHECKS: ReadonlyArray<
  Pick<ContractCheck, 'id' | 'group' | 'title' | 'risk' | 'fix' | 'requires'>
> = Object.freeze(
  contractCatalogue().map(({ id, group, title, risk, fix, requires }) =>
    Object.freeze({ id, group, title, risk, fix, requires }),
  ),
);
