import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ErrorCodes, ValidationError } from '../../src/errors';
import {
  assertSchema,
  describeIssues,
  fieldLabel,
  getValidator,
  SCHEMA_NAMES,
  validateSchema,
  type SchemaName,
} from '../../src/schemas';
import * as generated from '../../src/generated/validators';
import { sample, withValue } from './helpers';

describe('validateSchema / assertSchema', () => {
  it('returns the same object, typed, on success', () => {
    const body = sample('newInstanceRequest');
    const result = validateSchema('newInstanceRequest', body);
    expect(result).toEqual({ ok: true, value: body });
    if (result.ok) expect(result.value).toBe(body);
    expect(assertSchema('newInstanceRequest', body)).toBe(body);
  });

  it('reports every problem at once (allErrors)', () => {
    const result = validateSchema('refreshInstanceRequest', {
      activity: 'refreshInstance',
      scene: 'RENEW',
      orderId: 'x'.repeat(65),
      instanceId: 'i-1',
      expireTime: '2022',
      testFlag: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.path} ${i.keyword}`).sort()).toEqual(
      [
        '/expireTime pattern',
        '/orderId maxLength',
        '/orderLineId required',
        '/scene enum',
        '/testFlag type',
      ].sort(),
    );
  });

  it('does not modify the data (no defaults, no coercion)', () => {
    const body = { ...sample('tenantSyncRequest'), flag: '1' };
    const before = structuredClone(body);
    validateSchema('tenantSyncRequest', body);
    expect(body).toEqual(before);
  });

  it('assertSchema throws a ValidationError listing the issues, naming fields but never values', () => {
    const secret = 'S3cret-Passw0rd-'.repeat(10); // 160 characters: too long for password (S128)
    const body = withValue('queryInstanceResponse', '/info/0/appInfo/password', secret);
    let caught: unknown;
    try {
      assertSchema('queryInstanceResponse', body, 'the queryInstance answer');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.code).toBe(ErrorCodes.SCHEMA_VIOLATION);
    expect(error.issues).toEqual([
      { path: '/info/0/appInfo/password', message: 'must be at most 128 characters', keyword: 'maxLength' },
    ]);
    expect(error.message).toBe(
      'the queryInstance answer does not match the queryInstanceResponse schema: ' +
        'info[0].appInfo.password: must be at most 128 characters. Fix the listed fields and try again.',
    );
    expect(error.message).not.toContain('S3cret');
  });

  it('no issue message quotes the rejected value', () => {
    const marker = 'Zq9-marker';
    for (const name of SCHEMA_NAMES) {
      const body = sample(name);
      for (const key of Object.keys(body)) {
        const result = validateSchema(name, { ...body, [key]: `${marker}${'x'.repeat(3000)}` });
        if (!result.ok) expect(describeIssues(result.issues)).not.toContain(marker);
      }
    }
  });

  it('an unknown schema name is a ConfigError, not a validation result', () => {
    for (const name of ['nope', 'toString', '', '__proto__']) {
      expect(() => validateSchema(name as SchemaName, {})).toThrow(ConfigError);
    }
    try {
      assertSchema('nope' as SchemaName, {});
    } catch (error) {
      expect((error as ConfigError).code).toBe(ErrorCodes.INVALID_ARGUMENT);
      expect((error as Error).message).toContain('SCHEMA_NAMES');
    }
  });
});

describe('describeIssues', () => {
  it('renders "field: rule" pairs with readable paths', () => {
    expect(
      describeIssues([
        { path: '/instanceId', message: 'must be at most 64 characters', keyword: 'maxLength' },
        { path: '/info/0/appInfo/frontEndUrl', message: 'is required', keyword: 'required' },
        { path: '', message: 'must be an object', keyword: 'type' },
      ]),
    ).toBe(
      'instanceId: must be at most 64 characters; info[0].appInfo.frontEndUrl: is required; (root): must be an object',
    );
  });

  it('caps long lists', () => {
    const issues = Array.from({ length: 14 }, (_, i) => ({
      path: `/f${i}`,
      message: 'is required',
      keyword: 'required',
    }));
    const text = describeIssues(issues, { max: 3 });
    expect(text).toBe('f0: is required; f1: is required; f2: is required; … and 11 more');
    expect(describeIssues(issues).endsWith('… and 4 more')).toBe(true);
    expect(describeIssues([])).toBe('no issues');
  });

  it('unescapes JSON-pointer segments and quotes unusual keys', () => {
    expect(fieldLabel('/a~1b/0/c~0d')).toBe('["a/b"][0]["c~d"]');
    expect(fieldLabel('/usage_records/12/usage_value')).toBe('usage_records[12].usage_value');
  });
});

describe('prebuilt validators', () => {
  const source = readFileSync(new URL('../../src/generated/validators.js', import.meta.url), 'utf8');

  it('the generated module needs nothing at run time: no import, no require, no ajv, no code generation', () => {
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\s*\(/);
    expect(source).not.toMatch(/from\s+['"]ajv/);
    expect(source).not.toMatch(/new Function|\bnew Ajv|\beval\(/);
    expect(source).toMatch(/^export const validators = Object\.freeze\(/m);
  });

  it('exports one compiled function per schema, and getValidator hands out that same function every time', () => {
    expect(Object.keys(generated.validators).sort()).toEqual([...SCHEMA_NAMES].sort());
    for (const name of SCHEMA_NAMES) {
      const fn = getValidator(name);
      expect(typeof fn).toBe('function');
      expect(fn).toBe(generated.validators[name]);
      expect(getValidator(name)).toBe(fn);
    }
    expect(Object.isFrozen(generated.validators)).toBe(true);
  });

  it('validating twice uses the same validator and gives the same answer', () => {
    const first = validateSchema('newInstanceRequest', {});
    const second = validateSchema('newInstanceRequest', {});
    expect(second).toEqual(first);
  });
});

describe('package root', () => {
  it('re-exports the schemas API', async () => {
    const root = await import('@koogallery-kit/sdk');
    expect(root.validateSchema).toBe(validateSchema);
    expect(root.assertSchema).toBe(assertSchema);
    expect(root.INTERFACES.newInstance.request).toBe('newInstanceRequest');
    expect(root.RESULT_CODES.SUCCESS.code).toBe('000000');
  });
});
