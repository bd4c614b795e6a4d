import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, rel } from './import-graph';

const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCES = ['sdk/src', 'mock-server/src'];

describe('import cycles', () => {
  for (const dir of SOURCES) {
    it(`packages/${dir} has none (type-only imports included)`, () => {
      const root = PACKAGES + dir;
      const graph = importGraph(root);
      expect(graph.size).toBeGreaterThan(50);
      const cycles = importCycles(graph).map((c) => c.map((f) => rel(root, f)).join(' → '));
      expect(cycles).toEqual([]);
    });
  }

  it('finds a two-file cycle and a self-import, and nothing in a chain', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['c', ['c']],
      ['d', ['e']],
      ['e', []],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b'], ['c']]);
  });
});
