/** Internal: which interface family a request path addresses, and which method it must use. */

import { INTERFACE_NAMES, INTERFACES, type KitInterfaceName } from '../schemas/interfaces';

/** The kit interfaces (from the interface catalogue), each at `<production URL>/produceAPI/v2/<name>`. */
export const KIT_NAMES: readonly KitInterfaceName[] = Object.freeze(
  INTERFACE_NAMES.filter((n): n is KitInterfaceName => INTERFACES[n].family === 'kit'),
);

/** A kit interface name. */
export type KitName = KitInterfaceName;

export type Route =
  | { kind: 'basic' }
  /** `name` is null when the path is under `/produceAPI/` but is not a known V2 kit path. */
  | { kind: 'kit'; name: KitName | null; requested: string };

const KIT_SEGMENT = '/produceAPI/';

/**
 * Any path containing `/produceAPI/` is a kit call (signed with the kit key); known names are matched exactly
 * (`/produceAPI/v2/<name>`, an optional trailing slash). Every other path is the basic production endpoint, so the
 * handler can be mounted at any prefix.
 */
export function resolveRoute(path: string): Route {
  const at = path.indexOf(KIT_SEGMENT);
  if (at === -1) return { kind: 'basic' };
  const requested = path.slice(at + KIT_SEGMENT.length).replace(/\/$/, '');
  const match = /^v2\/([A-Za-z]+)$/.exec(requested);
  const name = match?.[1];
  const known = (KIT_NAMES as readonly string[]).includes(name ?? '') ? (name as KitName) : null;
  return { kind: 'kit', name: known, requested };
}
