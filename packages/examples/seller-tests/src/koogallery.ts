// A seller's KooGallery integration, the code under test in ../test: the production interfaces of a small SaaS
// whose plan (seats) comes from the order, looked up with the order-query Open API.
import {
  createInstanceIdempotency,
  createMemoryIdempotencyStore,
  createProductionHandler,
  results,
} from '@koogallery-kit/sdk';
import type { HandlerLogger, KooGalleryClient, OrderInfo, ProductionHandler } from '@koogallery-kit/sdk';

/** One tenant of the application. */
export interface Workspace {
  instanceId: string;
  orderId: string;
  /** Seats bought (the order line's `linearValue`; 1 when the SKU has none). */
  seats: number;
  plan: string;
  status: 'active' | 'frozen' | 'released';
}

/** Options of {@link createKooGalleryHandler}. */
export interface KooGalleryIntegrationOptions {
  /** The KooGallery key (Seller Console > App Tools > Key Management). */
  accessKey: string;
  /** The Open API client (order query). */
  client: Pick<KooGalleryClient, 'orders'>;
  /** Base URL of the application's pages. Default `'https://app.example.com'`. */
  appBaseUrl?: string;
  /** Clock in epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Handler log. Default: the SDK's (errors and warnings to the console). */
  logger?: HandlerLogger;
}

/** The line of `order` with `orderLineId` (the first one when absent). */
function lineOf(order: OrderInfo, orderLineId: string) {
  return order.orderLine.find((line) => line.orderLineId === orderLineId) ?? order.orderLine[0];
}

/**
 * The seller's production handler and its workspaces. newInstance reads the plan from the order (an Open API call
 * that can fail: the SDK then answers `000005` and KooGallery retries, with the same instanceId).
 */
export function createKooGalleryHandler(options: KooGalleryIntegrationOptions): {
  handler: ProductionHandler;
  workspaces: Map<string, Workspace>;
} {
  const now = options.now ?? Date.now;
  const appBaseUrl = options.appBaseUrl ?? 'https://app.example.com';
  const workspaces = new Map<string, Workspace>();
  const idempotency = createInstanceIdempotency({ store: createMemoryIdempotencyStore({ now }), now });
  const live = (id: string) => {
    const workspace = workspaces.get(id);
    return workspace?.status === 'released' ? undefined : workspace;
  };
  const unknown = (id: string) => results.notFound(`no workspace ${id}`);

  const handler = createProductionHandler({
    accessKey: options.accessKey,
    now,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    handlers: {
      newInstance: ({ orderId, orderLineId }) =>
        idempotency.run({ orderId, orderLineId }, async (instanceId) => {
          const order = await options.client.orders.query({ orderId, orderLineId });
          const product = lineOf(order, orderLineId)?.productInfo[0];
          workspaces.set(instanceId, {
            instanceId,
            orderId,
            seats: product?.linearValue ?? 1,
            plan: product?.productName ?? product?.skuCode ?? 'standard',
            status: 'active',
          });
        }),
      queryInstance: ({ instanceId }) => ({
        info: instanceId
          .split(',')
          .map((id) => live(id.trim()))
          .filter((w): w is Workspace => w !== undefined)
          .map((w) => ({
            instanceId: w.instanceId,
            appInfo: {
              frontEndUrl: `${appBaseUrl}/w/${w.instanceId}`,
              adminUrl: `${appBaseUrl}/w/${w.instanceId}/admin`,
            },
          })),
      }),
      refreshInstance: ({ instanceId }) => (live(instanceId) ? undefined : unknown(instanceId)),
      updateInstanceStatus: ({ instanceId, status }) => {
        const workspace = live(instanceId);
        if (!workspace) return unknown(instanceId);
        workspace.status = status === 'FREEZE' ? 'frozen' : 'active';
      },
      releaseInstance: ({ instanceId }) => {
        const workspace = workspaces.get(instanceId);
        if (!workspace) return unknown(instanceId);
        workspace.status = 'released';
      },
      upgradeInstance: ({ instanceId }) => (live(instanceId) ? undefined : unknown(instanceId)),
      changeInstanceCheck: ({ instanceId, productInfo }) => {
        const workspace = live(instanceId);
        if (!workspace) return unknown(instanceId);
        const seats = productInfo.linearValue === undefined ? Number.NaN : Number(productInfo.linearValue);
        // Fewer seats than the workspace uses would lose data: refuse with the reason.
        if (seats < workspace.seats) return results.invalid(`the workspace uses ${workspace.seats} seats`);
      },
    },
  });
  return { handler, workspaces };
}
