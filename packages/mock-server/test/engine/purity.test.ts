import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../src/engine');

const STORE_TYPES = resolve(ENGINE_DIR, '../store/types');

/** True when a relative import of `file` stays inside engine/ (any room). */
function insideEngine(file: string, spec: string): boolean {
  return resolve(dirname(file), spec).startsWith(ENGINE_DIR + sep);
}

function engineFiles(dir = ENGINE_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? engineFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file imports or re-exports, with whether the statement is type-only. */
function importsOf(source: string): Array<{ spec: string; typeOnly: boolean }> {
  const found: Array<{ spec: string; typeOnly: boolean }> = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?\bfrom\s+['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(statement)) found.push({ spec: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of source.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g))
    found.push({ spec: m[1]!, typeOnly: false });
  for (const m of source.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

describe('engine purity', () => {
  const files = engineFiles();

  it('finds the engine sources', () => {
    expect(files.length).toBeGreaterThan(15);
    expect(files.some((f) => f.endsWith('engine.ts'))).toBe(true);
  });

  it('imports only engine files (any room), the store interface (types only) and the SDK', () => {
    const offences: string[] = [];
    for (const file of files) {
      const rel = file.slice(ENGINE_DIR.length + 1);
      for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
        // Relative imports must stay inside engine/ (sub-folders included); the store interface is types only.
        const ok =
          // the SDK: its root, and its platform side (pure helpers the engine shares with it)
          spec === '@koogallery-kit/sdk' ||
          spec === '@koogallery-kit/sdk/platform' ||
          (spec.startsWith('.') && insideEngine(file, spec)) ||
          (resolve(dirname(file), spec) === STORE_TYPES && typeOnly);
        if (!ok) offences.push(`${rel} imports ${spec}${typeOnly ? ' (type)' : ''}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('never touches express, fs, process, undici or sqlite, and reads wall time only in the real clock', () => {
    const offences: string[] = [];
    for (const file of files) {
      const rel = file.slice(ENGINE_DIR.length + 1);
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      for (const [what, pattern] of [
        ['express', /\bexpress\b/],
        ['fs', /\b(?:node:)?fs\b|readFile|writeFile/],
        ['process', /\bprocess\./],
        ['undici', /\bundici\b/],
        ['sqlite', /better-sqlite3|sqlite-store|new Database\(/],
        ['http', /node:http|\bfetch\(/],
      ] as const) {
        if (pattern.test(code)) offences.push(`${rel}: ${what}`);
      }
      if (!rel.endsWith('real-clock.ts') && /Date\.now\(|setTimeout\(|setInterval\(/.test(code)) {
        offences.push(`${rel}: wall-clock time or timers`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('detects a forbidden import when one is present', () => {
    const fake = `import { readFileSync } from 'node:fs';\nimport type { X } from '../store/sqlite-store';\nconst u = await import('undici');`;
    expect(importsOf(fake).map((i) => i.spec)).toEqual(['node:fs', '../store/sqlite-store', 'undici']);
  });
});
