import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import {
  CHARGING_MODES,
  findOpenApiCode,
  findResultCode,
  INTERFACE_MATRIX,
  interfacesForChargingMode,
  OPEN_API_CODES,
  RESULT_CODES,
  validateSchema,
  type ChargingMode,
} from '../../src/schemas';

describe('RESULT_CODES', () => {
  const all = Object.values(RESULT_CODES);

  it('holds the 18 documented codes, unique, each a valid resultCode', () => {
    expect(all).toHaveLength(18);
    expect(new Set(all.map((c) => c.code)).size).toBe(18);
    for (const c of all) {
      const r = validateSchema('newInstanceResponse', {
        resultCode: c.code,
        resultMsg: c.message,
        instanceId: 'i',
      });
      expect(r.ok, c.code).toBe(true);
    }
  });

  it("uses the Java sample's standard messages", () => {
    expect(RESULT_CODES.SUCCESS).toMatchObject({ code: '000000', message: 'success.' });
    expect(RESULT_CODES.AUTH_FAILED).toMatchObject({ code: '000001', message: 'token is invalid' });
    expect(RESULT_CODES.INVALID_PARAMS).toMatchObject({ code: '000002', message: 'param is invalid' });
    expect(RESULT_CODES.INSTANCE_NOT_FOUND).toMatchObject({ code: '000003', message: 'instance is invalid' });
    expect(RESULT_CODES.PROCESSING).toMatchObject({ code: '000004', message: 'request is processing' });
    expect(RESULT_CODES.INTERNAL_ERROR).toMatchObject({ code: '000005', message: 'other inner error' });
    expect(RESULT_CODES.NO_RESOURCE).toMatchObject({ code: '000100', message: 'no available resource' });
  });

  it('scopes the business codes', () => {
    expect(all.filter((c) => c.scope === 'newInstance').map((c) => c.code)).toEqual([
      '000100',
      '000101',
      '000102',
      '000103',
      '000104',
      '000105',
      '000106',
      '000107',
    ]);
    expect(all.filter((c) => c.scope === 'onlineLicense').map((c) => c.code)).toEqual([
      '000900',
      '000901',
      '000902',
      '000903',
    ]);
  });

  it('findResultCode', () => {
    expect(findResultCode('000003')?.meaning).toMatch(/does not exist/);
    expect(findResultCode('000999')).toBeUndefined();
    expect(Object.isFrozen(RESULT_CODES) && Object.isFrozen(RESULT_CODES.SUCCESS)).toBe(true);
  });
});

describe('OPEN_API_CODES', () => {
  it('carries the HTTP status of every §6.2 code', () => {
    const statuses = Object.fromEntries(Object.values(OPEN_API_CODES).map((c) => [c.code, c.httpStatus]));
    expect(statuses).toMatchObject({
      'MKT.0000': 200,
      'MKT.0999': 500,
      'MKT.0100': 500,
      'MKT.0101': 400,
      'MKT.0102': 400,
      'MKT.0199': 400,
      'MKT.0150': 401,
      'MKT.0151': 401,
      'MKT.0154': 401,
      'MKT.0250': 406,
      'MKT.9001': 500,
      'MKT.9002': 500,
      'MKT.9003': 500,
      'MKT.9004': 500,
      '92020000': 200,
      '92020001': 403,
      '92020002': 400,
      '92020004': 200,
      '92020005': 200,
    });
    expect(OPEN_API_CODES['92020001'].alternativeHttpStatus).toBe(500);
  });

  it('keys every entry by its own code and marks only the success codes', () => {
    for (const [key, c] of Object.entries(OPEN_API_CODES)) expect(c.code).toBe(key);
    expect(
      Object.values(OPEN_API_CODES)
        .filter((c) => c.success)
        .map((c) => c.code)
        .sort(),
    ).toEqual(['92020000', 'MKT.0000']);
  });

  it('findOpenApiCode', () => {
    expect(findOpenApiCode('MKT.0250')?.httpStatus).toBe(406);
    expect(findOpenApiCode('MKT.1234')).toBeUndefined();
    expect(findOpenApiCode('hasOwnProperty')).toBeUndefined();
  });
});

describe('interface matrix (§1)', () => {
  it('period products implement everything but the two optional interfaces', () => {
    expect(interfacesForChargingMode('PERIOD')).toEqual({
      required: [
        'newInstance',
        'queryInstance',
        'refreshInstance',
        'updateInstanceStatus',
        'releaseInstance',
      ],
      optional: ['upgradeInstance', 'changeInstanceCheck'],
    });
  });

  it.each(['ONE_TIME', 'ON_DEMAND', 'ON_DEMAND_PKG'] as const)(
    '%s implements create, query, release',
    (mode) => {
      expect(interfacesForChargingMode(mode)).toEqual({
        required: ['newInstance', 'queryInstance', 'releaseInstance'],
        optional: [],
      });
      expect(INTERFACE_MATRIX.refreshInstance.implement[mode]).toBe('notApplicable');
    },
  );

  it('queryInstance debugging is mandatory only for on-demand and package products', () => {
    expect(INTERFACE_MATRIX.queryInstance.debug).toEqual({
      PERIOD: 'optional',
      ONE_TIME: 'optional',
      ON_DEMAND: 'required',
      ON_DEMAND_PKG: 'required',
    });
  });

  it('joint-operations products add the five kit interfaces', () => {
    expect(interfacesForChargingMode('ONE_TIME', { jointOperations: true }).required).toEqual([
      'newInstance',
      'queryInstance',
      'releaseInstance',
      'tenantSync',
      'applicationSync',
      'authSync',
      'singleOrgSync',
      'allOrgSync',
    ]);
  });

  it('every charging mode of the order-query schema has a column', () => {
    expect([...CHARGING_MODES].sort()).toEqual(['ONE_TIME', 'ON_DEMAND', 'ON_DEMAND_PKG', 'PERIOD']);
    for (const row of Object.values(INTERFACE_MATRIX)) {
      expect(Object.keys(row.implement).sort()).toEqual([...CHARGING_MODES].sort());
    }
  });

  it('rejects an unknown charging mode with a ConfigError', () => {
    expect(() => interfacesForChargingMode('MONTHLY' as ChargingMode)).toThrow(ConfigError);
    try {
      interfacesForChargingMode('MONTHLY' as ChargingMode);
    } catch (error) {
      expect((error as ConfigError).code).toBe('INVALID_ARGUMENT');
      expect((error as Error).message).toContain('PERIOD, ONE_TIME, ON_DEMAND, ON_DEMAND_PKG');
    }
  });
});
