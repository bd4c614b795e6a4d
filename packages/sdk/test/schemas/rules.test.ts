import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../../src/errors';
import { SCHEMA_NAMES, validateSchema, type SchemaName } from '../../src/schemas';
import { readSchemaFile, sample, withValue } from './helpers';

/** The issues of an invalid body (fails the test when the body is valid). */
function issuesOf(name: SchemaName, body: unknown): ValidationIssue[] {
  const result = validateSchema(name, body);
  if (result.ok) throw new Error(`${name}: expected the body to be rejected`);
  return result.issues;
}

function expectValid(name: SchemaName, body: unknown): void {
  const result = validateSchema(name, body);
  expect(result.ok ? [] : result.issues).toEqual([]);
}

function expectIssue(name: SchemaName, body: unknown, expected: Partial<ValidationIssue>): void {
  expect(issuesOf(name, body)).toContainEqual(expect.objectContaining(expected));
}

describe('required fields', () => {
  const cases = SCHEMA_NAMES.flatMap((name) => {
    const required = (readSchemaFile(name).required as string[] | undefined) ?? [];
    return required.map((field) => [name, field] as const);
  });

  it('the schemas declare required fields where the tables have mandatory ones', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s without %s is rejected at /%s', (name, field) => {
    const issues = issuesOf(name, withValue(name, `/${field}`, undefined));
    expect(issues).toEqual([{ path: `/${field}`, message: 'is required', keyword: 'required' }]);
  });

  it.each([
    ['queryInstanceResponse', '/info/0/instanceId'],
    ['queryInstanceResponse', '/info/0/appInfo/frontEndUrl'],
    ['queryInstanceResponse', '/info/0/usageInfo/0/usageValue'],
    ['queryInstanceResponse', '/info/0/usageInfo/0/statisticalTime'],
    ['v1QueryInstanceResponse', '/info/0/appInfo/frontEndUrl'],
    ['v1NewInstanceResponse', '/appInfo/frontEndUrl'],
    ['authSyncRequest', '/userList/0/userName'],
    ['authSyncRequest', '/userList/0/role'],
    ['authSyncRequest', '/userList/0/enable'],
    ['allOrgSyncRequest', '/orgInfoList/1/orgCode'],
    ['changeInstanceCheckRequest', '/productInfo/productId'],
    ['orderQueryResponse', '/orderInfo/orderLine/0/chargingMode'],
    ['orderQueryResponse', '/orderInfo/orderLine/0/productInfo/0/skuCode'],
    ['usagePushRequest', '/usage_records/1/metering_sn'],
    ['licenseQueryV1Request', '/heartbeatInfo/thirdPartyAccount'],
    ['licenseActivateV1Response', '/data/license_code_info'],
  ] as const)('%s: a missing nested %s is reported at its own path', (name, pointer) => {
    expect(issuesOf(name, withValue(name, pointer, undefined))).toEqual([
      { path: pointer, message: 'is required', keyword: 'required' },
    ]);
  });

  it('optional fields may be left out', () => {
    expectValid('newInstanceRequest', withValue('newInstanceRequest', '/testFlag', undefined));
    expectValid('releaseInstanceRequest', { activity: 'releaseInstance', instanceId: 'i-1' });
    expectValid('queryInstanceResponse', { resultCode: '000000' });
    expectValid('v1NewInstanceRequest', {
      activity: 'newInstance',
      customerId: 'c',
      businessId: 'b',
      orderId: 'o',
      productId: 'p',
    });
  });
});

describe('maximum lengths (UTF-16 code units, as Java String.length)', () => {
  const limits: Array<readonly [SchemaName, string, number]> = [
    ['newInstanceRequest', '/orderId', 64],
    ['newInstanceRequest', '/orderLineId', 64],
    ['newInstanceRequest', '/businessId', 64],
    ['newInstanceRequest', '/testFlag', 2],
    ['newInstanceResponse', '/instanceId', 64],
    ['newInstanceResponse', '/resultMsg', 255],
    ['queryInstanceResponse', '/info/0/instanceId', 64],
    ['queryInstanceResponse', '/info/0/appInfo/frontEndUrl', 512],
    ['queryInstanceResponse', '/info/0/appInfo/adminUrl', 512],
    ['queryInstanceResponse', '/info/0/appInfo/userName', 128],
    ['queryInstanceResponse', '/info/0/appInfo/password', 128],
    ['queryInstanceResponse', '/info/0/appInfo/memo', 1024],
    ['queryInstanceResponse', '/info/0/usageInfo/0/relatedInstanceId', 64],
    ['queryInstanceResponse', '/info/0/usageInfo/0/dashboardUrl', 512],
    ['refreshInstanceRequest', '/instanceId', 64],
    ['refreshInstanceRequest', '/productId', 64],
    ['updateInstanceStatusRequest', '/instanceId', 64],
    ['changeInstanceCheckRequest', '/productInfo/skuCode', 64],
    ['tenantSyncRequest', '/instanceId', 64],
    ['tenantSyncRequest', '/tenantId', 64],
    ['tenantSyncRequest', '/tenantCode', 64],
    ['tenantSyncRequest', '/name', 255],
    ['tenantSyncRequest', '/domainName', 255],
    ['applicationSyncRequest', '/appId', 64],
    ['applicationSyncRequest', '/clientId', 64],
    ['authSyncRequest', '/userList/0/userName', 64],
    ['authSyncRequest', '/userList/0/name', 64],
    ['authSyncRequest', '/userList/0/orgCode', 64],
    ['authSyncRequest', '/userList/0/position', 64],
    ['authSyncRequest', '/userList/0/employeeCode', 64],
    ['authSyncRequest', '/userList/0/mobile', 32],
    ['authSyncRequest', '/userList/0/email', 128],
    ['singleOrgSyncRequest', '/orgCode', 64],
    ['singleOrgSyncRequest', '/orgName', 128],
    ['singleOrgSyncRequest', '/parentCode', 64],
    ['allOrgSyncRequest', '/orgInfoList/0/orgName', 128],
    ['refreshLicenseCodeRequest', '/license', 64],
    ['v1NewInstanceRequest', '/customerId', 100],
    ['v1NewInstanceRequest', '/customerName', 64],
    ['v1NewInstanceRequest', '/userId', 64],
    ['v1NewInstanceRequest', '/authToken', 50],
    ['v1NewInstanceResponse', '/appInfo/memo', 1024],
    ['orderQueryRequest', '/orderId', 64],
    ['orderQueryResponse', '/resultCode', 16],
    ['orderQueryResponse', '/resultMsg', 1024],
    ['orderQueryResponse', '/orderInfo/orderLine/0/currency', 64],
    ['orderQueryResponse', '/orderInfo/orderLine/0/currencyAfterDiscount', 25],
    ['usagePushRequest', '/usage_records/0/instance_id', 64],
    ['usagePushRequest', '/usage_records/0/metering_sn', 64],
    ['usagePushRequest', '/usage_records/0/relate_pkg_instance', 64],
    ['licenseActivateV1Request', '/license', 64],
    ['licenseActivateV1Response', '/error_msg', 1024],
    ['licenseActivateV1Response', '/data/license_code_info', 1024],
    ['licenseQueryV1Request', '/heartbeatInfo/thirdPartyAccount', 256],
    ['licenseQueryV1Request', '/heartbeatInfo/ip', 32],
  ];

  it.each(limits)('%s %s: exactly %i passes, one more fails', (name, pointer, max) => {
    expectValid(name, withValue(name, pointer, 'a'.repeat(max)));
    expect(issuesOf(name, withValue(name, pointer, 'a'.repeat(max + 1)))).toEqual([
      { path: pointer, message: `must be at most ${max} characters`, keyword: 'maxLength' },
    ]);
  });

  it('counts a CJK character as one unit (64 pass, 65 fail)', () => {
    expectValid('newInstanceResponse', withValue('newInstanceResponse', '/instanceId', '实'.repeat(64)));
    expect(
      issuesOf('newInstanceResponse', withValue('newInstanceResponse', '/instanceId', '实'.repeat(65))),
    ).toEqual([{ path: '/instanceId', message: 'must be at most 64 characters', keyword: 'maxLength' }]);
  });

  it('counts a character outside the BMP as two units, like Java (32 emoji pass, 33 fail)', () => {
    expectValid('newInstanceResponse', withValue('newInstanceResponse', '/instanceId', '😀'.repeat(32)));
    expectIssue('newInstanceResponse', withValue('newInstanceResponse', '/instanceId', '😀'.repeat(33)), {
      path: '/instanceId',
      keyword: 'maxLength',
    });
  });

  it('counts a \\uXXXX-escaped memo by its escaped characters', () => {
    const memo = '\\u4e2d'.repeat(170); // 1020 characters on the wire once escaped
    expectValid('queryInstanceResponse', withValue('queryInstanceResponse', '/info/0/appInfo/memo', memo));
    expectIssue(
      'queryInstanceResponse',
      withValue('queryInstanceResponse', '/info/0/appInfo/memo', memo + '\\u4e2d'),
      {
        path: '/info/0/appInfo/memo',
        message: 'must be at most 1024 characters',
      },
    );
  });

  it('rejects empty mandatory identifiers', () => {
    expect(issuesOf('upgradeInstanceRequest', withValue('upgradeInstanceRequest', '/orderId', ''))).toEqual([
      { path: '/orderId', message: 'must not be empty', keyword: 'minLength' },
    ]);
  });

  it('accepts empty or null instance/order ids in kit calls (seller-triggered sync)', () => {
    expectValid('tenantSyncRequest', { ...sample('tenantSyncRequest'), instanceId: '', orderId: '' });
    expectValid('allOrgSyncRequest', { ...sample('allOrgSyncRequest'), instanceId: null, orderId: null });
  });
});

describe('enumerations', () => {
  it.each([
    ['updateInstanceStatusRequest', '/status', 'FROZEN', 'must be one of FREEZE, UNFREEZE'],
    [
      'refreshInstanceRequest',
      '/scene',
      'RENEW',
      'must be one of TRIAL_TO_FORMAL, RENEWAL, UNSUBSCRIBE_RENEWAL_PERIOD, RENEWAL_CHANGE',
    ],
    [
      'refreshLicenseCodeRequest',
      '/scene',
      'TRIAL_TO_FORMAL',
      'must be one of RENEWAL, UNSUBSCRIBE_RENEWAL_PERIOD',
    ],
    ['updateLicenseCodeStatusRequest', '/status', 'freeze', 'must be one of FREEZE, UNFREEZE'],
    ['tenantSyncRequest', '/flag', 3, 'must be one of 0, 1, 2'],
    ['tenantSyncRequest', '/testFlag', 2, 'must be one of 0, 1'],
    ['authSyncRequest', '/flag', 4, 'must be one of 0, 1, 2, 3'],
    ['authSyncRequest', '/userList/0/role', 'owner', 'must be one of user, admin'],
    ['authSyncRequest', '/userList/0/enable', 'yes', 'must be one of true, false'],
    ['authSyncRequest', '/userList/0/employeeType', 5, 'must be one of 1, 2, 3, 4'],
    ['v1InstanceStatusRequest', '/instanceStatus', 'UNFREEZE', 'must be one of FREEZE, NORMAL'],
    ['v1NewInstanceRequest', '/chargingMode', '2', 'must be one of 0, 1, 3, 5'],
    ['v1NewInstanceRequest', '/periodType', 'week', 'must be one of year, month'],
    ['v1NewInstanceRequest', '/testFlag', '2', 'must be one of 0, 1'],
    ['v1NewInstanceResponse', '/encryptType', '3', 'must be one of 1, 2'],
    [
      'orderQueryResponse',
      '/orderInfo/orderType',
      'REFUND',
      'must be one of NEW, TRIAL, TRIAL_TO_FORMAL, UNSUBSCRIBE, RENEW, CHANGE',
    ],
    [
      'orderQueryResponse',
      '/orderInfo/orderLine/0/chargingMode',
      'MONTHLY',
      'must be one of ON_DEMAND, ONE_TIME, PERIOD, ON_DEMAND_PKG',
    ],
    ['licenseInfo', '/status', 'ACTIVE', 'must be one of ALIVE, EXPIRED, RELEASED'],
  ] as const)('%s %s = %j: "%s"', (name, pointer, value, message) => {
    expect(issuesOf(name, withValue(name, pointer, value))).toEqual([
      { path: pointer, message, keyword: 'enum' },
    ]);
  });

  it('accepts every documented value of the enumerations', () => {
    for (const scene of ['TRIAL_TO_FORMAL', 'RENEWAL', 'UNSUBSCRIBE_RENEWAL_PERIOD', 'RENEWAL_CHANGE']) {
      expectValid('refreshInstanceRequest', withValue('refreshInstanceRequest', '/scene', scene));
    }
    for (const flag of [0, 1, 2, 3])
      expectValid('authSyncRequest', withValue('authSyncRequest', '/flag', flag));
    for (const mode of ['ON_DEMAND', 'ONE_TIME', 'PERIOD', 'ON_DEMAND_PKG']) {
      expectValid(
        'orderQueryResponse',
        withValue('orderQueryResponse', '/orderInfo/orderLine/0/chargingMode', mode),
      );
    }
  });

  it('pins the activity of each request to its interface', () => {
    expect(
      issuesOf('upgradeInstanceRequest', withValue('upgradeInstanceRequest', '/activity', 'upgrade')),
    ).toEqual([{ path: '/activity', message: 'must be upgradeInstance', keyword: 'const' }]);
    expectIssue('v1UpgradeRequest', withValue('v1UpgradeRequest', '/activity', 'upgradeInstance'), {
      path: '/activity',
      message: 'must be upgrade',
    });
  });
});

describe('types', () => {
  it('V2 testFlag is a string: a number is rejected', () => {
    expect(issuesOf('newInstanceRequest', withValue('newInstanceRequest', '/testFlag', 1))).toEqual([
      { path: '/testFlag', message: 'must be a string', keyword: 'type' },
    ]);
  });

  it('kit testFlag and flag are integers: strings are rejected', () => {
    expectIssue('tenantSyncRequest', withValue('tenantSyncRequest', '/testFlag', '1'), {
      path: '/testFlag',
      message: 'must be an integer',
      keyword: 'type',
    });
    expectIssue('tenantSyncRequest', withValue('tenantSyncRequest', '/flag', 1.5), {
      path: '/flag',
      message: 'must be an integer',
    });
  });

  it('V1 parameters are strings: numbers are rejected, digit-only fields check their digits', () => {
    expectIssue('v1UpgradeRequest', withValue('v1UpgradeRequest', '/amount', 6456), {
      path: '/amount',
      message: 'must be a string',
    });
    expect(issuesOf('v1UpgradeRequest', withValue('v1UpgradeRequest', '/amount', '64a'))).toEqual([
      { path: '/amount', message: 'must be a whole number written with digits only', keyword: 'pattern' },
    ]);
    expectIssue('v1NewInstanceRequest', withValue('v1NewInstanceRequest', '/orderAmount', '12.7801'), {
      path: '/orderAmount',
      keyword: 'pattern',
    });
  });

  it('a body that is not an object is rejected at the root', () => {
    for (const body of [null, [], 'newInstance', 42]) {
      expect(issuesOf('newInstanceRequest', body)).toEqual([
        { path: '', message: 'must be an object', keyword: 'type' },
      ]);
    }
  });

  it('lists are lists', () => {
    expectIssue(
      'usagePushRequest',
      { usage_records: { instance_id: 'x' } },
      {
        path: '/usage_records',
        message: 'must be an array',
      },
    );
  });

  it('Open-API answers accept null where the platform renders absent values as null, not elsewhere', () => {
    expectValid('orderQueryResponse', sample('orderQueryResponse'));
    expectIssue('orderQueryResponse', withValue('orderQueryResponse', '/orderInfo/orderId', null), {
      path: '/orderInfo/orderId',
      message: 'must be a string',
    });
    expectIssue('newInstanceResponse', withValue('newInstanceResponse', '/resultMsg', null), {
      path: '/resultMsg',
      message: 'must be a string',
    });
    expectIssue(
      'orderQueryResponse',
      withValue('orderQueryResponse', '/orderInfo/buyerInfo/customerType', 'x'),
      {
        path: '/orderInfo/buyerInfo/customerType',
        message: 'must be an integer or null',
      },
    );
  });
});

describe('formats', () => {
  it('refreshInstance expireTime: 14 or 17 digits', () => {
    for (const ok of ['20221124023618', '20221124023618256']) {
      expectValid('refreshInstanceRequest', withValue('refreshInstanceRequest', '/expireTime', ok));
    }
    for (const bad of ['202211240236182', '20221324023618', '2022-11-24 02:36:18', '']) {
      expect(
        issuesOf('refreshInstanceRequest', withValue('refreshInstanceRequest', '/expireTime', bad)),
      ).toEqual([
        {
          path: '/expireTime',
          message: 'must be a time in the form yyyyMMddHHmmss (14 digits) or yyyyMMddHHmmssSSS (17 digits)',
          keyword: 'pattern',
        },
      ]);
    }
  });

  it('kit timeStamp and statisticalTime: 17 digits', () => {
    expectIssue('tenantSyncRequest', withValue('tenantSyncRequest', '/timeStamp', '20220413093539'), {
      path: '/timeStamp',
      message: 'must be a time in the form yyyyMMddHHmmssSSS (17 digits)',
    });
  });

  it("usage push times: yyyyMMdd'T'HHmmss'Z'", () => {
    for (const bad of ['2024-03-06T01:00:00Z', '20240306T010000', '20240306t010000z', '20240306T250000Z']) {
      expectIssue('usagePushRequest', withValue('usagePushRequest', '/usage_records/0/begin_time', bad), {
        path: '/usage_records/0/begin_time',
        message: "must be a UTC time in the form yyyyMMdd'T'HHmmss'Z', e.g. 20240306T010000Z",
      });
    }
  });

  it('usage_value: greater than 0, at most 4 decimals, as a string or a number', () => {
    const at = '/usage_records/0/usage_value';
    for (const ok of [
      '12.5',
      '0.0001',
      '1000',
      '123456789012345.1234',
      12.5,
      0.1234,
      1,
      99999.9999,
      99999999.9999,
    ]) {
      expectValid('usagePushRequest', withValue('usagePushRequest', at, ok));
    }
    const rejected: Array<[unknown, string]> = [
      ['0', 'must be a decimal number greater than 0 with at most 4 decimal places, e.g. 12.5'],
      ['0.0000', 'must be a decimal number greater than 0 with at most 4 decimal places, e.g. 12.5'],
      ['12.12345', 'must be a decimal number greater than 0 with at most 4 decimal places, e.g. 12.5'],
      ['-1', 'must be a decimal number greater than 0 with at most 4 decimal places, e.g. 12.5'],
      ['1.', 'must be a decimal number greater than 0 with at most 4 decimal places, e.g. 12.5'],
      [0, 'must be greater than 0'],
      [-2, 'must be greater than 0'],
      [12.12345, 'must have at most 4 decimal places'],
      [99999999.99995, 'must have at most 4 decimal places'],
      [100000000, 'must be at most 99999999.9999'],
      [0.00001, 'must have at most 4 decimal places'],
      [true, 'must be a string or a number'],
    ];
    for (const [value, message] of rejected) {
      expectIssue('usagePushRequest', withValue('usagePushRequest', at, value), { path: at, message });
    }
  });

  it('UsageInfo.usageValue: Double(12,4), zero allowed', () => {
    const at = '/info/0/usageInfo/0/usageValue';
    for (const ok of [0, '0', 99999999.9999, '99999999.9999', 0.5]) {
      expectValid('queryInstanceResponse', withValue('queryInstanceResponse', at, ok));
    }
    expectIssue('queryInstanceResponse', withValue('queryInstanceResponse', at, 100000000), {
      path: at,
      message: 'must be at most 99999999.9999',
    });
    expectIssue('queryInstanceResponse', withValue('queryInstanceResponse', at, -0.5), {
      path: at,
      message: 'must be at least 0',
    });
  });

  it('queryInstance instanceId: 1 to 100 comma-separated ids of at most 64 characters', () => {
    const ids = (n: number, len = 36) =>
      Array.from({ length: n }, (_, i) => String(i).padStart(len, 'x')).join(',');
    expectValid('queryInstanceRequest', withValue('queryInstanceRequest', '/instanceId', ids(100, 64)));
    const message = 'must be 1 to 100 instance ids of 1 to 64 characters each, separated by commas';
    for (const bad of [ids(101), ids(1, 65), '', 'a,,b', 'a,', ',a']) {
      expectIssue('queryInstanceRequest', withValue('queryInstanceRequest', '/instanceId', bad), {
        path: '/instanceId',
        message,
      });
      expectIssue('v1QueryInstanceRequest', withValue('v1QueryInstanceRequest', '/instanceId', bad), {
        path: '/instanceId',
        message,
      });
    }
  });

  it('bounded lists: 500 users, 1000 usage records, 100 licence codes', () => {
    const user = (sample('authSyncRequest').userList as unknown[])[0];
    expectValid('authSyncRequest', withValue('authSyncRequest', '/userList', Array(500).fill(user)));
    expect(
      issuesOf('authSyncRequest', withValue('authSyncRequest', '/userList', Array(501).fill(user))),
    ).toEqual([{ path: '/userList', message: 'must contain at most 500 items', keyword: 'maxItems' }]);
    const record = (sample('usagePushRequest').usage_records as unknown[])[0];
    expectValid('usagePushRequest', { usage_records: Array(1000).fill(record) });
    expectIssue(
      'usagePushRequest',
      { usage_records: Array(1001).fill(record) },
      {
        path: '/usage_records',
        message: 'must contain at most 1000 items',
      },
    );
    expectIssue(
      'usagePushRequest',
      { usage_records: [] },
      {
        path: '/usage_records',
        message: 'must contain at least 1 item',
      },
    );
    expectValid('licenseActivateV2Request', { license_list: Array(100).fill('LIC') });
    expectIssue(
      'licenseActivateV2Request',
      { license_list: Array(101).fill('LIC') },
      {
        path: '/license_list',
        message: 'must contain at most 100 items',
      },
    );
  });

  it('V1 credentials must be encrypted (16-character IV + base64)', () => {
    const at = '/appInfo/userName';
    expectIssue('v1NewInstanceResponse', withValue('v1NewInstanceResponse', at, 'hwadmin'), {
      path: at,
      message:
        'must be an encrypted credential: a 16-character IV of letters and digits followed by base64 ciphertext (see encryptCredential)',
    });
    expectIssue(
      'v1NewInstanceResponse',
      withValue('v1NewInstanceResponse', at, '0123456789abcde!ySOt5npWtUBZ7ZTC6nHCa1goLF1Z28eXgIYay0iASOo='),
      {
        path: at,
        keyword: 'pattern',
      },
    );
  });

  it('V2 credentials are plain text unless appInfo.encryptType is set', () => {
    const base = '/info/0/appInfo';
    expectValid('queryInstanceResponse', sample('queryInstanceResponse'));
    const encrypted = withValue('queryInstanceResponse', `${base}/encryptType`, '2');
    expect(issuesOf('queryInstanceResponse', encrypted).map((i) => i.path)).toEqual([
      `${base}/userName`,
      `${base}/password`,
    ]);
    const appInfo = ((encrypted.info as Array<Record<string, unknown>>)[0] as Record<string, unknown>)
      .appInfo as Record<string, unknown>;
    appInfo.userName = '0123456789abcdefySOt5npWtUBZ7ZTC6nHCa1goLF1Z28eXgIYay0iASOo=';
    appInfo.password = '0123456789abcdef8hU/rBhW3mWV+Zdo6q/8hg==';
    expectValid('queryInstanceResponse', encrypted);
  });

  it('six-digit result codes', () => {
    for (const bad of ['0', 'OK', '00000a']) {
      expect(issuesOf('newInstanceResponse', withValue('newInstanceResponse', '/resultCode', bad))).toEqual([
        {
          path: '/resultCode',
          message: 'must be a six-digit result code such as 000000',
          keyword: 'pattern',
        },
      ]);
    }
    expect(
      issuesOf('newInstanceResponse', withValue('newInstanceResponse', '/resultCode', '0000000')),
    ).toEqual([
      { path: '/resultCode', message: 'must be at most 6 characters', keyword: 'maxLength' },
      { path: '/resultCode', message: 'must be a six-digit result code such as 000000', keyword: 'pattern' },
    ]);
  });
});

describe('tolerance', () => {
  it('tolerates unknown extra fields in requests (the platform may add fields)', () => {
    expectValid('newInstanceRequest', {
      ...sample('newInstanceRequest'),
      buyerInfo: { customerId: 'c-1' },
      orderInfo: [{ orderId: 'x', orderAmount: 12.78 }],
    });
    expectValid('tenantSyncRequest', { ...sample('tenantSyncRequest'), newField: 1 });
    expectValid('v1NewInstanceRequest', { ...sample('v1NewInstanceRequest'), futureParam: 'x' });
  });

  it('tolerates unknown extra fields in answers', () => {
    expectValid('newInstanceResponse', { ...sample('newInstanceResponse'), traceId: 't-1' });
    expectValid('orderQueryResponse', { ...sample('orderQueryResponse'), requestId: 'r' });
  });

  it('accepts the non-canonical §12.3(a2) body with an undeclared null field', () => {
    expectValid('updateInstanceStatusRequest', {
      testFlag: '1',
      instanceId: '10e758d0-31ad-4c4b-8f1b-81d03469a10e',
      status: 'FREEZE',
      activity: 'updateInstanceStatus',
      orderId: null,
    });
  });
});
