// @ts-check
/**
 * What the plain-JavaScript measurement workers (`virtual-clock-worker.mjs`, `month-worker.mjs`) share: where the
 * built mock is, how they report to the case over IPC, and how they end.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built mock (`packages/mock-server/dist/index.js`), what `lib/mock-dist.ts` names `MOCK_INDEX`. */
export const MOCK_INDEX = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'packages',
  'mock-server',
  'dist',
  'index.js',
);

export const MB = 1024 * 1024;

/** Sends `message` to the case (when the IPC channel is open). */
export function send(/** @type {unknown} */ message) {
  if (process.send !== undefined && process.connected) process.send(message);
}

/** The JSON configuration the bench case passed in environment variable `name`. */
export function workerConfig(/** @type {string} */ name) {
  const raw = process.env[name];
  if (raw === undefined) throw new Error(`${name} is not set: this worker is started by the bench case.`);
  return /** @type {unknown} */ (JSON.parse(raw));
}

/** Runs `main`, exits 0 when it resolves, reports a `fatal` message and exits 1 when it fails. */
export function runWorker(/** @type {() => Promise<void>} */ main) {
  process.on('disconnect', () => process.exit(0));
  main().then(
    () => process.exit(0),
    (/** @type {unknown} */ error) => {
      send({
        type: 'fatal',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      process.exit(1);
    },
  );
}
