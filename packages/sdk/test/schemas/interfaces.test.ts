import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findInterfaceByActivity,
  findInterfaceByKitPath,
  INTERFACE_NAMES,
  INTERFACES,
  isInterfaceName,
  isSchemaName,
  SCHEMA_FILES,
  type InterfaceInfo,
} from '../../src/schemas';
import { readSchemaFile, SCHEMAS_DIR } from './helpers';

const entries: InterfaceInfo[] = INTERFACE_NAMES.map((n) => INTERFACES[n]);

describe('INTERFACES', () => {
  it('lists the 23 interfaces of the contract, each under its own name', () => {
    expect([...INTERFACE_NAMES].sort()).toEqual(
      [
        'newInstance',
        'queryInstance',
        'refreshInstance',
        'updateInstanceStatus',
        'releaseInstance',
        'upgradeInstance',
        'changeInstanceCheck',
        'orderNotify',
        'tenantSync',
        'applicationSync',
        'authSync',
        'singleOrgSync',
        'allOrgSync',
        'refreshLicenseCode',
        'updateLicenseCodeStatus',
        'releaseLicenseCode',
        'v1NewInstance',
        'v1RefreshInstance',
        'v1ExpireInstance',
        'v1ReleaseInstance',
        'v1Upgrade',
        'v1QueryInstance',
        'v1InstanceStatus',
      ].sort(),
    );
    for (const name of INTERFACE_NAMES) expect(INTERFACES[name].name).toBe(name);
  });

  it.each(entries.map((e) => [e.name, e] as const))(
    '%s points at existing request and response schemas',
    (_n, e) => {
      for (const schema of [e.request, e.response]) {
        expect(isSchemaName(schema), schema).toBe(true);
        expect(existsSync(path.join(SCHEMAS_DIR, SCHEMA_FILES[schema])), SCHEMA_FILES[schema]).toBe(true);
      }
      expect(e.request).toMatch(/Request$/);
      expect(e.response).toMatch(/Response$/);
    },
  );

  it('the activity of every non-kit interface is the one its request schema pins', () => {
    for (const e of entries.filter((x) => x.family !== 'kit')) {
      const properties = readSchemaFile(e.request).properties as Record<string, { const?: unknown }>;
      expect(properties.activity?.const, e.name).toBe(e.activity);
      expect(readSchemaFile(e.request).required, e.name).toContain('activity');
    }
  });

  it('distinguishes the V2 upgradeInstance activity from the V1 upgrade activity', () => {
    expect(INTERFACES.upgradeInstance.activity).toBe('upgradeInstance');
    expect(INTERFACES.v1Upgrade.activity).toBe('upgrade');
    expect(INTERFACES.v1ExpireInstance.activity).toBe('expireInstance');
    expect(INTERFACES.v1InstanceStatus.activity).toBe('instanceStatus');
  });

  it('kit interfaces, and only they, have a /produceAPI/v2/<name> path and no activity in their body', () => {
    for (const e of entries) {
      if (e.family === 'kit') {
        expect(e.kitPath).toBe(`/produceAPI/v2/${e.name}`);
        expect(e.activity).toBe(e.name);
        expect((readSchemaFile(e.request).properties as Record<string, unknown>).activity).toBeUndefined();
      } else {
        expect(e.kitPath).toBeUndefined();
      }
    }
  });

  it('families: 8 basic, 5 kit, 3 licence, 7 V1', () => {
    const count = (f: string) => entries.filter((e) => e.family === f).length;
    expect([count('basic'), count('kit'), count('licence'), count('v1')]).toEqual([8, 5, 3, 7]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(INTERFACES)).toBe(true);
    expect(Object.isFrozen(INTERFACES.newInstance)).toBe(true);
    expect(() => {
      (INTERFACES.newInstance as { activity: string }).activity = 'x';
    }).toThrow(TypeError);
  });

  it('isInterfaceName', () => {
    expect(isInterfaceName('authSync')).toBe(true);
    expect(isInterfaceName('upgrade')).toBe(false);
    expect(isInterfaceName('toString')).toBe(false);
    expect(isInterfaceName(42)).toBe(false);
  });
});

describe('findInterfaceByActivity', () => {
  it('finds V2 basic and licence interfaces by their wire activity', () => {
    expect(findInterfaceByActivity('upgradeInstance')?.name).toBe('upgradeInstance');
    expect(findInterfaceByActivity('refreshLicenseCode')?.name).toBe('refreshLicenseCode');
    expect(findInterfaceByActivity('newInstance')?.name).toBe('newInstance');
  });

  it('finds V1 interfaces only when asked for V1', () => {
    expect(findInterfaceByActivity('newInstance', 'v1')?.name).toBe('v1NewInstance');
    expect(findInterfaceByActivity('upgrade', 'v1')?.name).toBe('v1Upgrade');
    expect(findInterfaceByActivity('upgrade')).toBeUndefined();
    expect(findInterfaceByActivity('upgradeInstance', 'v1')).toBeUndefined();
  });

  it('returns undefined for unknown or non-string activities and kit names', () => {
    for (const activity of ['tenantSync', 'unknown', '', undefined, null, 7, 'constructor']) {
      expect(findInterfaceByActivity(activity)).toBeUndefined();
    }
  });
});

describe('findInterfaceByKitPath', () => {
  it('matches the kit path under any production path', () => {
    expect(findInterfaceByKitPath('/isv/produce/produceAPI/v2/tenantSync')?.name).toBe('tenantSync');
    expect(findInterfaceByKitPath('/produceAPI/v2/authSync/')?.name).toBe('authSync');
    expect(findInterfaceByKitPath('/x/produceAPI/v2/allOrgSync?signature=1')?.name).toBe('allOrgSync');
  });

  it('rejects other paths', () => {
    for (const p of [
      '/produceAPI/tenantSync',
      '/produceAPI/v2/xtenantSync',
      '/produceAPI/v2/newInstance',
      '',
      3,
    ]) {
      expect(findInterfaceByKitPath(p)).toBeUndefined();
    }
  });
});
