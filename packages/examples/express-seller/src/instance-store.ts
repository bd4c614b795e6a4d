// Reads and writes the seller's instances, events and order notifications in SQLite.
import type { SellerDatabase } from './database';

/** Lifecycle of an instance: being created (asynchronous provisioning), usable, released (a tombstone). */
export type InstanceStatus = 'PROVISIONING' | 'ACTIVE' | 'RELEASED';

/** What the seller knows about the product of an instance (from the order query, when it is configured). */
export interface ProductDetails {
  productId?: string;
  skuCode?: string;
  chargingMode?: string;
  /** Quantity of the specification (e.g. users), when the product has one. */
  linearValue?: number;
  /** Expiry from the order line, UTC `yyyyMMddHHmmss`. */
  expireTime?: string;
}

/** One instance as stored. */
export interface InstanceRecord extends ProductDetails {
  instanceId: string;
  orderId: string;
  orderLineId: string;
  /** businessId of the first newInstance call of the order. */
  businessId: string;
  status: InstanceStatus;
  /** Frozen by updateInstanceStatus (expired or violation); the buyer's data is kept. */
  frozen: boolean;
  /** Users the tenant has, checked by changeInstanceCheck against a smaller target specification. */
  usersInUse: number;
  /** Created by a debugging call from the seller console. */
  testFlag: boolean;
  /** Initial administrator account reported in queryInstance (erased on release). */
  adminUser: string;
  adminPassword: string;
  /** When an asynchronous provisioning completes, epoch ms. */
  readyAt?: number;
  createdAt: number;
  updatedAt: number;
  releasedAt?: number;
}

/** A new instance to store: ACTIVE at once, or PROVISIONING until `readyAt`. */
export interface NewInstance extends ProductDetails {
  instanceId: string;
  orderId: string;
  orderLineId: string;
  businessId: string;
  testFlag: boolean;
  adminUser: string;
  adminPassword: string;
  /** Set for an asynchronous provisioning: the instance becomes ACTIVE at this time (epoch ms). */
  readyAt?: number;
}

/** One accepted production call, as recorded in the audit trail. */
export interface InstanceEvent {
  seq: number;
  instanceId?: string;
  activity: string;
  orderId?: string;
  orderLineId?: string;
  detail: Record<string, unknown>;
  at: number;
}

/** A recorded orderNotify. */
export interface OrderNotification {
  orderId: string;
  orderLineId: string;
  testFlag: boolean;
  receivedAt: number;
}

/** Data access of the seller; every write is one SQLite transaction. */
export interface InstanceStore {
  /** Inserts the instance at time `now`; false when an instance with this id already exists (left unchanged). */
  create(instance: NewInstance, now: number): boolean;
  get(instanceId: string): InstanceRecord | undefined;
  /** Every instance, oldest first. */
  list(): InstanceRecord[];
  /** Makes every PROVISIONING instance whose `readyAt` has come ACTIVE; returns their ids. */
  completeDueProvisioning(now: number): string[];
  /** Earliest `readyAt` of the instances still provisioning, if any. */
  nextProvisioningDue(): number | undefined;
  /** Sets the product details and/or the expiry that are given. */
  update(instanceId: string, changes: ProductDetails, now: number): void;
  setFrozen(instanceId: string, frozen: boolean, now: number): void;
  setUsersInUse(instanceId: string, users: number, now: number): void;
  /** Marks the instance RELEASED and erases its credentials. */
  release(instanceId: string, now: number): void;
  recordEvent(event: Omit<InstanceEvent, 'seq'>): void;
  /** The audit trail of one instance, oldest first. */
  events(instanceId: string): InstanceEvent[];
  /** Records an orderNotify; false when this order line was already notified. */
  recordOrderNotification(notification: OrderNotification): boolean;
  orderNotifications(): OrderNotification[];
}

interface InstanceRow {
  instance_id: string;
  order_id: string;
  order_line_id: string;
  business_id: string;
  product_id: string | null;
  sku_code: string | null;
  charging_mode: string | null;
  linear_value: number | null;
  expire_time: string | null;
  status: InstanceStatus;
  frozen: number;
  users_in_use: number;
  test_flag: number;
  admin_user: string;
  admin_password: string;
  ready_at: number | null;
  created_at: number;
  updated_at: number;
  released_at: number | null;
}

interface EventRow {
  seq: number;
  instance_id: string | null;
  activity: string;
  order_id: string | null;
  order_line_id: string | null;
  detail: string;
  at: number;
}

/** Copies the defined optional fields of `from` (SQL NULL → absent). */
function optional<T extends object>(fields: { [K in keyof T]: T[K] | null }): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(fields) as Array<[keyof T, T[keyof T] | null]>) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out;
}

function toRecord(row: InstanceRow): InstanceRecord {
  return {
    instanceId: row.instance_id,
    orderId: row.order_id,
    orderLineId: row.order_line_id,
    businessId: row.business_id,
    status: row.status,
    frozen: row.frozen === 1,
    usersInUse: row.users_in_use,
    testFlag: row.test_flag === 1,
    adminUser: row.admin_user,
    adminPassword: row.admin_password,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...optional<ProductDetails & { readyAt: number; releasedAt: number }>({
      productId: row.product_id,
      skuCode: row.sku_code,
      chargingMode: row.charging_mode,
      linearValue: row.linear_value,
      expireTime: row.expire_time,
      readyAt: row.ready_at,
      releasedAt: row.released_at,
    }),
  };
}

/** Creates the store over an open database (see `openDatabase`). */
export function createInstanceStore(db: SellerDatabase): InstanceStore {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO instances (instance_id, order_id, order_line_id, business_id, product_id, sku_code,
       charging_mode, linear_value, expire_time, status, test_flag, admin_user, admin_password, ready_at,
       created_at, updated_at)
     VALUES (@instanceId, @orderId, @orderLineId, @businessId, @productId, @skuCode, @chargingMode, @linearValue,
       @expireTime, @status, @testFlag, @adminUser, @adminPassword, @readyAt, @now, @now)`,
  );
  const selectOne = db.prepare<[string], InstanceRow>('SELECT * FROM instances WHERE instance_id = ?');
  const selectAll = db.prepare<[], InstanceRow>('SELECT * FROM instances ORDER BY created_at, rowid');
  const selectDue = db.prepare<[number], { instance_id: string }>(
    "SELECT instance_id FROM instances WHERE status = 'PROVISIONING' AND ready_at <= ? ORDER BY ready_at",
  );
  const activate = db.prepare<[number, string]>(
    "UPDATE instances SET status = 'ACTIVE', ready_at = NULL, updated_at = ? WHERE instance_id = ? AND status = 'PROVISIONING'",
  );
  const selectNextDue = db.prepare<[], { due: number | null }>(
    "SELECT MIN(ready_at) AS due FROM instances WHERE status = 'PROVISIONING'",
  );
  const updateDetails = db.prepare(
    `UPDATE instances SET product_id = COALESCE(@productId, product_id), sku_code = COALESCE(@skuCode, sku_code),
       charging_mode = COALESCE(@chargingMode, charging_mode), linear_value = COALESCE(@linearValue, linear_value),
       expire_time = COALESCE(@expireTime, expire_time), updated_at = @now
     WHERE instance_id = @instanceId`,
  );
  const updateFrozen = db.prepare<[number, number, string]>(
    'UPDATE instances SET frozen = ?, updated_at = ? WHERE instance_id = ?',
  );
  const updateUsers = db.prepare<[number, number, string]>(
    'UPDATE instances SET users_in_use = ?, updated_at = ? WHERE instance_id = ?',
  );
  const markReleased = db.prepare<[number, number, string]>(
    `UPDATE instances SET status = 'RELEASED', frozen = 0, ready_at = NULL, admin_password = '', released_at = ?,
       updated_at = ? WHERE instance_id = ? AND status <> 'RELEASED'`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO instance_events (instance_id, activity, order_id, order_line_id, detail, at)
     VALUES (@instanceId, @activity, @orderId, @orderLineId, @detail, @at)`,
  );
  const selectEvents = db.prepare<[string], EventRow>(
    'SELECT * FROM instance_events WHERE instance_id = ? ORDER BY seq',
  );
  const insertNotification = db.prepare(
    `INSERT OR IGNORE INTO order_notifications (order_id, order_line_id, test_flag, received_at)
     VALUES (@orderId, @orderLineId, @testFlag, @receivedAt)`,
  );
  const selectNotifications = db.prepare<
    [],
    { order_id: string; order_line_id: string; test_flag: number; received_at: number }
  >('SELECT * FROM order_notifications ORDER BY received_at, rowid');

  const completeDue = db.transaction((now: number): string[] => {
    const ids = selectDue.all(now).map((row) => row.instance_id);
    for (const id of ids) activate.run(now, id);
    return ids;
  });

  return {
    create(instance, now) {
      const result = insert.run({
        productId: null,
        skuCode: null,
        chargingMode: null,
        linearValue: null,
        expireTime: null,
        ...instance,
        status: instance.readyAt === undefined ? 'ACTIVE' : 'PROVISIONING',
        testFlag: instance.testFlag ? 1 : 0,
        readyAt: instance.readyAt ?? null,
        now,
      });
      return result.changes === 1;
    },
    get(instanceId) {
      const row = selectOne.get(instanceId);
      return row === undefined ? undefined : toRecord(row);
    },
    list: () => selectAll.all().map(toRecord),
    completeDueProvisioning: (now) => completeDue.immediate(now),
    nextProvisioningDue: () => selectNextDue.get()?.due ?? undefined,
    update(instanceId, changes, now) {
      updateDetails.run({
        instanceId,
        now,
        productId: changes.productId ?? null,
        skuCode: changes.skuCode ?? null,
        chargingMode: changes.chargingMode ?? null,
        linearValue: changes.linearValue ?? null,
        expireTime: changes.expireTime ?? null,
      });
    },
    setFrozen(instanceId, frozen, now) {
      updateFrozen.run(frozen ? 1 : 0, now, instanceId);
    },
    setUsersInUse(instanceId, users, now) {
      updateUsers.run(users, now, instanceId);
    },
    release(instanceId, now) {
      markReleased.run(now, now, instanceId);
    },
    recordEvent(event) {
      insertEvent.run({
        instanceId: event.instanceId ?? null,
        activity: event.activity,
        orderId: event.orderId ?? null,
        orderLineId: event.orderLineId ?? null,
        detail: JSON.stringify(event.detail),
        at: event.at,
      });
    },
    events: (instanceId) =>
      selectEvents.all(instanceId).map((row) => ({
        seq: row.seq,
        activity: row.activity,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
        at: row.at,
        ...optional<{ instanceId: string; orderId: string; orderLineId: string }>({
          instanceId: row.instance_id,
          orderId: row.order_id,
          orderLineId: row.order_line_id,
        }),
      })),
    recordOrderNotification(notification) {
      const result = insertNotification.run({ ...notification, testFlag: notification.testFlag ? 1 : 0 });
      return result.changes === 1;
    },
    orderNotifications: () =>
      selectNotifications.all().map((row) => ({
        orderId: row.order_id,
        orderLineId: row.order_line_id,
        testFlag: row.test_flag === 1,
        receivedAt: row.received_at,
      })),
  };
}
