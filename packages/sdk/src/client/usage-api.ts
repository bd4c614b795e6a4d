/** `client.usage`: the usage push (new) Open API (§8.4), signed with the key-based headers of §7.4. */
import { ConfigError, ErrorCodes, ValidationError } from '../errors';
import { assertSchema } from '../schemas';
import { signUsagePush } from '../signing';
import { OPEN_API_PATHS } from './hosts';
import type { ApiCallOptions, RequestExecutor } from './request-executor';
import { checkUsageRecords, describeUsageIssue, toWireRecord } from './usage-records';
import type { UsageRecordInput } from './usage-records';

/** Content type of the usage push (§8.4). */
export const USAGE_PUSH_CONTENT_TYPE = 'application/json';

/** Result of a successful usage push. */
export interface UsagePushResult {
  /** `MKT.0000`. */
  errorCode: string;
  /** The platform's message. */
  errorMsg: string;
  /** Number of records pushed. */
  recordCount: number;
  /** `metering_sn` of every record pushed, in order. */
  meteringSns: string[];
  /** Platform request id, when the answer carried one. */
  requestId: string | undefined;
  /** Attempts made (1 when the first succeeded). */
  attempts: number;
}

/** The usage-push API. */
export interface UsageApi {
  /**
   * Push up to 1000 usage records in one call. The records are checked first (count, `usage_value` > 0 with at
   * most 4 decimals, times in `yyyyMMdd'T'HHmmss'Z'`, `begin_time` at most 21 days old on the client's clock,
   * unique `metering_sn`); every problem is reported at once, naming the record index. Retries re-send the very
   * same body (same `metering_sn` set, which the platform de-duplicates) with a fresh `ts`/`nonce`/`signature`.
   *
   * @throws ConfigError when the client has no `usageKey`.
   * @throws ValidationError (`INVALID_ARGUMENT`) listing every bad record, before any request.
   * @throws MarketplaceApiError (`MKT.0102`, `MKT.9001`–`MKT.9004`...), RateLimitError, ConnectionError, TimeoutError.
   */
  push(records: readonly UsageRecordInput[], options?: ApiCallOptions): Promise<UsagePushResult>;
}

/** Build `client.usage`. */
export function createUsageApi(
  executor: RequestExecutor,
  o: { usageKey: string | undefined; now: () => number },
): UsageApi {
  return {
    async push(records, options) {
      const operation = 'usage.push';
      if (o.usageKey === undefined) {
        throw new ConfigError(
          'usage.push needs the usageKey client option: your KooGallery key (Seller Console > App Tools > Key ' +
            'Management, the secret your production interface verifies signatures with). It is not the APIG secret key.',
        );
      }
      const issues = checkUsageRecords(records, { nowMs: o.now() });
      if (issues.length > 0) {
        const shown = issues.slice(0, 20).map(describeUsageIssue);
        const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
        throw new ValidationError(
          `${operation}: ${issues.length} problem(s) in the usage records — ${shown.join('; ')}${more}.`,
          issues,
          {
            code: ErrorCodes.INVALID_ARGUMENT,
          },
        );
      }
      const wire = records.map(toWireRecord);
      // The body is fixed once: every retry sends exactly these bytes (same metering_sn set).
      const fixed = signUsagePush({ key: o.usageKey, body: { usage_records: wire }, ts: o.now() }).body;
      const usageKey = o.usageKey;
      const reply = await executor.execute(
        {
          operation,
          method: 'POST',
          path: OPEN_API_PATHS.usagePush,
          sign: ({ nowMs }) => {
            const signed = signUsagePush({ key: usageKey, body: fixed, ts: nowMs });
            return {
              headers: { 'Content-Type': USAGE_PUSH_CONTENT_TYPE, ...signed.headers },
              body: signed.body,
            };
          },
          idempotent: true,
        },
        options,
      );
      const body = assertSchema('usagePushResponse', reply.body, `the ${operation} answer`);
      return {
        errorCode: body.error_code,
        errorMsg: body.error_msg ?? '',
        recordCount: wire.length,
        meteringSns: wire.map((r) => r.metering_sn),
        requestId: reply.requestId,
        attempts: reply.attempts,
      };
    },
  };
}
