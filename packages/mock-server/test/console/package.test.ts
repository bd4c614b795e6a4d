/**
 * The console ships with the built package: tsup copies src/console to dist/console, the bundles (ESM, CommonJS
 * and the CLI) find it next to themselves, `koogallery-mock start` serves it, and the packed tarball contains it.
 * Needs the build (`pnpm test` builds first); without it the suite is skipped with a printed reason, except
 * under KGK_REQUIRE_ALL=1 (CI), where it fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CLI, killAll, startMock } from '../cli/cli-process';

const PKG = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(PKG, 'src/console');
const DIST = join(PKG, 'dist/console');
const built = existsSync(CLI) && existsSync(join(PKG, 'dist/index.cjs'));
const requireAll = process.env.KGK_REQUIRE_ALL === '1';
if (!built && !requireAll) {
  console.warn(
    '[console] package tests skipped: dist/ is missing (npx pnpm@10 --filter @koogallery-kit/mock-server run build).',
  );
}

vi.setConfig({ testTimeout: 60_000 });

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

describe.skipIf(!built && !requireAll)('the console in the built package', () => {
  afterAll(() => killAll());

  it('dist/console holds exactly the source files', () => {
    expect(built, 'KGK_REQUIRE_ALL=1 but the package is not built').toBe(true);
    expect(files(DIST)).toEqual(files(SRC));
    for (const f of files(SRC))
      expect(readFileSync(join(DIST, f), 'utf8'), f).toBe(readFileSync(join(SRC, f), 'utf8'));
  });

  it('the CommonJS and ESM bundles find it next to themselves (createMockMarketplace serves dist/console)', async () => {
    type Bundle = {
      createMockMarketplace(o: object): Promise<{ url: string; close(): Promise<void> }>;
    };
    const cjs = createRequire(import.meta.url)(join(PKG, 'dist/index.cjs')) as Bundle;
    const esm = (await import(/* @vite-ignore */ join(PKG, 'dist/index.js'))) as Bundle;
    for (const bundle of [cjs, esm]) {
      const market = await bundle.createMockMarketplace({ port: 0 });
      try {
        const script = await fetch(`${market.url}/console/js/pages/messages.js`);
        expect(script.status).toBe(200);
        expect(await script.text()).toBe(readFileSync(join(DIST, 'js/pages/messages.js'), 'utf8'));
      } finally {
        await market.close();
      }
    }
  });

  it('koogallery-mock start serves it', async () => {
    const mock = await startMock(['--port', '0', '--db', ':memory:', '--quiet']);
    try {
      expect(mock.stdout()).toContain(`console ${mock.url}/console/`);
      const page = await fetch(`${mock.url}/console/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('src="js/app.js"');
      const script = await fetch(`${mock.url}/console/js/pages/messages.js`);
      expect(script.status).toBe(200);
      expect(await script.text()).toBe(readFileSync(join(SRC, 'js/pages/messages.js'), 'utf8'));
    } finally {
      await mock.stop();
    }
  });

  it('the packed tarball contains it', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: PKG,
      encoding: 'utf8',
      env: { ...process.env, npm_config_yes: 'true' },
    });
    const packed =
      (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path) ?? [];
    for (const f of files(SRC)) expect(packed, f).toContain(`dist/console/${f}`);
  });
});
