/**
 * Licence activations kept with the rest of the mock's state: the licence service of the Open APIs (§8.6, §8.7)
 * reports each activation to the store, and a restarted mock starts from the licences with their saved
 * activations, so a code activated before a restart stays `ALIVE` with its activation time.
 */
import type { SimulatedLicense } from '@koogallery-kit/sdk/testing';
import type { MarketStore } from '../../store/types';

/** Meta key of the activations: JSON `{ [code]: activate_time }`. */
export const LICENSE_ACTIVATIONS_KEY = 'openApi.licenseActivations';

function read(store: MarketStore): Record<string, string> {
  try {
    const parsed = JSON.parse(store.getMeta(LICENSE_ACTIVATIONS_KEY) ?? '{}') as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** `licenses` with the activations saved in `store` applied. */
export function withSavedActivations(
  store: MarketStore,
  licenses: readonly SimulatedLicense[],
): SimulatedLicense[] {
  const saved = read(store);
  return licenses.map((l) => {
    const at = saved[l.license];
    return typeof at === 'string' ? { ...l, status: 'ALIVE', activate_time: at } : { ...l };
  });
}

/** Saves one activation. */
export function saveActivation(store: MarketStore, license: Readonly<SimulatedLicense>): void {
  if (license.activate_time === undefined) return;
  store.setMeta(
    LICENSE_ACTIVATIONS_KEY,
    JSON.stringify({ ...read(store), [license.license]: license.activate_time }),
  );
}
