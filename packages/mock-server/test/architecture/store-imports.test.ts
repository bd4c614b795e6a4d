import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, rel, sourceFiles, specifiersOf } from './import-graph';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

describe('store/ and the engine', () => {
  it('store/ imports from the engine only engine/model/ (the records, not the behaviour)', () => {
    const graph = importGraph(SRC + 'store');
    const engineTargets: string[] = [];
    const offences: string[] = [];
    for (const [file, targets] of graph) {
      for (const t of targets) {
        const to = rel(SRC, t);
        if (!to.startsWith('engine/')) continue;
        engineTargets.push(to);
        if (!to.startsWith('engine/model/')) offences.push(`${rel(SRC, file)} imports ${to}`);
      }
    }
    expect(engineTargets.length).toBeGreaterThan(0);
    expect(offences).toEqual([]);
  });

  it('engine/model/ imports nothing else of the mock (so store/ does not pull the engine in through it)', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(SRC + 'engine/model')) {
      for (const spec of specifiersOf(file)) {
        if (spec.startsWith('.') && !spec.startsWith('./'))
          offences.push(`${rel(SRC, file)} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
