/**
 * The conformance suite (`koogallery-mock contract`): every protocol rule a seller's production interfaces must
 * follow, as named checks with stable ids, runnable from CI or from a test framework.
 *
 * @example
 * import { runContract } from '@koogallery-kit/mock-server';
 * const report = await runContract({ sellerUrl: 'http://127.0.0.1:8080/produce', key: process.env.KOOGALLERY_ACCESS_KEY! });
 * if (!report.ok) console.log(formatContractReport(report, 'pretty'));
 */
export { runContract } from './runner';
export { CONTRACT_CHECKS, contractCatalogue } from './checks';
export { CONSOLE_ASPECTS } from './checks/console';
export { OUT_OF_WINDOW_MS } from './checks/security';
export {
  DEFAULT_CONTRACT_TIMEOUT_MS,
  DEFAULT_CONTRACT_CONCURRENCY,
  DEFAULT_ASYNC_WAIT_MS,
  MAX_CONTRACT_TIMEOUT_MS,
  resolveContractOptions,
  type ResolvedContractOptions,
  type RunSettings,
} from './options';
export { interfacesInScope, V1_COUNTERPART } from './scope';
export type { CheckContext, SentCall, BuildOptions } from './context';
export * from './reporters';
export type {
  CheckOutcome,
  CheckRequirements,
  CheckResult,
  CheckStatus,
  ContractCheck,
  ContractExchange,
  ContractOptions,
  ContractProgressEvent,
  ContractProtocol,
  ContractReport,
  ContractSummary,
} from './types';
