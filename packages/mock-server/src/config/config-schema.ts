/**
 * JSON Schema of the `koogallery-mock start` configuration (file given with `--config`, and the same keys from
 * command-line flags). Every property has a `description` and, where there is one, its `default`, so the docs
 * can generate the configuration table from this schema. Durations of retry schedules may be given as
 * milliseconds or as text such as `1h`.
 */

import { DEFAULT_RETRY_SCHEDULES } from '../engine/jobs/retry-schedules';
import type { ProductionInterface } from '../engine/model/types';
import type { BusinessFlowOptions } from '../engine/flow-timers/flow-options';
import type { SettlementOptions } from '../engine/settlement/settlement-options';

const DURATION = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^\\s*(\\d+|(\\d+(\\.\\d+)?(ms|s|m|h|d|w))+)\\s*$' },
  ],
  description: 'Milliseconds, or a duration such as 30s, 90m, 1h30m, 2d.',
} as const;

const RETRY_SCHEDULE = {
  description:
    'A retry schedule. `offsets`: the first attempt, then one retry at each offset from the first attempt. `interval`: an attempt every `everyMs` within `forMs`. `onExhausted`: `fail-order` cancels and auto-unsubscribes the order, `manual` waits for a restart.',
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'retryAtMs', 'onExhausted'],
      properties: {
        kind: { const: 'offsets' },
        retryAtMs: { type: 'array', items: DURATION, maxItems: 1000 },
        onExhausted: { enum: ['fail-order', 'manual'] },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'everyMs', 'forMs', 'onExhausted'],
      properties: {
        kind: { const: 'interval' },
        everyMs: DURATION,
        forMs: DURATION,
        onExhausted: { enum: ['fail-order', 'manual'] },
      },
    },
  ],
} as const;

/** Interfaces whose retry schedule can be configured: every interface the engine sends. */
export const CONFIGURABLE_INTERFACES = Object.freeze(
  Object.keys(DEFAULT_RETRY_SCHEDULES),
) as readonly ProductionInterface[];

/** The configuration schema (JSON Schema draft-07). */
export const MOCK_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://koogallery-kit.dev/schemas/mock-config.json',
  title: 'koogallery-mock configuration',
  description:
    'Configuration of `koogallery-mock start`. Command-line flags override the file; keys may also come from environment variables (see each entry).',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'URL or path of this schema, for editor support. Ignored.' },
    sellerUrl: {
      type: 'string',
      pattern: '^https?://',
      description:
        'Your production URL as registered in the seller console (kit calls go to <url>/produceAPI/v2/<name>). Flag: --seller-url. Without it every call is recorded as UNREACHABLE.',
    },
    key: {
      type: 'string',
      minLength: 1,
      description:
        'The key bound to the production interface: signs calls, checks Body-Sign. Flag: --key; environment: KOOGALLERY_ACCESS_KEY (preferred: keeps it out of files and shell history). Required with sellerUrl.',
    },
    kitKey: {
      type: 'string',
      minLength: 1,
      description:
        'Separate key of the kit interfaces. Flag: --kit-key; environment: KOOGALLERY_KIT_ACCESS_KEY. Default: key.',
    },
    protocol: {
      enum: ['v2', 'v1'],
      default: 'v2',
      description:
        'Generation of the basic interfaces the lifecycle sends: v2 (POST, query signature) or the legacy v1 (GET with authToken, encrypted mobilePhone/email). Flag: --protocol.',
    },
    encryptType: {
      enum: [1, 2],
      default: 1,
      description:
        'V1 only: AES variant of the encrypted fields (mobilePhone/email sent, appInfo expected back), 1 = AES-256-CBC, 2 = AES-128-CBC. Flag: --encrypt-type.',
    },
    kitPublicKey: {
      type: 'string',
      minLength: 1,
      description:
        'Path of the PEM file with the RSA public key of your application credential; applicationSync encrypts clientSecret with it (RSA-OAEP). Without it, kit events that send applicationSync are refused. Flag: --kit-public-key.',
    },
    port: {
      type: 'integer',
      minimum: 0,
      maximum: 65535,
      default: 8787,
      description: 'Port of the mock (admin API, Open API, console); 0 picks a free port. Flag: --port.',
    },
    host: {
      type: 'string',
      minLength: 1,
      default: '127.0.0.1',
      description:
        'Interface to bind. Flag: --host. Set an adminToken before binding anything but 127.0.0.1.',
    },
    db: {
      type: 'string',
      minLength: 1,
      default: './.koogallery-mock/mock.db',
      description:
        'SQLite file holding orders, instances and pending jobs (survives restarts and crashes), or :memory:. Flag: --db.',
    },
    clock: {
      enum: ['virtual', 'real'],
      default: 'virtual',
      description:
        'virtual: business time moves only by API (`trigger advance 1h`), every due job runs in order; real: wall time (× timeScale). Flag: --clock.',
    },
    timeScale: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1000000,
      default: 1,
      description:
        'Real clock only: business milliseconds per wall millisecond (60 = one business hour per minute). Flag: --time-scale.',
    },
    startAt: {
      type: 'string',
      minLength: 1,
      description:
        'Virtual clock only: business time of a new store (ISO 8601). Default: the wall time at start. Flag: --start-at.',
    },
    timeout: {
      type: 'integer',
      minimum: 1,
      maximum: 600000,
      default: 5000,
      description:
        'Per-attempt time-out in milliseconds (connection to last reply byte); the console uses 20000. Flag: --timeout.',
    },
    timeLimit: {
      type: 'integer',
      minimum: 1,
      default: 20000,
      description: 'A reply slower than this many milliseconds is judged TIME_LIMIT (the platform limit).',
    },
    adminToken: {
      type: 'string',
      minLength: 8,
      description:
        'Token every admin call must carry (Authorization: Bearer … or X-Admin-Token), for a shared team instance. Flag: --admin-token; environment: KOOGALLERY_MOCK_ADMIN_TOKEN.',
    },
    allowedHosts: {
      type: 'array',
      items: {
        type: 'string',
        pattern: '^\\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$',
      },
      description:
        'Host names the admin API and the console answer to besides IP addresses, localhost and host (protection against DNS rebinding): the names of a shared instance behind a proxy or in a container network; a leading dot allows every subdomain. Flag: --allowed-host NAME[,NAME…].',
    },
    ak: {
      type: 'string',
      minLength: 1,
      description: 'Access key (AK) the emulated Open APIs accept in APIG signatures. Flag: --ak.',
    },
    sk: {
      type: 'string',
      minLength: 1,
      description: 'Secret key (SK) paired with ak. Flag: --sk; environment: KOOGALLERY_MOCK_SK.',
    },
    seed: {
      type: ['string', 'integer'],
      description:
        'Seed of the id generator (order ids, businessIds): equal seeds on empty stores give equal ids. Flag: --seed.',
    },
    testFlag: {
      enum: ['0', '1', null],
      default: null,
      description: 'testFlag added to every lifecycle call: null (omitted, like production), "0" or "1".',
    },
    gracePeriodDays: {
      type: 'integer',
      minimum: 0,
      maximum: 366,
      default: 15,
      description: 'Freeze (grace) period after expiry before release, in days.',
    },
    concurrency: {
      type: 'integer',
      minimum: 1,
      maximum: 1024,
      default: 16,
      description: 'Attempts due at the same instant that may be in flight at once.',
    },
    timeZoneOffsetMinutes: {
      type: 'integer',
      minimum: -720,
      maximum: 840,
      default: 480,
      description: 'Business time zone, minutes east of UTC (order-id dates, probe times, log times).',
    },
    sellerEmail: {
      type: 'string',
      pattern: '^[^\\s@]+@[^\\s@]+$',
      default: 'seller@example.com',
      description: 'Address of the simulated failure e-mails (outbox).',
    },
    failedOrdersDelistThreshold: {
      type: 'integer',
      minimum: 0,
      default: 5,
      description: 'A product with more failed orders than this in one month is delisted.',
    },
    renewalChangeWindowDays: {
      type: 'integer',
      minimum: 1,
      default: 30,
      description: 'Renewal with change is possible only this many days before expiry.',
    },
    businessFlows: {
      type: 'object',
      additionalProperties: false,
      description:
        "Business flows around an order (docs/business-flows.md). Defaults marked [P] are the reference's proposals where the platform publishes nothing.",
      properties: {
        unpaidOrderTtlHours: {
          type: 'integer',
          minimum: 1,
          maximum: 8784,
          default: 168,
          description:
            '[P] Unpaid orders are canceled automatically this many hours after creation (seller-console §1, §10 item 1).',
        },
        completionLagMinutes: {
          type: 'integer',
          minimum: 0,
          maximum: 10080,
          default: 180,
          description:
            "[P] Minutes between the buyer's acceptance (or an automatic closure) and the order's Completed state (§2.5, §10 item 11).",
        },
        appealIdleDays: {
          type: 'integer',
          minimum: 1,
          maximum: 366,
          default: 5,
          description:
            'A supervision node idle longer than this many days lets the other side appeal (§2.5).',
        },
        appealAfterRejections: {
          type: 'integer',
          minimum: 1,
          maximum: 100,
          default: 3,
          description: 'Rejections after which an appeal opens (§2.5).',
        },
        hardwareAutoAcceptDays: {
          type: 'integer',
          minimum: 1,
          maximum: 366,
          default: 10,
          description: 'Hardware orders are accepted automatically this many days after shipment (§2.5).',
        },
        autoRenewDeductionDays: {
          type: 'integer',
          minimum: 2,
          maximum: 7,
          default: 7,
          description:
            '[P] First auto-renewal charge this many days before expiry; buyers may choose 2–7 (§3).',
        },
        autoRenewChargeMinute: {
          type: 'integer',
          minimum: 0,
          maximum: 1439,
          default: 180,
          description: '[P] Minute of the business day of each auto-renewal charge attempt (§3: 03:00).',
        },
        kitActiveWindowDays: {
          type: 'integer',
          minimum: 1,
          maximum: 366,
          default: 30,
          description:
            '[P] Kit "active users" are authorised users with a kit login within this many days (§9).',
        },
      },
    },
    settlement: {
      type: 'object',
      additionalProperties: false,
      description:
        "Settlement: transaction details, monthly bills, credit payment (docs/bills-and-settlement.md). Defaults marked [P] are the reference's proposals.",
      properties: {
        billDay: {
          type: 'integer',
          minimum: 1,
          maximum: 28,
          default: 7,
          description:
            "[P] Day of the month on which the previous month's bills are generated (seller-console §6.1, §10 item 2).",
        },
        billMinute: {
          type: 'integer',
          minimum: 0,
          maximum: 1439,
          default: 0,
          description: 'Minute of the bill day (business time) at which bills are generated (00:00).',
        },
        platformFeePercent: {
          type: 'number',
          minimum: 0,
          maximum: 100,
          default: 5,
          description:
            'Platform fee (平台服务费) as a percentage of the transaction amount (§6.1); 5 = the published rate of general goods since 2019-05-01.',
        },
        minimumBillAmount: {
          type: 'number',
          minimum: 0,
          default: 0,
          description:
            "[P] A product type's bill is generated only when its transaction total reaches this many yuan; below it the lines carry over (§10 item 6).",
        },
        transactionTiming: {
          type: 'string',
          enum: ['cn', 'intl'],
          default: 'cn',
          description:
            '[P] Transaction details: cn = the rows of day D visible on D+1 after 08:00; intl = after the bill day (§5, §10 item 3).',
        },
        transactionVisibleMinute: {
          type: 'integer',
          minimum: 0,
          maximum: 1439,
          default: 480,
          description: 'Minute of day D+1 from which the rows of day D are visible (cn timing: 08:00).',
        },
        confirmationCutoff: {
          type: 'string',
          pattern: '^\\d{4}-\\d{2}-\\d{2}$',
          default: '2024-12-24',
          description:
            'Bills generated before this business date start at 待确认 and need 确认账单 (§6.3, §10 item 4).',
        },
      },
    },
    probing: {
      type: 'object',
      additionalProperties: false,
      description: 'Lifecycle probing of saved debug cases (twice a day).',
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Probe at all.' },
        slotsMinutes: {
          type: 'array',
          items: { type: 'integer', minimum: 0, maximum: 1439 },
          minItems: 1,
          uniqueItems: true,
          default: [540, 900],
          description: 'Minutes after business midnight at which probes run.',
        },
        freezeAfterDays: {
          type: 'integer',
          minimum: 1,
          default: 5,
          description: 'Consecutive failed days after which trading is frozen.',
        },
        delistAfterDays: {
          type: 'integer',
          minimum: 1,
          default: 10,
          description: 'Consecutive failed days after which the product is delisted.',
        },
      },
    },
    retrySchedules: {
      type: 'object',
      additionalProperties: false,
      description: 'Retry schedule per interface, overriding the defaults of the platform documentation.',
      properties: Object.fromEntries(CONFIGURABLE_INTERFACES.map((n) => [n, RETRY_SCHEDULE])),
    },
    catalog: {
      type: 'object',
      required: ['products'],
      properties: {
        products: {
          type: 'array',
          minItems: 1,
          items: { type: 'object' },
          description:
            'Products: code, name, chargingMode, productIds, skus (with prices), optional trialDays, supervision and productType (general or joint-operations).',
        },
      },
      description:
        'Products on sale (see the README for the shape). Default: the demo catalog (crm, report, sms, sms-pack, consulting, licence).',
    },
  },
} as const;

/** A retry schedule as the configuration takes it (durations as ms or text). */
export type ConfigRetrySchedule =
  | { kind: 'offsets'; retryAtMs: Array<number | string>; onExhausted: 'fail-order' | 'manual' }
  | {
      kind: 'interval';
      everyMs: number | string;
      forMs: number | string;
      onExhausted: 'fail-order' | 'manual';
    };

/** The configuration, as a file (or flags) gives it. */
export interface MockConfig {
  $schema?: string;
  sellerUrl?: string;
  key?: string;
  kitKey?: string;
  protocol?: 'v2' | 'v1';
  encryptType?: 1 | 2;
  kitPublicKey?: string;
  port?: number;
  host?: string;
  db?: string;
  clock?: 'virtual' | 'real';
  timeScale?: number;
  startAt?: string;
  timeout?: number;
  timeLimit?: number;
  adminToken?: string;
  allowedHosts?: string[];
  ak?: string;
  sk?: string;
  seed?: string | number;
  testFlag?: '0' | '1' | null;
  gracePeriodDays?: number;
  concurrency?: number;
  timeZoneOffsetMinutes?: number;
  sellerEmail?: string;
  failedOrdersDelistThreshold?: number;
  renewalChangeWindowDays?: number;
  businessFlows?: BusinessFlowOptions;
  settlement?: SettlementOptions;
  probing?: {
    enabled?: boolean;
    slotsMinutes?: number[];
    freezeAfterDays?: number;
    delistAfterDays?: number;
  };
  retrySchedules?: Partial<Record<ProductionInterface, ConfigRetrySchedule>>;
  catalog?: { products: unknown[] };
}

/** Keys of the configuration that hold secrets (never printed). */
export const SECRET_CONFIG_KEYS: readonly (keyof MockConfig)[] = ['key', 'kitKey', 'adminToken', 'sk'];
