// Asynchronous provisioning: instances created with a `readyAt` stay PROVISIONING (newInstance answered 000004)
// until that time; this worker then makes them ACTIVE, and queryInstance starts reporting them.
import type { InstanceStore } from './instance-store';

/** Background completion of due provisionings. */
export interface ProvisioningWorker {
  /** Completes every provisioning due at `now()` and returns the instance ids that became ACTIVE. */
  runDue(): string[];
  /** Stops the background timer (pending provisionings stay in the database and resume on the next start). */
  stop(): void;
}

/** Options of {@link createProvisioningWorker}. */
export interface ProvisioningWorkerOptions {
  store: InstanceStore;
  /** Clock, epoch ms. */
  now: () => number;
  /** How often due provisionings are completed in the background, ms; 0 disables the timer. */
  pollMs: number;
}

/**
 * Starts the worker. Its timer is `unref`'d (it never keeps the process alive) and survives errors: a failing
 * round is retried on the next tick. Provisionings are state in SQLite, so a restarted seller completes the ones
 * its predecessor accepted.
 */
export function createProvisioningWorker(o: ProvisioningWorkerOptions): ProvisioningWorker {
  const runDue = (): string[] => {
    const at = o.now();
    const ids = o.store.completeDueProvisioning(at);
    for (const instanceId of ids) {
      o.store.recordEvent({ instanceId, activity: 'provisioned', detail: {}, at });
    }
    return ids;
  };
  const timer =
    o.pollMs > 0
      ? setInterval(() => {
          try {
            runDue();
          } catch (error) {
            console.error(
              'express-seller: completing provisionings failed; retrying on the next tick.',
              error,
            );
          }
        }, o.pollMs)
      : undefined;
  timer?.unref();
  return {
    runDue,
    stop: () => {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
