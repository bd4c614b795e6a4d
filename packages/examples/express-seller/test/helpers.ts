// Boots the example seller on 127.0.0.1:0 with a SQLite file in a temporary directory, and plays the platform
// against it with the SDK's createPlatformCaller (calls signed and replies judged exactly as KooGallery does).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlatformCaller } from '@koogallery-kit/sdk/platform';
import type { PlatformCallResult, PlatformCaller } from '@koogallery-kit/sdk/platform';
import { createSellerApp } from '../src';
import type { SellerApp, SellerAppOptions } from '../src';

/** The key the seller and the platform share in these tests. */
export const ACCESS_KEY = 'example-seller-test-key-0001';

/** A temporary directory for SQLite files, removed by `cleanup`. */
export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kgk-express-seller-'));
  return {
    dir,
    file: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A running seller and the platform playing against it. */
export interface Running {
  seller: SellerApp;
  platform: PlatformCaller;
  /** Base URL of the server (tenant pages, /healthz). */
  url: string;
  productionUrl: string;
}

/** Creates and starts a seller; `now` (when given) drives both the seller and the platform's timestamps. */
export async function startSeller(options: Partial<SellerAppOptions> & { dbPath: string }): Promise<Running> {
  const seller = createSellerApp({
    accessKey: ACCESS_KEY,
    appBaseUrl: 'https://app.example.com',
    provisioningPollMs: 0,
    logger: {},
    ...options,
  });
  const { url, productionUrl } = await seller.listen(0);
  const platform = createPlatformCaller({
    sellerUrl: productionUrl,
    accessKey: ACCESS_KEY,
    timeoutMs: 10_000,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return { seller, platform, url, productionUrl };
}

/** The parsed reply body of a call the platform accepted or rejected. */
export function replyBody(result: PlatformCallResult): Record<string, unknown> {
  return result.verdict.body as Record<string, unknown>;
}

/** Fails with the platform's problems when it did not accept the reply. */
export function expectAccepted(result: PlatformCallResult): PlatformCallResult {
  if (!result.verdict.accepted) {
    throw new Error(
      `the platform rejected ${result.call.interface}: ${JSON.stringify(result.verdict.problems)} (reply ${result.reply?.body})`,
    );
  }
  return result;
}
