import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, rel } from './import-graph';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

// docs/architecture.md: config/ reads and checks the configuration; what presents it (the start banner, in cli/)
// and what serves it (http/, delivery/) sit above it, so config/ never imports them.
const ABOVE_CONFIG = ['http/', 'delivery/', 'cli/', 'contract/', 'console/'];

describe('config/', () => {
  it('imports neither http/, delivery/ nor the CLI', () => {
    const offences: string[] = [];
    let imports = 0;
    for (const [file, targets] of importGraph(SRC + 'config')) {
      for (const t of targets) {
        const to = rel(SRC, t);
        imports++;
        if (ABOVE_CONFIG.some((folder) => to.startsWith(folder)))
          offences.push(`${rel(SRC, file)} imports ${to}`);
      }
    }
    expect(imports).toBeGreaterThan(0);
    expect(offences).toEqual([]);
  });
});
