import { ConfigError, ErrorCodes } from '../errors';
import { RESULT_CODES, findResultCode } from '../schemas';
import { isBusinessResultCode } from './result-codes';

const BRAND = Symbol.for('koogallery-kit.production-result');

/**
 * A non-success answer produced by one of the {@link results} helpers. Return it (or throw it) from a handler;
 * the pipeline turns it into the response body. Recognised through a global symbol, so it also works when the
 * ESM and CJS builds of the SDK are both loaded.
 */
export interface ProductionResult {
  readonly resultCode: string;
  readonly resultMsg: string;
  /** Extra response fields (only `instanceId` for {@link results.processing}). */
  readonly fields: Readonly<Record<string, unknown>>;
}

function make(resultCode: string, resultMsg: string, fields: Record<string, unknown> = {}): ProductionResult {
  const result = { resultCode, resultMsg, fields: Object.freeze({ ...fields }) };
  Object.defineProperty(result, BRAND, { value: true, enumerable: false });
  return Object.freeze(result);
}

/** True when `value` was produced by one of the {@link results} helpers. */
export function isProductionResult(value: unknown): value is ProductionResult {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Answers other than success, for handlers to return (or throw). Returning response fields, or nothing, means
 * `000000`; a handler that throws anything else gives `000005`.
 *
 * - `results.notFound(msg?)` → `000003` (the instance or licence code does not exist)
 * - `results.processing(instanceId)` → `000004` (newInstance accepted asynchronously; the platform polls queryInstance)
 * - `results.invalid(msg?)` → `000002` (a parameter the schema cannot judge is wrong)
 * - `results.error(code, msg?)` → an interface-specific business code, `0001xx` or `0009xx` (e.g. `000106` sold out)
 */
export const results = Object.freeze({
  /** `000003`: the instance (or licence code) named in the request does not exist. */
  notFound(message?: string): ProductionResult {
    return make(RESULT_CODES.INSTANCE_NOT_FOUND.code, message ?? RESULT_CODES.INSTANCE_NOT_FOUND.message);
  },
  /**
   * `000004`: the request was accepted and is being processed. On newInstance the platform then polls
   * queryInstance for `instanceId` until it succeeds, so `instanceId` is mandatory.
   */
  processing(instanceId: string, message?: string): ProductionResult {
    if (typeof instanceId !== 'string' || instanceId.length === 0) {
      throw new ConfigError(
        'results.processing(instanceId) needs the id of the instance being created: the platform polls queryInstance with it.',
        { code: ErrorCodes.INVALID_ARGUMENT },
      );
    }
    return make(RESULT_CODES.PROCESSING.code, message ?? RESULT_CODES.PROCESSING.message, { instanceId });
  },
  /** `000002`: a request parameter is invalid in a way the schema cannot see (e.g. an unknown productId). */
  invalid(message?: string): ProductionResult {
    return make(RESULT_CODES.INVALID_PARAMS.code, message ?? RESULT_CODES.INVALID_PARAMS.message);
  },
  /**
   * An interface-specific business code: `000100`–`000199` (newInstance, e.g. `000106` resources sold out) or
   * `000900`–`000999` (online licence). `message` defaults to the documented wording of a documented code.
   * Throws a `ConfigError` for any other code (use the dedicated helpers for `000002`–`000004`, and throw for
   * `000005`), or for an undocumented code without a message.
   */
  error(code: string, message?: string): ProductionResult {
    if (!isBusinessResultCode(code)) {
      throw new ConfigError(
        `results.error() takes a business code 0001xx or 0009xx, not ${JSON.stringify(String(code))}; use results.notFound(), results.invalid() or results.processing() for the generic codes, or throw for 000005.`,
        { code: ErrorCodes.INVALID_ARGUMENT },
      );
    }
    const text = message ?? findResultCode(code)?.message;
    if (typeof text !== 'string' || text.length === 0) {
      throw new ConfigError(
        `results.error('${code}', message) needs a message: ${code} is not a documented code.`,
        {
          code: ErrorCodes.INVALID_ARGUMENT,
        },
      );
    }
    return make(code, text);
  },
});
