/**
 * Examples of the OpenAPI documents (generate-openapi.ts), carried over from the protocol reference: the derived
 * test vectors of §12.3 (accessKey `test-access-key-0001`; signatures reproducible) and the example bodies of
 * §3, §4, §8 and §9. The tests check every request and reply below against the SDK's validators.
 */
import type { InterfaceName } from '../src/schemas/interfaces';
import type { OpenApiPathName } from '../src/client/hosts';

/** The accessKey every signature below was computed with (§12.3). */
export const VECTOR_ACCESS_KEY = 'test-access-key-0001';

/** One example call of a production interface (platform → seller). */
export interface ProductionExample {
  interface: InterfaceName;
  summary: string;
  /** V2 / kit: the JSON body; V1: the query parameters (decoded). */
  request: Record<string, unknown>;
  /** V2: the `signature`/`timestamp`/`nonce` query parameters; kit: `x-sign`/`x-timestamp`/`x-nonce`. */
  signature?: { signature: string; timestamp: string; nonce: string };
  /** The seller's reply: exactly these bytes, and their Body-Sign when the reference gives it. */
  response?: { text: string; bodySign?: string };
}

const INSTANCE = '10e758d0-31ad-4c4b-8f1b-81d03469a10e';
const ORDER = 'CS2211181819B4LVS';
const SUCCESS = '{"resultCode":"000000","resultMsg":"success."}';

export const PRODUCTION_EXAMPLES: readonly ProductionExample[] = [
  {
    interface: 'newInstance',
    summary: '§12.3 (a) and (c): a signed newInstance and its signed reply',
    request: {
      activity: 'newInstance',
      businessId: '87b94795-0603-4e24-8ae5-69420d60e3c8',
      orderId: ORDER,
      orderLineId: `${ORDER}-000001`,
      testFlag: '1',
    },
    signature: {
      signature: 'c506f4221ec15f98c40b8a5d5065d8b815a2c5596cf4421382088b5652565458',
      timestamp: '1680508066618',
      nonce: '50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA',
    },
    response: {
      text: '{"resultCode":"000000","resultMsg":"success.","instanceId":"03pf80c2bae96vc49b80b917bea776d7"}',
      bodySign: 'sign_type="HMAC-SHA256", signature="1Mc9WSem6yPAJvSAFmWv4E+FpoVZsxUBFG5YIF0f7NQ="',
    },
  },
  {
    interface: 'queryInstance',
    summary:
      '§12.3 (b) and (c): a signed queryInstance with a non-ASCII id; the reply escapes the memo as \\uXXXX',
    request: { activity: 'queryInstance', instanceId: '实例-01', testFlag: '1' },
    signature: {
      signature: '4f8d565fae3e0291ccdd6215192d41123ea9439b1a82f228a94f97ed5f2e75cf',
      timestamp: '1700000000000',
      nonce: 'abc123',
    },
    response: {
      text: '{"resultCode":"000000","resultMsg":"success","info":[{"instanceId":"实例-01","appInfo":{"frontEndUrl":"https://app.example.com","memo":"\\u4e2d\\u6587"}}]}',
      bodySign: 'sign_type="HMAC-SHA256", signature="lMxA/P3k7U4LyClaIVS+Ur5ZSVkr1AAZFQBTSqFtfpc="',
    },
  },
  {
    interface: 'updateInstanceStatus',
    summary:
      '§12.3 (a2): the canonical form (sorted keys, nulls dropped) of a body that arrived unsorted; the signature covers this form',
    request: { activity: 'updateInstanceStatus', instanceId: INSTANCE, status: 'FREEZE', testFlag: '1' },
    signature: {
      signature: '91c9db67231c942e59d2dba3e7a6d5898919bd8d7d2905e37e94ba6a211721c9',
      timestamp: '1700000000000',
      nonce: 'n0nce-0001',
    },
    response: { text: SUCCESS },
  },
  {
    interface: 'refreshInstance',
    summary: '§3.3: a renewal (expireTime with 17 digits, as in the official example)',
    request: {
      activity: 'refreshInstance',
      expireTime: '20221124023618256',
      instanceId: INSTANCE,
      orderId: ORDER,
      orderLineId: `${ORDER}-000001`,
      productId: 'OFFI461867333479178240',
      scene: 'RENEWAL',
      testFlag: '1',
    },
    response: { text: SUCCESS },
  },
  {
    interface: 'releaseInstance',
    summary: '§3.5: release after an unsubscription',
    request: {
      activity: 'releaseInstance',
      instanceId: INSTANCE,
      orderId: ORDER,
      orderLineId: `${ORDER}-000001`,
      testFlag: '1',
    },
    response: { text: SUCCESS },
  },
  {
    interface: 'upgradeInstance',
    summary: '§3.6: an upgrade order (activity upgradeInstance in V2)',
    request: {
      activity: 'upgradeInstance',
      instanceId: INSTANCE,
      orderId: ORDER,
      orderLineId: `${ORDER}-000001`,
      testFlag: '1',
    },
    response: { text: SUCCESS },
  },
  {
    interface: 'changeInstanceCheck',
    summary:
      '§3.7: may the instance change to this target product at renewal? (productInfo as read in §15.15)',
    request: {
      activity: 'changeInstanceCheck',
      instanceId: INSTANCE,
      productInfo: {
        productId: 'OFFI461867333479178240',
        skuCode: '0a4d1578-6b3c-4c1e-9a35-1f7c2b9e0d11',
        linearValue: 20,
      },
      testFlag: '1',
    },
    response: { text: SUCCESS },
  },
  {
    interface: 'orderNotify',
    summary: '§3.8: a paid order of a non-instance product',
    request: { activity: 'orderNotify', orderId: ORDER, orderLineId: `${ORDER}-000001`, testFlag: '1' },
    response: { text: SUCCESS },
  },
  {
    interface: 'tenantSync',
    summary: '§12.3 (d): a signed tenantSync (x-sign over the raw body)',
    request: {
      instanceId: 'huaiweitest123456',
      orderId: 'CS1906666666ABCDE',
      tenantId: '68cbc86abc2018ab880d92f36422fa0e',
      tenantCode: 'huawei',
      name: 'huaiweitest',
      domainName: 'https://example.tenantaccount.com',
      flag: 1,
      testFlag: 1,
      timeStamp: '20220413093539534',
    },
    signature: {
      signature: 'd5e2f509bc3fff617f2475cdf6c502041576937dd0a3e3a33adf5988f2e49a79',
      timestamp: '1680508066618',
      nonce: '50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA',
    },
    response: { text: SUCCESS },
  },
  {
    interface: 'v1NewInstance',
    summary: '§12.3 (f): a V1 newInstance with its authToken (key = accessKey + timeStamp)',
    request: {
      activity: 'newInstance',
      businessId: '61e834ba-7b97-4418-b8f7-e5345137278c',
      customerId: '68cbc86abc2018ab880d92f36422fa0e',
      expireTime: '20200727153156',
      orderId: 'CS1906666666ABCDE',
      productId: '00301-666666-0--0',
      testFlag: '1',
      timeStamp: '20200727073711903',
      authToken: 'rjND+EtzdPJCNyqrLt/LHR3JrNBZA/GGJbgOmLk2tqE=',
    },
    response: {
      text: '{"resultCode":"000000","resultMsg":"success.","encryptType":"1","instanceId":"03pf80c2bae96vc49b80b917bea776d7","appInfo":{"frontEndUrl":"https://app.example.com","userName":"0123456789abcdefa/lJx0ZN3PNDbI2/oxGYoImW8J7BVFwqGS0R37t49Hk=","password":"0123456789abcdefj8UFXbEsD2yT7JFQmaI0RA=="}}',
    },
  },
];

/** One example call of an Open API (seller → platform). */
export interface OpenApiExample {
  path: OpenApiPathName;
  summary: string;
  /** GET: the query parameters; POST: the JSON body. */
  request: Record<string, unknown>;
  /** Request headers from the vector (signatures, dates). */
  headers?: Record<string, string>;
  response: Record<string, unknown>;
}

export const OPEN_API_EXAMPLES: readonly OpenApiExample[] = [
  {
    path: 'orderQuery',
    summary:
      '§12.3 (h) and §8.3: a mock order; with SK TEST_SK_0000000000000000000000000000000000 and SignedHeaders content-type;host;x-sdk-date the signature is 0fe187544886662a68667602720bd5fb0c0bf4085331ecdeb6a6ad6e95585a2c',
    request: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001' },
    headers: { 'X-Sdk-Date': '20250101T000000Z' },
    response: {
      resultCode: 'MKT.0000',
      resultMsg: 'Success',
      orderInfo: {
        orderId: 'MOCKPERIODYEARNEW',
        orderType: 'NEW',
        createTime: '20241121090846',
        orderLine: [
          {
            orderLineId: 'MOCKPERIODYEARNEW-000001',
            chargingMode: 'PERIOD',
            periodType: 'year',
            periodNumber: 1,
            expireTime: '20251121235959',
            productInfo: [
              {
                productId: 'OFFI846204237451911168',
                skuCode: '0a4d1578-6b3c-4c1e-9a35-1f7c2b9e0d11',
                linearValue: 50,
                productName: 'MOCK测试商品',
              },
            ],
            extendParams: [
              { name: 'emailDomainName', value: 'test.xxxx.com' },
              { name: 'ip', value: '127.0.0.1' },
            ],
            currency: '100',
            currencyAfterDiscount: '100',
          },
        ],
        buyerInfo: {
          mobilePhone: '18688888888',
          email: null,
          customerId: '459bbbec6b2a4c1e8e0c3d7f1a2b3c4d',
          customerName: 'mock_user_01',
          customerRealName: '测试用户1',
          customerType: 0,
          userId: null,
          userName: null,
        },
        extendParams: [],
      },
    },
  },
  {
    path: 'usagePush',
    summary: '§12.3 (e): one usage record, signed with the key (headers ts, nonce, signature)',
    request: {
      usage_records: [
        {
          begin_time: '20240306T000000Z',
          end_time: '20240306T010000Z',
          instance_id: INSTANCE,
          metering_sn: 'sn-0001',
          record_time: '20240306T010500Z',
          usage_value: '12.5',
        },
      ],
    },
    headers: {
      ts: '1709690865879',
      nonce: '6c63c221-1f6b-4141-8ff4-22f5dfe82b65',
      signature: 'RXTpll6Irjzp2ZISySI1Gp12xlHSmG1tVUPmUXL7H1c=',
    },
    response: { error_code: 'MKT.0000', error_msg: 'success' },
  },
  {
    path: 'licenseActivateV1',
    summary:
      '§12.3 (i) and §8.6: with SK TEST_SK_0000000000000000000000000000000000 and X-Sdk-Date 20250101T000000Z the signature is 2a144c4ad8cdd6cf550d16fb0c208d068fd722e6312c401ea1c1991d095dc2bd',
    request: { license: 'LIC-TEST-0001' },
    headers: { 'X-Sdk-Date': '20250101T000000Z' },
    response: {
      error_code: '92020000',
      error_msg: 'success',
      data: {
        license_code_info:
          '{"status":"ALIVE","expire_time":"20230726121646","product_id":"12345","amount":2,"order_id":"CS123"}',
      },
    },
  },
];
