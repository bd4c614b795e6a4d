// @koogallery-kit/example-express-seller — an express seller for KooGallery with durable state in SQLite.
export { createSellerApp } from './seller-app';
export type { SellerApp } from './seller-app';
export type { OrderLookup, ProvisioningRequest, SellerAppOptions } from './options';
export type {
  InstanceEvent,
  InstanceRecord,
  InstanceStatus,
  OrderNotification,
  ProductDetails,
} from './instance-store';
export type { OrderRecord } from './order-store';
export { openDatabase } from './database';
export { createOrderStore, toCents } from './order-store';
export type { OrderStore } from './order-store';
export { sellerOptionsFromEnv } from './env-options';
