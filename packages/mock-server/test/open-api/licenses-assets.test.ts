/**
 * Licence activate / query v1 and v2 (§8.6, §8.7) with 9202xxxx codes and `license_code_info` as a JSON string,
 * and the asset deployed-object query (§8.8), through the SDK client against the mock.
 */
import { LicenseApiError, createClient } from '@koogallery-kit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSETS } from '../../src/http/open-api';
import { CREDENTIALS, T0, sendSigned, startMarket, type TestMarket } from './helpers';

let market: TestMarket;
beforeAll(async () => {
  market = await startMarket({
    openApi: {
      licenses: [
        { license: 'LIC-A', product_id: 'OFFI1', order_id: 'CS1', amount: 2, expire_time: '20300101000000' },
        { license: 'LIC-B', product_id: 'OFFI1', order_id: 'CS2', amount: 1, expire_time: '20300101000000' },
        { license: 'LIC-C', product_id: 'OFFI1', order_id: 'CS3', amount: 1, expire_time: '20300101000000' },
        { license: 'LIC-UNSENT', received: false },
      ],
    },
  });
});
afterAll(async () => {
  await market.close();
});

const client = () =>
  createClient({
    accessKey: CREDENTIALS.ak,
    secretKey: CREDENTIALS.sk,
    baseURL: market.url,
    now: () => T0,
    maxRetries: 0,
  });

describe('licence APIs', () => {
  it('activates v1 with license_code_info as a JSON string, then the query reports ALIVE', async () => {
    const url = `${market.url}/api/mkp-openapi-public/global/v1/license/activate`;
    const body = JSON.stringify({ license: 'LIC-A', real_effect_time: '20250310000000' });
    const raw = await sendSigned(url, { body });
    expect(raw.status).toBe(200);
    expect(raw.json.error_code).toBe('92020000');
    const data = raw.json.data as { license_code_info: unknown };
    expect(typeof data.license_code_info).toBe('string');
    expect(JSON.parse(data.license_code_info as string)).toEqual({
      status: 'ALIVE',
      expire_time: '20300101000000',
      product_id: 'OFFI1',
      order_id: 'CS1',
      amount: 2,
    });
    const query = await client().licenses.query({ license: 'LIC-A' });
    expect(query.errorCode).toBe('92020000');
    expect(query.items[0]?.licenseInfo).toMatchObject({
      license_code: 'LIC-A',
      status: 'ALIVE',
      activate_time: '20250310000000',
    });
  });

  it('activates and queries v2 batches', async () => {
    const activated = await client().licenses.activate({ license_list: ['LIC-B', 'LIC-C'] });
    expect(activated.version).toBe('v2');
    expect(activated.items.map((i) => [i.license, i.licenseCodeInfo?.status])).toEqual([
      ['LIC-B', 'ALIVE'],
      ['LIC-C', 'ALIVE'],
    ]);
    const queried = await client().licenses.query({ license_list: ['LIC-B', 'LIC-C'] });
    expect(queried.items.map((i) => i.licenseInfo?.status)).toEqual(['ALIVE', 'ALIVE']);
  });

  it('answers 92020005 for an unknown code and 92020004 before the buyer received it', async () => {
    const unknown = await client()
      .licenses.activate({ license: 'LIC-NOPE' })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(LicenseApiError);
    expect(unknown).toMatchObject({ code: '92020005' });
    const unsent = await client()
      .licenses.activate({ license: 'LIC-UNSENT' })
      .catch((e: unknown) => e);
    expect(unsent).toMatchObject({ code: '92020004' });
  });
});

describe('asset deployed-object query', () => {
  it('serves the configured assets, filtered by asset id, type and region', async () => {
    const found = await client().assets.deployedObjects({
      asset_id: 'asset-demo-0001',
      deployed_type: 'image',
    });
    expect(found.errorCode).toBe('MKT.0000');
    expect(found.assets).toEqual(DEMO_ASSETS);
    const elsewhere = await client().assets.deployedObjects({
      asset_id: 'asset-demo-0001',
      deployed_type: 'image',
      region: 'eu-west-0',
    });
    expect(elsewhere.assets).toEqual([]);
  });
});
