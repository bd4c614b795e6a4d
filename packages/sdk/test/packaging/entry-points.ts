// The published entry points and how the tests load their sources (vitest aliases `@koogallery-kit/*` to src/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The mock server is not a dependency of the SDK, so its sources are not in the SDK's type program: load it by a
// computed specifier, which vitest still resolves through its alias.
const MOCK_SERVER = '@koogallery-kit/mock-server';

/** Every runtime entry point of both published packages, by the specifier a user writes. */
export const ENTRY_POINTS = {
  '@koogallery-kit/sdk': () => import('@koogallery-kit/sdk'),
  '@koogallery-kit/sdk/express': () => import('@koogallery-kit/sdk/express'),
  '@koogallery-kit/sdk/fetch': () => import('@koogallery-kit/sdk/fetch'),
  '@koogallery-kit/sdk/msw': () => import('@koogallery-kit/sdk/msw'),
  '@koogallery-kit/sdk/node': () => import('@koogallery-kit/sdk/node'),
  '@koogallery-kit/sdk/platform': () => import('@koogallery-kit/sdk/platform'),
  '@koogallery-kit/sdk/testing': () => import('@koogallery-kit/sdk/testing'),
  [MOCK_SERVER]: () => import(/* @vite-ignore */ MOCK_SERVER) as Promise<object>,
} as const satisfies Record<string, () => Promise<object>>;

/** A specifier of {@link ENTRY_POINTS}. */
export type EntryPoint = keyof typeof ENTRY_POINTS;

/** The committed snapshot of the runtime exports: specifier → export name → kind. */
export const EXPORTS_SNAPSHOT_FILE = fileURLToPath(new URL('./exports.snapshot.json', import.meta.url));

/** Reads {@link EXPORTS_SNAPSHOT_FILE}. */
export function readExportsSnapshot(): Record<string, Record<string, string>> {
  return JSON.parse(readFileSync(EXPORTS_SNAPSHOT_FILE, 'utf8')) as Record<string, Record<string, string>>;
}

/**
 * The runtime entry points a package.json declares, as specifiers (`<name>` for `.`, `<name>/x` for `./x`),
 * leaving out `./package.json` and wildcard (file) exports.
 */
export function declaredEntryPoints(packageDir: URL): string[] {
  const manifest = JSON.parse(readFileSync(new URL('package.json', packageDir), 'utf8')) as {
    name: string;
    exports?: Record<string, unknown>;
  };
  return Object.keys(manifest.exports ?? {})
    .filter((key) => key !== './package.json' && !key.includes('*'))
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
}
