import type { SchemaName } from '../../src/schemas';

/*
 * One complete, valid body per schema, constructed for the tests (the reference's own examples live in
 * fixtures/reference-examples.json). Typed as Record<SchemaName, …> so a new schema without a sample does not
 * compile. Each sample fills every documented field, so removing or stretching any of them can be tested.
 */

const ORDER = 'CS2211181819B4LVS';
const LINE = `${ORDER}-000001`;
const INSTANCE = '10e758d0-31ad-4c4b-8f1b-81d03469a10e';
// AES vectors of the reference (accessKey test-access-key-0001, IV 0123456789abcdef, encryptType 2).
const ENC_USER = '0123456789abcdefySOt5npWtUBZ7ZTC6nHCa1goLF1Z28eXgIYay0iASOo=';
const ENC_PASSWORD = '0123456789abcdef8hU/rBhW3mWV+Zdo6q/8hg==';

const result = { resultCode: '000000', resultMsg: 'success.' };
const user = {
  userName: 'zhangsan',
  name: 'Zhang San',
  orgCode: 'ORG-01',
  position: 'engineer',
  employeeCode: 'E001',
  employeeType: 1,
  role: 'admin',
  enable: 'true',
  mobile: '13800000000',
  email: 'zhangsan@example.com',
  workPlace: 'Shenzhen',
  entryDate: '2024-01-5',
};
const usageInfo = {
  relatedInstanceId: 'ondemand-01',
  usageValue: 12.5,
  statisticalTime: '20240306010500123',
  dashboardUrl: 'https://app.example.com/usage',
};
const usageRecord = {
  instance_id: INSTANCE,
  record_time: '20240306T010500Z',
  begin_time: '20240306T000000Z',
  end_time: '20240306T010000Z',
  usage_value: '12.5',
  metering_sn: 'sn-0001',
  relate_pkg_instance: 'pkg-01',
};
const v1Auth = {
  timeStamp: '20230327065233980',
  authToken: 'Eh/3Ud+R1j3d/wOui5CAcvRipM8IuribvgkXfJAsTfE=',
  testFlag: '1',
};
const kitContext = {
  instanceId: 'huaiweitest123456',
  orderId: 'CS1906666666ABCDE',
  tenantId: '68cbc86abc2018ab880d92f36422fa0e',
  testFlag: 0,
  timeStamp: '20220413093539534',
};

export const VALID_SAMPLES: Record<SchemaName, Record<string, unknown>> = {
  newInstanceRequest: {
    activity: 'newInstance',
    orderId: ORDER,
    orderLineId: LINE,
    businessId: '87b94795-0603-4e24-8ae5-69420d60e3c8',
    testFlag: '1',
  },
  newInstanceResponse: { ...result, instanceId: INSTANCE },
  queryInstanceRequest: { activity: 'queryInstance', instanceId: `${INSTANCE},other-01`, testFlag: '0' },
  queryInstanceResponse: {
    ...result,
    info: [
      {
        instanceId: INSTANCE,
        appInfo: {
          frontEndUrl: 'https://app.example.com',
          adminUrl: 'https://app.example.com/admin',
          userName: 'hwadmin',
          password: 'Huawei12345',
          memo: '\\u4e2d\\u6587',
        },
        usageInfo: [usageInfo],
      },
    ],
  },
  refreshInstanceRequest: {
    activity: 'refreshInstance',
    scene: 'TRIAL_TO_FORMAL',
    orderId: ORDER,
    orderLineId: LINE,
    instanceId: INSTANCE,
    productId: 'OFFI461867333479178240',
    expireTime: '20221124023618',
    testFlag: '1',
  },
  refreshInstanceResponse: { ...result },
  updateInstanceStatusRequest: {
    activity: 'updateInstanceStatus',
    instanceId: INSTANCE,
    status: 'UNFREEZE',
    testFlag: '1',
  },
  updateInstanceStatusResponse: { ...result },
  releaseInstanceRequest: {
    activity: 'releaseInstance',
    instanceId: INSTANCE,
    orderId: ORDER,
    orderLineId: LINE,
    testFlag: '1',
  },
  releaseInstanceResponse: { ...result },
  upgradeInstanceRequest: {
    activity: 'upgradeInstance',
    instanceId: INSTANCE,
    orderId: ORDER,
    orderLineId: LINE,
    testFlag: '1',
  },
  upgradeInstanceResponse: { ...result },
  changeInstanceCheckRequest: {
    activity: 'changeInstanceCheck',
    instanceId: INSTANCE,
    productInfo: { productId: 'OFFI461867333479178240', skuCode: '0a4d1578-aaaa-bbbb', linearValue: 20 },
    testFlag: '1',
  },
  changeInstanceCheckResponse: { ...result },
  orderNotifyRequest: { activity: 'orderNotify', orderId: ORDER, orderLineId: LINE, testFlag: '1' },
  orderNotifyResponse: { ...result },
  tenantSyncRequest: {
    ...kitContext,
    tenantCode: 'huawei',
    name: 'huaiweitest',
    domainName: 'https://example.tenantaccount.com',
    flag: 2,
  },
  tenantSyncResponse: { ...result },
  applicationSyncRequest: {
    ...kitContext,
    appId: 'app-01',
    clientId: 'client-01',
    clientSecret: 'cnNhLW9hZXAtZW5jcnlwdGVk',
    flag: 1,
  },
  applicationSyncResponse: { ...result },
  authSyncRequest: {
    ...kitContext,
    appId: 'app-01',
    userList: [user],
    currentSyncTime: '20220413093539534',
    flag: 3,
  },
  authSyncResponse: { ...result },
  singleOrgSyncRequest: { ...kitContext, orgCode: 'ORG-02', orgName: 'R&D', parentCode: 'ORG-01', flag: 0 },
  singleOrgSyncResponse: { ...result },
  allOrgSyncRequest: {
    ...kitContext,
    orgInfoList: [
      { orgCode: 'ORG-01', orgName: 'Head office', parentCode: '' },
      { orgCode: 'ORG-02', orgName: 'R&D', parentCode: 'ORG-01' },
    ],
  },
  allOrgSyncResponse: { ...result },
  refreshLicenseCodeRequest: {
    activity: 'refreshLicenseCode',
    scene: 'UNSUBSCRIBE_RENEWAL_PERIOD',
    orderId: ORDER,
    orderLineId: LINE,
    license: 'LIC-TEST-0001',
    productId: 'OFFI461867333479178240',
    expireTime: '20251121235959',
    testFlag: '1',
  },
  refreshLicenseCodeResponse: { ...result },
  updateLicenseCodeStatusRequest: {
    activity: 'updateLicenseCodeStatus',
    license: 'LIC-TEST-0001',
    status: 'FREEZE',
    testFlag: '1',
  },
  updateLicenseCodeStatusResponse: { ...result },
  releaseLicenseCodeRequest: {
    activity: 'releaseLicenseCode',
    license: 'LIC-TEST-0001',
    orderId: ORDER,
    orderLineId: LINE,
    testFlag: '1',
  },
  releaseLicenseCodeResponse: { ...result },
  v1NewInstanceRequest: {
    activity: 'newInstance',
    customerId: '68cbc86abc2018ab880d92f36422fa0e',
    customerName: 'buyer01',
    userId: 'iam-user-01',
    userName: 'iam01',
    mobilePhone: ENC_PASSWORD,
    email: ENC_USER,
    businessId: '61e834ba-7b97-4418-b8f7-e5345137278c',
    orderId: 'CS1906666666ABCDE',
    skuCode: 'sku-0001',
    productId: '00301-666666-0--0',
    trialFlag: '0',
    expireTime: '20200727153156',
    chargingMode: '1',
    saasExtendParams: 'W3sibmFtZSI6ImlwIiwidmFsdWUiOiIxMjcuMC4wLjEifV0=',
    amount: '10',
    diskSize: '100',
    bandWidth: '5',
    periodType: 'month',
    periodNumber: '3',
    orderAmount: '12.780',
    ...v1Auth,
  },
  v1NewInstanceResponse: {
    ...result,
    encryptType: '2',
    instanceId: INSTANCE,
    appInfo: {
      frontEndUrl: 'https://app.example.com',
      adminUrl: 'https://app.example.com/admin',
      userName: ENC_USER,
      password: ENC_PASSWORD,
      memo: 'welcome',
    },
  },
  v1RefreshInstanceRequest: {
    activity: 'refreshInstance',
    orderId: 'HWS001014ED483AA1E8',
    instanceId: INSTANCE,
    productId: '00301-666666-0--0',
    expireTime: '20180725000000',
    trialToFormal: '1',
    periodType: 'year',
    periodNumber: '1',
    orderAmount: '100',
    ...v1Auth,
  },
  v1RefreshInstanceResponse: { ...result },
  v1ExpireInstanceRequest: { activity: 'expireInstance', instanceId: INSTANCE, orderId: ORDER, ...v1Auth },
  v1ExpireInstanceResponse: { ...result },
  v1ReleaseInstanceRequest: {
    activity: 'releaseInstance',
    instanceId: INSTANCE,
    orderId: ORDER,
    orderAmount: '-12.5',
    ...v1Auth,
  },
  v1ReleaseInstanceResponse: { ...result },
  v1UpgradeRequest: {
    activity: 'upgrade',
    instanceId: INSTANCE,
    orderId: 'CS1906666688ABCDE',
    skuCode: 'sku-0002',
    productId: '00301-666688-0-0',
    amount: '6456',
    diskSize: '200',
    bandWidth: '10',
    saasExtendParams: 'W10=',
    ...v1Auth,
  },
  v1UpgradeResponse: { ...result },
  v1QueryInstanceRequest: { activity: 'queryInstance', instanceId: INSTANCE, ...v1Auth },
  v1QueryInstanceResponse: {
    ...result,
    encryptType: '2',
    info: [
      {
        instanceId: INSTANCE,
        appInfo: { frontEndUrl: 'https://app.example.com', userName: ENC_USER, password: ENC_PASSWORD },
        usageInfo: [usageInfo],
      },
    ],
  },
  v1InstanceStatusRequest: {
    activity: 'instanceStatus',
    instanceId: INSTANCE,
    instanceStatus: 'NORMAL',
    ...v1Auth,
  },
  v1InstanceStatusResponse: { ...result },
  orderQueryRequest: { orderId: 'MOCKONDEMAND', orderLineId: 'MOCKONDEMAND-000001' },
  orderQueryResponse: {
    resultCode: 'MKT.0000',
    resultMsg: 'Success',
    orderInfo: {
      orderId: 'MOCKONDEMAND',
      orderType: 'NEW',
      createTime: '20241121090846',
      orderLine: [
        {
          orderLineId: 'MOCKONDEMAND-000001',
          chargingMode: 'ON_DEMAND',
          expireTime: null,
          periodType: null,
          periodNumber: null,
          productInfo: [
            {
              productId: 'OFFI846204237451911168',
              skuCode: 'sku-01',
              linearValue: null,
              productName: 'Demo',
            },
          ],
          extendParams: [{ name: 'ip', value: '127.0.0.1' }],
          currency: '0',
          currencyAfterDiscount: '0',
        },
      ],
      buyerInfo: {
        customerId: 'c-01',
        customerName: 'mock_user_01',
        customerRealName: null,
        customerType: 0,
        mobilePhone: null,
        email: 'buyer@example.com',
        userId: null,
        userName: null,
      },
      extendParams: [],
    },
  },
  usagePushRequest: {
    usage_records: [usageRecord, { ...usageRecord, metering_sn: 'sn-0002', usage_value: 0.0001 }],
  },
  usagePushResponse: { error_code: 'MKT.0000', error_msg: 'success', extra_info: { failed: [] } },
  licenseActivateV1Request: { license: 'LIC-TEST-0001', real_effect_time: '20240101000000' },
  licenseActivateV1Response: {
    error_code: '92020000',
    error_msg: 'success',
    data: { license_code_info: '{"status":"ALIVE"}' },
  },
  licenseActivateV2Request: {
    license_list: ['LIC-TEST-0001', 'LIC-TEST-0002'],
    real_effect_time: '20240101000000',
  },
  licenseActivateV2Response: {
    error_code: '92020000',
    error_msg: 'success',
    data: [{ license: 'LIC-TEST-0001' }],
  },
  licenseQueryV1Request: {
    license: 'LIC-TEST-0001',
    heartbeatInfo: { thirdPartyAccount: 'acct-01', ip: '10.0.0.1' },
  },
  licenseQueryV1Response: {
    error_code: '92020000',
    error_msg: 'success',
    data: {
      license_code: 'LIC-TEST-0001',
      status: 'ALIVE',
      activate_time: '20240101000000',
      expire_time: '20250101000000',
    },
  },
  licenseQueryV2Request: { license_list: ['LIC-TEST-0001'] },
  licenseQueryV2Response: { error_code: '92020000', error_msg: 'success', data: [] },
  licenseCodeInfo: {
    status: 'ALIVE',
    expire_time: '20230726121646',
    product_id: '12345',
    order_id: 'CS123',
    amount: 2,
  },
  licenseInfo: { license_code: 'LIC-TEST-0001', status: 'EXPIRED', activate_time: null, expire_time: null },
  apigErrorBody: {
    error_code: 'APIGW.0301',
    error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
    request_id: 'req-01',
  },
};
