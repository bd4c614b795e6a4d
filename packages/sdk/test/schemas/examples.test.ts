import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeIssues,
  isSchemaName,
  SCHEMA_NAMES,
  validateSchema,
  type SchemaName,
} from '../../src/schemas';
import { VALID_SAMPLES } from './valid-samples';

interface ReferenceExample {
  id: string;
  section: string;
  schema: string;
  body: unknown;
  note?: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/reference-examples.json', import.meta.url), 'utf8'),
) as { examples: ReferenceExample[] };

describe('reference examples', () => {
  it('every example names an existing schema', () => {
    expect(fixture.examples.length).toBeGreaterThanOrEqual(25);
    for (const example of fixture.examples) expect(isSchemaName(example.schema), example.id).toBe(true);
  });

  it.each(fixture.examples.map((e) => [`${e.id} (§${e.section}) → ${e.schema}`, e] as const))(
    'accepts %s',
    (_label, example) => {
      const result = validateSchema(example.schema as SchemaName, example.body);
      expect(result.ok ? 'valid' : describeIssues(result.issues)).toBe('valid');
      if (result.ok) expect(result.value).toBe(example.body);
    },
  );

  it('covers every V2 basic, kit, V1 and Open-API family with at least one example', () => {
    const covered = new Set(fixture.examples.map((e) => e.schema));
    for (const name of [
      'newInstanceRequest',
      'refreshInstanceRequest',
      'tenantSyncRequest',
      'v1NewInstanceRequest',
      'orderQueryResponse',
      'usagePushRequest',
      'licenseActivateV1Response',
    ]) {
      expect(covered.has(name), name).toBe(true);
    }
  });
});

describe('constructed samples', () => {
  it('there is one for every schema', () => {
    expect(Object.keys(VALID_SAMPLES).sort()).toEqual([...SCHEMA_NAMES].sort());
  });

  it.each(SCHEMA_NAMES.map((n) => [n] as const))('%s accepts its complete sample', (name) => {
    const result = validateSchema(name, VALID_SAMPLES[name]);
    expect(result.ok ? 'valid' : describeIssues(result.issues)).toBe('valid');
  });
});
