/**
 * The default demo catalog: one product per charging mode, enough to play every lifecycle action, plus two
 * supervised products (a manual service and a licence 2.0, the latter a joint-operations product) for the
 * business flows and settlement. Product ids follow the platform's `OFFI` + 18 digits shape; SKU codes are
 * UUID-like like the platform's.
 */
import type { CatalogData } from './catalog';

/** Demo catalog used when no catalog is configured. */
export const DEMO_CATALOG: CatalogData = Object.freeze({
  products: [
    {
      code: 'crm',
      name: 'Demo CRM',
      chargingMode: 'PERIOD',
      productIds: {
        month: 'OFFI100000000000000101',
        year: 'OFFI100000000000000102',
        day: 'OFFI100000000000000103',
      },
      trialDays: 7,
      extendParams: [{ name: 'emailDomainName', value: 'buyer.example.com' }],
      skus: [
        {
          skuCode: '5f0d1b2c-0001-4a6e-9c11-crm000basic',
          name: 'Basic',
          prices: { month: 99, year: 990 },
          linear: { name: 'users', min: 1, max: 500, default: 10 },
        },
        {
          skuCode: '5f0d1b2c-0002-4a6e-9c11-crm00000pro',
          name: 'Professional',
          prices: { month: 199, year: 1990 },
          linear: { name: 'users', min: 1, max: 2000, default: 50 },
        },
      ],
    },
    {
      code: 'report',
      name: 'Demo Compliance Report',
      chargingMode: 'ONE_TIME',
      productIds: { once: 'OFFI100000000000000201' },
      skus: [
        { skuCode: '5f0d1b2c-0003-4a6e-9c11-report00std', name: 'Standard report', prices: { once: 500 } },
      ],
    },
    {
      code: 'sms',
      name: 'Demo Messaging',
      chargingMode: 'ON_DEMAND',
      productIds: {},
      skus: [
        {
          skuCode: '5f0d1b2c-0004-4a6e-9c11-sms00000sms',
          name: 'SMS',
          prices: { usage: 0.05 },
          productIds: { usage: 'OFFI100000000000000301' },
        },
        {
          skuCode: '5f0d1b2c-0005-4a6e-9c11-sms00000mms',
          name: 'MMS',
          prices: { usage: 0.2 },
          productIds: { usage: 'OFFI100000000000000302' },
        },
      ],
    },
    {
      code: 'sms-pack',
      name: 'Demo Messaging Package',
      chargingMode: 'ON_DEMAND_PKG',
      productIds: { month: 'OFFI100000000000000401', year: 'OFFI100000000000000402' },
      skus: [
        {
          skuCode: '5f0d1b2c-0006-4a6e-9c11-smspack1000',
          name: '1 000 SMS',
          prices: { month: 40, year: 400 },
        },
      ],
    },
    {
      // Service supervision (seller-console.md §2): a manual service, bought at most once per buyer (§4).
      code: 'consulting',
      name: 'Demo Onboarding Service',
      chargingMode: 'PERIOD',
      supervision: 'manual-service',
      productIds: { month: 'OFFI100000000000000601', year: 'OFFI100000000000000602' },
      skus: [
        {
          skuCode: '5f0d1b2c-0007-4a6e-9c11-consult0001',
          name: 'Onboarding',
          prices: { month: 500, year: 5000 },
          purchaseLimit: { maxPurchases: 1 },
        },
      ],
    },
    {
      // Licence 2.0 by authorisation code (seller-console.md §2.3): closed by the activation Open API. Sold as a
      // joint-operations product: its bills have the invoicing stage and credit payment applies (§6.4, §8).
      code: 'licence',
      name: 'Demo Desktop Licence',
      chargingMode: 'PERIOD',
      supervision: 'licence-code',
      productType: 'joint-operations',
      productIds: { year: 'OFFI100000000000000501' },
      skus: [
        {
          skuCode: '5f0d1b2c-0008-4a6e-9c11-licence0001',
          name: 'Seat',
          prices: { year: 300 },
          linear: { name: 'seats', min: 1, max: 100, default: 1 },
        },
      ],
    },
  ],
}) as CatalogData;
