/**
 * The nine debugging orders (`MOCK*`) the real order-query Open API serves to every seller (protocol
 * reference §8.3), rendered with the shape of a real mock response: amounts are strings, absent values are
 * JSON `null`, `customerType` is 0. The msw handlers and the mock marketplace serve exactly these.
 *
 * The EU site documents only seven of them (it omits the two on-demand orders, §15 item 24); all nine are
 * served here.
 */
import type { OrderInfo } from '../schemas';

/** Order ids of the nine debugging orders, in the documented order. */
export const MOCK_ORDER_IDS = Object.freeze([
  'MOCKPERIODYEARNEW',
  'MOCKONETIMENEW',
  'MOCKONDEMAND',
  'MOCKONDEMANDPKG',
  'MOCKPERIODDAYTRIAL',
  'MOCKMONTYTRIALTOFORMAL',
  'MOCKMONTYUNSUBSCRIBE',
  'MOCKMONTYRENEW',
  'MOCKMONTYCHANGE',
] as const);

/** One of the nine debugging order ids. */
export type MockOrderId = (typeof MOCK_ORDER_IDS)[number];

/** What each debugging order stands for. */
export const MOCK_ORDER_SCENARIOS: Readonly<Record<MockOrderId, string>> = Object.freeze({
  MOCKPERIODYEARNEW: 'new purchase, yearly/monthly (PERIOD)',
  MOCKONETIMENEW: 'new purchase, one-time (ONE_TIME)',
  MOCKONDEMAND: 'new purchase, pay-per-use (ON_DEMAND)',
  MOCKONDEMANDPKG: 'new purchase, pay-per-use package (ON_DEMAND_PKG)',
  MOCKPERIODDAYTRIAL: 'trial (TRIAL)',
  MOCKMONTYTRIALTOFORMAL: 'trial converted to formal (TRIAL_TO_FORMAL)',
  MOCKMONTYUNSUBSCRIBE: 'unsubscription (UNSUBSCRIBE)',
  MOCKMONTYRENEW: 'renewal (RENEW)',
  MOCKMONTYCHANGE: 'change / upgrade (CHANGE)',
});

const PRODUCT_ID = 'OFFI846204237451911168';
const PRODUCT_NAME = 'MOCK测试商品,请勿购买';

const buyer = () => ({
  mobilePhone: '18688888888',
  email: null,
  customerId: '459bbbec29a84a2c8a8a1cd7f3a9e5d1',
  customerName: 'mock_user_01',
  customerRealName: '测试用户1',
  customerType: 0,
  userId: null,
  userName: null,
});

const buyerExtendParams = () => [
  { name: 'emailDomainName', value: 'test.example.com' },
  { name: 'ip', value: '127.0.0.1' },
];

interface LineSpec {
  chargingMode: 'ON_DEMAND' | 'ONE_TIME' | 'PERIOD' | 'ON_DEMAND_PKG';
  periodType: 'year' | 'month' | 'day' | null;
  periodNumber: number | null;
  expireTime: string | null;
  skuCode: string;
  linearValue: number | null;
  currency: string | null;
  currencyAfterDiscount: string | null;
}

function order(
  orderId: MockOrderId,
  orderType: OrderInfo['orderType'],
  createTime: string,
  line: LineSpec,
): OrderInfo {
  return {
    orderId,
    orderType,
    createTime,
    orderLine: [
      {
        orderLineId: `${orderId}-000001`,
        chargingMode: line.chargingMode,
        periodType: line.periodType,
        periodNumber: line.periodNumber,
        expireTime: line.expireTime,
        productInfo: [
          {
            productId: PRODUCT_ID,
            skuCode: line.skuCode,
            linearValue: line.linearValue,
            productName: PRODUCT_NAME,
          },
        ],
        extendParams: buyerExtendParams(),
        currency: line.currency,
        currencyAfterDiscount: line.currencyAfterDiscount,
      },
    ],
    buyerInfo: buyer(),
    extendParams: [],
  };
}

const SKU_PERIOD = '0a4d1578-6c1e-4f0e-9d0b-2c8f3e1a7b01';
const SKU_ONE_TIME = '0a4d1578-6c1e-4f0e-9d0b-2c8f3e1a7b02';
const SKU_ON_DEMAND = '0a4d1578-6c1e-4f0e-9d0b-2c8f3e1a7b03';
const SKU_PACKAGE = '0a4d1578-6c1e-4f0e-9d0b-2c8f3e1a7b04';
const SKU_UPGRADED = '0a4d1578-6c1e-4f0e-9d0b-2c8f3e1a7b05';

function buildMockOrders(): Record<MockOrderId, OrderInfo> {
  const period = (over: Partial<LineSpec>): LineSpec => ({
    chargingMode: 'PERIOD',
    periodType: 'month',
    periodNumber: 1,
    expireTime: '20241221235959',
    skuCode: SKU_PERIOD,
    linearValue: 50,
    currency: '100',
    currencyAfterDiscount: '100',
    ...over,
  });
  return {
    MOCKPERIODYEARNEW: order(
      'MOCKPERIODYEARNEW',
      'NEW',
      '20241121090846',
      period({ periodType: 'year', expireTime: '20251121235959' }),
    ),
    MOCKONETIMENEW: order('MOCKONETIMENEW', 'NEW', '20241121091012', {
      chargingMode: 'ONE_TIME',
      periodType: null,
      periodNumber: null,
      expireTime: null,
      skuCode: SKU_ONE_TIME,
      linearValue: null,
      currency: '50',
      currencyAfterDiscount: '50',
    }),
    MOCKONDEMAND: order('MOCKONDEMAND', 'NEW', '20241121091130', {
      chargingMode: 'ON_DEMAND',
      periodType: null,
      periodNumber: null,
      expireTime: null,
      skuCode: SKU_ON_DEMAND,
      linearValue: null,
      currency: '0',
      currencyAfterDiscount: '0',
    }),
    MOCKONDEMANDPKG: order('MOCKONDEMANDPKG', 'NEW', '20241121091245', {
      chargingMode: 'ON_DEMAND_PKG',
      periodType: 'month',
      periodNumber: 1,
      expireTime: '20241221235959',
      skuCode: SKU_PACKAGE,
      linearValue: 1000,
      currency: '200',
      currencyAfterDiscount: '200',
    }),
    MOCKPERIODDAYTRIAL: order(
      'MOCKPERIODDAYTRIAL',
      'TRIAL',
      '20241121091402',
      period({
        periodType: 'day',
        periodNumber: 7,
        expireTime: '20241128235959',
        currency: '0',
        currencyAfterDiscount: '0',
      }),
    ),
    MOCKMONTYTRIALTOFORMAL: order('MOCKMONTYTRIALTOFORMAL', 'TRIAL_TO_FORMAL', '20241121091518', period({})),
    MOCKMONTYUNSUBSCRIBE: order(
      'MOCKMONTYUNSUBSCRIBE',
      'UNSUBSCRIBE',
      '20241121091633',
      period({
        expireTime: '20241121091633',
        currency: '',
        currencyAfterDiscount: '-100',
      }),
    ),
    MOCKMONTYRENEW: order(
      'MOCKMONTYRENEW',
      'RENEW',
      '20241121091750',
      period({ expireTime: '20250121235959' }),
    ),
    MOCKMONTYCHANGE: order(
      'MOCKMONTYCHANGE',
      'CHANGE',
      '20241121091905',
      period({
        skuCode: SKU_UPGRADED,
        linearValue: 100,
        currency: '150',
        currencyAfterDiscount: '150',
      }),
    ),
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The nine debugging orders, deeply frozen. Use {@link mockOrder} for a mutable copy.
 *
 * @example
 * MOCK_ORDERS.MOCKPERIODYEARNEW.orderLine[0]?.chargingMode // 'PERIOD'
 */
export const MOCK_ORDERS: Readonly<Record<MockOrderId, OrderInfo>> = deepFreeze(buildMockOrders());

/** True when `orderId` is one of the nine debugging order ids. */
export function isMockOrderId(orderId: unknown): orderId is MockOrderId {
  return typeof orderId === 'string' && (MOCK_ORDER_IDS as readonly string[]).includes(orderId);
}

/** A fresh, mutable deep copy of one debugging order (to derive custom orders from). */
export function mockOrder(orderId: MockOrderId): OrderInfo {
  return structuredClone<OrderInfo>(MOCK_ORDERS[orderId]);
}
