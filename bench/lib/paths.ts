/** Absolute locations the harness needs, derived from this file's place in the repository. */
import { fileURLToPath } from 'node:url';

/** Repository root (`/…/koogallery-kit`). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The harness directory (`bench/`). */
export const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));

/** The SDK package directory (`packages/sdk/`). */
export const SDK_DIR = fileURLToPath(new URL('../../packages/sdk/', import.meta.url));

/** Server entry points run in child processes (`bench/servers/`). */
export const SERVERS_DIR = fileURLToPath(new URL('../servers/', import.meta.url));
