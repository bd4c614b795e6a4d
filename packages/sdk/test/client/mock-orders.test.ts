import { describe, expect, it } from 'vitest';
import { validateSchema } from '@koogallery-kit/sdk';
import {
  MOCK_ORDERS,
  MOCK_ORDER_IDS,
  MOCK_ORDER_SCENARIOS,
  isMockOrderId,
  mockOrder,
} from '@koogallery-kit/sdk/testing';

const expected: Record<string, [string, string]> = {
  MOCKPERIODYEARNEW: ['NEW', 'PERIOD'],
  MOCKONETIMENEW: ['NEW', 'ONE_TIME'],
  MOCKONDEMAND: ['NEW', 'ON_DEMAND'],
  MOCKONDEMANDPKG: ['NEW', 'ON_DEMAND_PKG'],
  MOCKPERIODDAYTRIAL: ['TRIAL', 'PERIOD'],
  MOCKMONTYTRIALTOFORMAL: ['TRIAL_TO_FORMAL', 'PERIOD'],
  MOCKMONTYUNSUBSCRIBE: ['UNSUBSCRIBE', 'PERIOD'],
  MOCKMONTYRENEW: ['RENEW', 'PERIOD'],
  MOCKMONTYCHANGE: ['CHANGE', 'PERIOD'],
};

describe('the nine MOCK* debugging orders (§8.3)', () => {
  it('are exactly the documented nine, each with its scenario', () => {
    expect([...MOCK_ORDER_IDS]).toEqual(Object.keys(expected));
    expect(Object.keys(MOCK_ORDERS).sort()).toEqual(Object.keys(expected).sort());
    for (const id of MOCK_ORDER_IDS) expect(MOCK_ORDER_SCENARIOS[id].length).toBeGreaterThan(0);
  });

  it('have the documented order type, charging mode and line id, and match the order-query schema', () => {
    for (const id of MOCK_ORDER_IDS) {
      const order = MOCK_ORDERS[id];
      const [orderType, chargingMode] = expected[id] as [string, string];
      expect(order.orderId).toBe(id);
      expect(order.orderType).toBe(orderType);
      expect(order.orderLine).toHaveLength(1);
      expect(order.orderLine[0]?.orderLineId).toBe(`${id}-000001`);
      expect(order.orderLine[0]?.chargingMode).toBe(chargingMode);
      const check = validateSchema('orderQueryResponse', {
        resultCode: 'MKT.0000',
        resultMsg: 'Success',
        orderInfo: order,
      });
      expect(check.ok, JSON.stringify(check)).toBe(true);
    }
  });

  it('look like the real mock response: string amounts, JSON nulls, customerType 0, expiry only for periods and packages', () => {
    for (const id of MOCK_ORDER_IDS) {
      const order = MOCK_ORDERS[id];
      const line = order.orderLine[0];
      expect(order.buyerInfo?.customerType).toBe(0);
      expect(order.buyerInfo?.userId).toBeNull();
      expect(order.extendParams).toEqual([]);
      for (const amount of [line?.currency, line?.currencyAfterDiscount])
        expect(typeof amount).toBe('string');
      const periodic = line?.chargingMode === 'PERIOD' || line?.chargingMode === 'ON_DEMAND_PKG';
      expect(line?.expireTime === null).toBe(!periodic);
    }
    expect(MOCK_ORDERS.MOCKPERIODDAYTRIAL.orderLine[0]?.periodType).toBe('day');
    expect(MOCK_ORDERS.MOCKMONTYUNSUBSCRIBE.orderLine[0]?.currency).toBe('');
    expect(MOCK_ORDERS.MOCKMONTYUNSUBSCRIBE.orderLine[0]?.currencyAfterDiscount).toMatch(/^-/);
  });

  it('are frozen; mockOrder() gives an independent mutable copy', () => {
    expect(Object.isFrozen(MOCK_ORDERS.MOCKONDEMAND.orderLine[0])).toBe(true);
    const copy = mockOrder('MOCKONDEMAND');
    copy.orderId = 'CUSTOM-1';
    expect(MOCK_ORDERS.MOCKONDEMAND.orderId).toBe('MOCKONDEMAND');
    expect(isMockOrderId('MOCKONDEMAND')).toBe(true);
    expect(isMockOrderId('CUSTOM-1')).toBe(false);
  });
});
