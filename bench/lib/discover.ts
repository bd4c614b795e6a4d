/**
 * Finds the cases: every `bench/cases/*.ts` file whose default export is a {@link BenchCase}. Adding a case is
 * adding one file; nothing else needs editing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR } from './paths';
import type { BenchCase } from './types';

function isBenchCase(value: unknown): value is BenchCase {
  const c = value as Partial<BenchCase> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.id === 'string' &&
    typeof c.title === 'string' &&
    typeof c.item === 'string' &&
    typeof c.order === 'number' &&
    typeof c.budgetMs === 'function' &&
    typeof c.run === 'function'
  );
}

/**
 * Imports every case file, sorted by `order` then id.
 *
 * @throws Error naming the file when a case file has no valid default export or two cases share an id.
 */
export async function discoverCases(): Promise<BenchCase[]> {
  const dir = join(BENCH_DIR, 'cases');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
  const cases: BenchCase[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown };
    if (!isBenchCase(mod.default)) {
      throw new Error(
        `bench/cases/${file} must default-export a case built with defineCase() (see bench/lib/types.ts).`,
      );
    }
    if (cases.some((c) => c.id === (mod.default as BenchCase).id)) {
      throw new Error(`bench/cases/${file}: case id ${mod.default.id} is used twice.`);
    }
    cases.push(mod.default);
  }
  return cases.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
