/** Internal: which interface family a request path addresses, and which method it must use. */

/** The kit interfaces, each at `<production URL>/produceAPI/v2/<name>`. */
export const KIT_NAMES = [
  'tenantSync',
  'applicationSync',
  'authSync',
  'singleOrgSync',
  'allOrgSync',
] as const;

/** A kit interface name. */
export type KitName = (typeof KIT_NAMES)[number];

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
