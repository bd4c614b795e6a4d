/**
 * Snippet markers: `<!-- snippet: path -->` shows a whole file, `<!-- snippet: path#name -->` the lines between
 * `// #region name` and `// #endregion` (`# #region` in YAML and shell files), with their common indentation
 * removed. A snippet file must be tested: a test file itself, or a file some test file imports or opens by a
 * relative path (`'./fixtures/readme-seller'`, `new URL('./snippets/x.ts', import.meta.url)`).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';

const REGION_START = /^\s*(?:\/\/|#)\s*#region\s+(\S+)\s*$/;
const REGION_END = /^\s*(?:\/\/|#)\s*#endregion\b/;

/** Removes the indentation common to every non-blank line. */
export function dedent(lines: readonly string[]): string[] {
  const widths = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = widths.length === 0 ? 0 : Math.min(...widths);
  return lines.map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length)));
}

/**
 * The text a snippet marker stands for, or an error message. Region markers inside the shown text are dropped,
 * so a region may contain nested regions.
 */
export function snippetText(
  repoRoot: string,
  path: string,
  region: string | undefined,
): { ok: true; text: string } | { ok: false; error: string } {
  const file = resolve(repoRoot, path);
  if (!file.startsWith(repoRoot + '/') || !existsSync(file) || !statSync(file).isFile()) {
    return {
      ok: false,
      error: `snippet file ${path} does not exist (paths are relative to the repository root)`,
    };
  }
  const lines = readFileSync(file, 'utf8').replace(/\s+$/, '').split(/\r?\n/);
  const strip = (ls: readonly string[]): string[] =>
    ls.filter((l) => !REGION_START.test(l) && !REGION_END.test(l));
  if (region === undefined) return { ok: true, text: strip(lines).join('\n') };
  const start = lines.findIndex((l) => REGION_START.exec(l)?.[1] === region);
  if (start < 0) return { ok: false, error: `snippet file ${path} has no "#region ${region}"` };
  let depth = 0;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (REGION_START.test(l)) depth++;
    else if (REGION_END.test(l)) {
      if (depth === 0) return { ok: true, text: dedent(strip(lines.slice(start + 1, i))).join('\n') };
      depth--;
    }
  }
  return { ok: false, error: `region "${region}" of ${path} is never closed with "#endregion"` };
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
}

/** Every `*.test.ts` file under `packages/`. */
export function listTestFiles(repoRoot: string): string[] {
  const out: string[] = [];
  walk(join(repoRoot, 'packages'), out);
  return out;
}

const withoutExtension = (p: string): string => p.slice(0, p.length - extname(p).length);

/**
 * Repository-relative paths (without extension) of every file a test file refers to by a relative string
 * literal, plus the test files themselves.
 */
export function testedFiles(repoRoot: string): Set<string> {
  const seen = new Set<string>();
  for (const testFile of listTestFiles(repoRoot)) {
    seen.add(withoutExtension(relative(repoRoot, testFile)));
    const source = readFileSync(testFile, 'utf8');
    for (const m of source.matchAll(/['"`](\.\.?\/[^'"`$]+)['"`]/g)) {
      seen.add(withoutExtension(relative(repoRoot, resolve(dirname(testFile), m[1] ?? ''))));
    }
  }
  return seen;
}

/** True when some test exercises the snippet file `path` (repository-relative). */
export function isTested(tested: ReadonlySet<string>, path: string): boolean {
  return tested.has(withoutExtension(path));
}
