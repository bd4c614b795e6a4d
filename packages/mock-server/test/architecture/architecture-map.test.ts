import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/architecture.md is the newcomer's map: every top-level source folder of both packages, and every room of
// the mock's engine, must be on it (in the tree block, as `src/<folder>/` or `    <room>/`).
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const MAP = readFileSync(`${REPO}docs/architecture.md`, 'utf8');
const TREE = /```text\n([\s\S]*?)```/.exec(MAP)?.[1] ?? '';

const folders = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

/** The folders the tree block names: `src/x/` and `src/x/y/` entries, and the indented engine rooms. */
function mapped(): { top: Set<string>; rooms: Set<string> } {
  const top = new Set<string>();
  const rooms = new Set<string>();
  let inEngine = false;
  for (const line of TREE.split('\n')) {
    const m = /^\s+src\/([a-z0-9-]+)\//.exec(line);
    if (m) top.add(m[1]!);
    if (/^\s+src\/engine\//.test(line)) inEngine = true;
    else if (/^\s{2}\S/.test(line) || /^\S/.test(line)) inEngine = false;
    const room = /^\s{4}([a-z0-9-]+)\/\s/.exec(line);
    if (inEngine && room) rooms.add(room[1]!);
  }
  return { top, rooms };
}

describe('docs/architecture.md', () => {
  const { top, rooms } = mapped();

  for (const pkg of ['sdk', 'mock-server']) {
    it(`maps every top-level source folder of packages/${pkg}`, () => {
      const present = folders(`${REPO}packages/${pkg}/src`);
      expect(present.length).toBeGreaterThan(3);
      expect(present.filter((f) => !top.has(f))).toEqual([]);
    });
  }

  it('maps every room of the mock engine', () => {
    const present = folders(`${REPO}packages/mock-server/src/engine`);
    expect(present).toContain('model');
    expect(present.filter((r) => !rooms.has(r))).toEqual([]);
  });

  it('names the business-flow rooms (seller-console.md §1–§4, §9)', () => {
    for (const room of [
      'flow-timers',
      'order-states',
      'supervision',
      'auto-renewal',
      'purchase-limits',
      'licences',
      'kit-metrics',
    ])
      expect(rooms).toContain(room);
  });

  it('reads the tree: a missing folder would be caught', () => {
    expect(top.has('engine')).toBe(true);
    expect(top.has('no-such-folder')).toBe(false);
    expect(rooms.has('jobs')).toBe(true);
    expect(rooms.has('no-such-room')).toBe(false);
  });

  it('has the request walk-through naming files that exist', () => {
    const section = MAP.slice(MAP.indexOf('## A request from the platform'));
    const named = [...section.matchAll(/`((?:[a-z0-9-]+\/)+[a-z0-9-]+\.ts)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    const missing = named.filter((f) => {
      const candidates = [`packages/mock-server/src/${f}`, `packages/sdk/src/${f}`, f];
      return !candidates.some((c) => {
        try {
          readFileSync(`${REPO}${c}`);
          return true;
        } catch {
          return false;
        }
      });
    });
    expect(missing).toEqual([]);
  });
});
