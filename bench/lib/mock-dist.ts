/**
 * Loads the mock marketplace under test from its build output (`packages/mock-server/dist`), like `sdk-dist.ts`
 * does for the SDK, plus undici from the mock's own dependencies (the floor of the delivery case). Only the few
 * members the harness uses are typed here, structurally, so the harness type-checks without a build.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths';

/** The mock-server package directory. */
export const MOCK_DIR = join(REPO_ROOT, 'packages', 'mock-server');

/** The built library entry (`dist/index.js`). */
export const MOCK_INDEX = join(MOCK_DIR, 'dist', 'index.js');

/** The built command line (`dist/cli.js`), what `koogallery-mock` runs. */
export const MOCK_CLI = join(MOCK_DIR, 'dist', 'cli.js');

/** Command that rebuilds the mock, quoted in error messages. */
export const MOCK_BUILD_COMMAND = 'npx pnpm@10 --filter @koogallery-kit/mock-server run build';

/** The reply the mock's transport resolves with (the SDK's `TransportReply`). */
export interface MockTransportReply {
  status: number;
  rawHeaders: Array<[string, string]>;
  body: string;
  elapsedMs: number;
}

/** `createUndiciTransport()` as used here. */
export interface MockTransport {
  close(): Promise<void>;
}

/** Outcome of one delivery attempt (only what the harness reads). */
export interface MockAttemptOutcome {
  verdict: { accepted: boolean; problems: Array<{ code: string; message: string }> };
  elapsedMs: number;
}

/**
 * The mock's delivery path (`src/delivery/`), which the package no longer exports (issue 17 narrowed the root to
 * the public surface): loaded from the sources through tsx, the same esbuild output the package build bundles.
 */
export interface MockDelivery {
  createUndiciTransport(o?: { connections?: number }): MockTransport;
  createDeliverer(o: {
    sellerUrl: string;
    accessKey: string;
    transport: MockTransport;
    timeoutMs?: number;
  }): (job: Record<string, unknown>, attemptNo: number) => Promise<MockAttemptOutcome>;
}

/** The part of a built `createMockMarketplace` the engine measurements use. */
export interface MockMarketplaceHandle {
  purchase(input: { productCode: string; autoPay: boolean }): { orderId: string };
  flush(): Promise<void>;
  idle(): Promise<void>;
  reset(): Promise<void>;
  jobs(filter?: {
    interface?: string;
    state?: string;
  }): Array<{ id: string; state: string; attemptCount: number }>;
  close(): Promise<void>;
}

/** The members of the built mock the harness uses. */
export interface MockDist {
  createMockMarketplace(o: Record<string, unknown>): Promise<MockMarketplaceHandle>;
  runContract(o: { sellerUrl: string; key: string; timeoutMs?: number; concurrency?: number }): Promise<{
    ok: boolean;
    durationMs: number;
    summary: { total: number; passed: number; failed: number; skipped: number };
    results: Array<{ id: string; status: string; message?: string }>;
  }>;
  DEFAULT_CONTRACT_CONCURRENCY: number;
}

/** undici's `Pool` as used by the floor. */
export interface UndiciPool {
  request(o: {
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
  }): Promise<{ statusCode: number; body: { text(): Promise<string> } }>;
  close(): Promise<void>;
}

/** The part of undici the floor uses. */
export interface UndiciModule {
  Pool: new (origin: string, o?: { connections?: number; pipelining?: number }) => UndiciPool;
}

/**
 * Checks that the mock is built and returns when (its oldest entry file) and which version. Freshness against
 * `src/` is not enforced (the cases print the build time; rebuild with {@link MOCK_BUILD_COMMAND} before a run).
 *
 * @throws Error naming the build command when `dist` is missing.
 */
export function mockBuildInfo(): { builtAt: string; version: string } {
  for (const file of [MOCK_INDEX, MOCK_CLI]) {
    if (!existsSync(file)) {
      throw new Error(`The mock is not built (${file} is missing): run \`${MOCK_BUILD_COMMAND}\` first.`);
    }
  }
  const pkg = JSON.parse(readFileSync(join(MOCK_DIR, 'package.json'), 'utf8')) as { version?: string };
  return {
    builtAt: new Date(Math.min(statSync(MOCK_INDEX).mtimeMs, statSync(MOCK_CLI).mtimeMs)).toISOString(),
    version: pkg.version ?? 'unknown',
  };
}

/**
 * Imports the built mock.
 *
 * @throws Error when the build is missing or lacks an export the harness needs.
 */
export async function loadMockDist(): Promise<MockDist> {
  mockBuildInfo();
  const mod = (await import(pathToFileURL(MOCK_INDEX).href)) as Partial<MockDist>;
  const needed = ['createMockMarketplace', 'runContract'] as const;
  const missing = needed.filter((name) => typeof mod[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`The mock build lacks ${missing.join(', ')}: rebuild with \`${MOCK_BUILD_COMMAND}\`.`);
  }
  return mod as MockDist;
}

/** Imports the mock's delivery path from its sources (see {@link MockDelivery}). */
export async function loadMockDelivery(): Promise<MockDelivery> {
  const src = join(MOCK_DIR, 'src', 'delivery');
  const deliverer = (await import(pathToFileURL(join(src, 'deliverer.ts')).href)) as Pick<
    MockDelivery,
    'createDeliverer'
  >;
  const transport = (await import(pathToFileURL(join(src, 'undici-transport.ts')).href)) as Pick<
    MockDelivery,
    'createUndiciTransport'
  >;
  return {
    createDeliverer: deliverer.createDeliverer,
    createUndiciTransport: transport.createUndiciTransport,
  };
}

/** Loads undici from the mock's dependencies (the same copy its transport uses) and its version. */
export function loadUndici(): { undici: UndiciModule; version: string } {
  const require = createRequire(join(MOCK_DIR, 'package.json'));
  const undici = require('undici') as UndiciModule;
  const pkgPath = require.resolve('undici/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version?: string };
  return { undici, version: pkg.version ?? 'unknown' };
}
