/**
 * Loads the SDK under test from its build output (`packages/sdk/dist`), so the numbers describe the code users
 * install, not the TypeScript sources. Types come from the sources (identical declarations) so the harness
 * type-checks without a build.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as SdkRoot from '@koogallery-kit/sdk';
import type * as SdkExpress from '@koogallery-kit/sdk/express';
import type * as SdkNode from '@koogallery-kit/sdk/node';
import type * as SdkPlatform from '@koogallery-kit/sdk/platform';
import { SDK_DIR } from './paths';

/** The public ESM entries of the built SDK the harness uses. */
export type SdkEntry = 'index' | 'node' | 'express' | 'platform';

/** Command that rebuilds the SDK, quoted in error messages. */
export const BUILD_COMMAND = 'npx pnpm@10 --filter @koogallery-kit/sdk run build';

/** The loaded SDK build. */
export interface SdkDist {
  /** `@koogallery-kit/sdk` (root entry). */
  root: typeof SdkRoot;
  /** `@koogallery-kit/sdk/node`. */
  node: typeof SdkNode;
  /** `@koogallery-kit/sdk/express`. */
  express: typeof SdkExpress;
  /** `@koogallery-kit/sdk/platform`. */
  platform: typeof SdkPlatform;
  /** `version` of packages/sdk/package.json. */
  version: string;
  /** When the build was written (oldest dist entry file), ISO time. */
  builtAt: string;
  /** True when some source file is newer than the build (only possible with `--allow-stale`). */
  stale: boolean;
}

/** Absolute path of a built ESM entry. */
export function distEntryPath(entry: SdkEntry): string {
  return join(SDK_DIR, 'dist', `${entry}.js`);
}

/** `file:` URL of a built ESM entry, for `import()` and `node --import`. */
export function distEntryUrl(entry: SdkEntry): string {
  return pathToFileURL(distEntryPath(entry)).href;
}

/** Module type of each entry. */
export interface SdkEntryModules {
  index: typeof SdkRoot;
  node: typeof SdkNode;
  express: typeof SdkExpress;
  platform: typeof SdkPlatform;
}

/** Imports one built entry without any check (server children: the runner already checked the build). */
export async function importDistEntry<E extends SdkEntry>(entry: E): Promise<SdkEntryModules[E]> {
  return (await import(distEntryUrl(entry))) as SdkEntryModules[E];
}

function newestMtime(dir: string): { ms: number; file: string } {
  let best = { ms: 0, file: dir };
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    const candidate = st.isDirectory() ? newestMtime(path) : { ms: st.mtimeMs, file: path };
    if (candidate.ms > best.ms) best = candidate;
  }
  return best;
}

/** Build time of the dist (its oldest entry file) and whether a source file is newer. */
export function distFreshness(): { builtAtMs: number; stale: boolean; newestSource: string } {
  const entries: SdkEntry[] = ['index', 'node', 'express', 'platform'];
  for (const entry of entries) {
    if (!existsSync(distEntryPath(entry))) {
      throw new Error(
        `The SDK is not built (${distEntryPath(entry)} is missing): run \`${BUILD_COMMAND}\` first.`,
      );
    }
  }
  const builtAtMs = Math.min(...entries.map((e) => statSync(distEntryPath(e)).mtimeMs));
  const src = newestMtime(join(SDK_DIR, 'src'));
  return { builtAtMs, stale: src.ms > builtAtMs, newestSource: src.file };
}

/**
 * Imports the built SDK.
 *
 * @param o.allowStale - load a build older than its sources instead of failing (default false).
 * @throws Error when the build is missing, stale (unless allowed) or lacks an export the harness needs.
 */
export async function loadSdkDist(o: { allowStale?: boolean } = {}): Promise<SdkDist> {
  const fresh = distFreshness();
  if (fresh.stale && o.allowStale !== true) {
    throw new Error(
      `packages/sdk/dist is older than ${fresh.newestSource}: rebuild with \`${BUILD_COMMAND}\` ` +
        '(or pass --allow-stale to measure the old build anyway).',
    );
  }
  const [root, node, express, platform] = await Promise.all([
    importDistEntry('index'),
    importDistEntry('node'),
    importDistEntry('express'),
    importDistEntry('platform'),
  ]);
  const needed: Array<[string, unknown]> = [
    ['verifyRequest', root.verifyRequest],
    ['signRequest', root.signRequest],
    ['canonicalJson', root.canonicalJson],
    ['createProductionHandler', root.createProductionHandler],
    ['verifyBodySign', root.verifyBodySign],
    ['node.createNodeListener', node.createNodeListener],
    ['express.createExpressMiddleware', express.createExpressMiddleware],
    ['platform.buildProductionCall', platform.buildProductionCall],
  ];
  const missing = needed.filter(([, fn]) => typeof fn !== 'function').map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(`The SDK build lacks ${missing.join(', ')}: rebuild with \`${BUILD_COMMAND}\`.`);
  }
  const pkg = JSON.parse(readFileSync(join(SDK_DIR, 'package.json'), 'utf8')) as { version?: string };
  return {
    root,
    node,
    express,
    platform,
    version: pkg.version ?? 'unknown',
    builtAt: new Date(fresh.builtAtMs).toISOString(),
    stale: fresh.stale,
  };
}
