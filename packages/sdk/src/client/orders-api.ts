/** `client.orders`: the order-query Open API (§8.3). */
import { assertSchema } from '../schemas';
import type { OrderInfo } from '../schemas';
import { ValidationError } from '../errors';
import { apigSigner } from './apig-signer';
import type { ApigCredentials } from './apig-signer';
import { OPEN_API_PATHS } from './hosts';
import { checkArguments, requireObject } from './input-checks';
import type { ApiCallOptions, RequestExecutor } from './request-executor';

/** Arguments of `orders.query`. */
export interface OrderQueryInput {
  /** KooGallery order id (at most 64 characters), e.g. `MOCKPERIODYEARNEW`. */
  orderId: string;
  /** Restricts the answer to one order line (at most 64 characters). */
  orderLineId?: string;
}

/** The order-query API. */
export interface OrdersApi {
  /**
   * Query one order. Resolves to the typed, schema-validated `OrderInfo` (amounts stay strings, `null`s are
   * kept). Idempotent: retried on connection errors, 408, 5xx and rate limiting.
   *
   * @throws ValidationError (`INVALID_ARGUMENT`) for a missing or over-long id, before any request.
   * @throws ValidationError (`SCHEMA_VIOLATION`) when the platform's answer does not have the documented shape.
   * @throws MarketplaceApiError / RateLimitError / GatewayError / ConnectionError / TimeoutError.
   */
  query(input: OrderQueryInput, options?: ApiCallOptions): Promise<OrderInfo>;
}

/** Build `client.orders`. */
export function createOrdersApi(executor: RequestExecutor, credentials: ApigCredentials): OrdersApi {
  return {
    async query(input, options) {
      const operation = 'orders.query';
      const args = requireObject(input, operation, 'the argument');
      const picked: Record<string, unknown> = { orderId: args.orderId };
      if (args.orderLineId !== undefined) picked.orderLineId = args.orderLineId;
      const checked = checkArguments('orderQueryRequest', picked, operation);
      const query: Record<string, string> = { orderId: checked.orderId };
      if (checked.orderLineId !== undefined) query.orderLineId = checked.orderLineId;
      const reply = await executor.execute(
        {
          operation,
          method: 'GET',
          path: OPEN_API_PATHS.orderQuery,
          query,
          sign: apigSigner(credentials, undefined),
          idempotent: true,
        },
        options,
      );
      const response = assertSchema('orderQueryResponse', reply.body, 'the order-query answer');
      if (response.orderInfo === undefined || response.orderInfo === null) {
        throw new ValidationError(
          `${operation}: the platform answered ${response.resultCode} without orderInfo (request id ${reply.requestId ?? 'unknown'}).`,
          [{ path: '/orderInfo', message: 'is required on success', keyword: 'required' }],
        );
      }
      return response.orderInfo;
    },
  };
}
