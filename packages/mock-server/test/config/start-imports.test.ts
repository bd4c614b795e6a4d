/**
 * What `koogallery-mock start` and the package entry load: walking the static (run-time) imports of the sources
 * from src/cli/entry.ts and src/index.ts, neither ajv (the configuration validator is prebuilt), jsonwebtoken
 * (imported on the first token operation), undici (imported on the first production call) nor exceljs (imported
 * on the first xlsx export) is reached, and the commands other than `start` stay out of the CLI's
 * start path. Type-only imports and dynamic `import()` are not followed: they load nothing up front.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Static run-time imports and re-exports of one source file (type-only ones excluded). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly) continue;
      if (ts.isStringLiteral(statement.moduleSpecifier)) out.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly || statement.moduleSpecifier === undefined) continue;
      if (ts.isStringLiteral(statement.moduleSpecifier)) out.push(statement.moduleSpecifier.text);
    }
  }
  return out;
}

/** The source file a relative specifier names (as the bundler resolves it), or undefined for data files. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), `${base}.js`, base]) {
    if (existsSync(candidate) && /\.(ts|js)$/.test(candidate)) return candidate;
  }
  if (existsSync(base)) return undefined; // package.json and other data
  throw new Error(`${path.relative(SRC, from)}: cannot resolve ${specifier}`);
}

/** Every module reached from `entry`: local files (relative to src/) and bare package specifiers. */
function importGraph(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [path.join(SRC, entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    const rel = path.relative(SRC, file);
    if (files.has(rel)) continue;
    files.add(rel);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) {
        const next = resolveRelative(file, specifier);
        if (next !== undefined) queue.push(next);
      } else if (!packages.has(specifier)) packages.set(specifier, rel);
    }
  }
  return { files, packages };
}

const packageName = (specifier: string): string =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] as string);

describe('modules loaded up front', () => {
  for (const entry of ['cli/entry.ts', 'index.ts']) {
    it(`${entry} reaches neither ajv, jsonwebtoken, undici nor exceljs`, () => {
      const { files, packages } = importGraph(entry);
      expect(files.has('config/load-config.ts')).toBe(true);
      expect(files.has('config/generated/config-validator.js')).toBe(true);
      expect(files.has('http/oauth/tokens.ts')).toBe(true);
      const loaded = new Map([...packages].map(([s, by]) => [packageName(s), `${s} (imported by ${by})`]));
      expect(loaded.get('ajv')).toBeUndefined();
      expect(loaded.get('jsonwebtoken')).toBeUndefined();
      // undici is imported by the delivery transport on its first call.
      expect(files.has('delivery/undici-transport.ts')).toBe(true);
      expect(loaded.get('undici')).toBeUndefined();
      // exceljs is imported by the xlsx writer on the first xlsx export.
      expect(files.has('http/admin/exports/export-files.ts')).toBe(true);
      expect(loaded.get('exceljs')).toBeUndefined();
      // The walk does see packages (so a regression would be caught): express serves every request.
      expect(loaded.has('express')).toBe(true);
    });
  }

  it('the prebuilt validator imports nothing', () => {
    expect(runtimeImports(path.join(SRC, 'config/generated/config-validator.js'))).toEqual([]);
  });

  it('the CLI start path leaves out the trigger, call, contract and export commands', () => {
    const { files } = importGraph('cli/entry.ts');
    expect(files.has('cli/commands/start.ts')).toBe(true);
    for (const lazy of [
      'cli/commands/trigger.ts',
      'cli/commands/call.ts',
      'cli/commands/contract.ts',
      'cli/commands/export.ts',
    ]) {
      expect(files.has(lazy), lazy).toBe(false);
    }
    expect([...files].some((f) => f.startsWith('contract/'))).toBe(false);
  });
});
