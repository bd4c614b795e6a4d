/**
 * Which interfaces a run exercises (charging mode, protocol, kit, `--skip`) and which checks it selects
 * (`--only`, `--skip`).
 */
import {
  ConfigError,
  INTERFACE_NAMES,
  JOINT_OPERATIONS_INTERFACES,
  interfacesForChargingMode,
  type BasicInterfaceName,
  type ChargingMode,
  type InterfaceName,
  type V1InterfaceName,
} from '@koogallery-kit/sdk';
import type { ContractCheck, ContractProtocol } from './types';

/**
 * V1 counterpart of each V2 basic interface. V1 publishes no charging-mode matrix (§9); the suite reads the V2
 * matrix through this mapping (expireInstance plays the role of the freeze), and adds instanceStatus for
 * pay-per-use products (§9.9). changeInstanceCheck and orderNotify have no V1 counterpart.
 */
export const V1_COUNTERPART: Readonly<Partial<Record<BasicInterfaceName, V1InterfaceName>>> = Object.freeze({
  newInstance: 'v1NewInstance',
  queryInstance: 'v1QueryInstance',
  refreshInstance: 'v1RefreshInstance',
  updateInstanceStatus: 'v1ExpireInstance',
  releaseInstance: 'v1ReleaseInstance',
  upgradeInstance: 'v1Upgrade',
});

/** The interface to call for a V2 basic interface in the given protocol, or undefined when V1 has none. */
export function interfaceFor(
  name: BasicInterfaceName,
  protocol: ContractProtocol,
): InterfaceName | undefined {
  return protocol === 'v2' ? name : V1_COUNTERPART[name];
}

/**
 * Interfaces a product with `mode` must (and, for optional ones, may) answer: required and optional interfaces of
 * the §1 matrix (optional ones are included: skip them when the product does not implement them), in the
 * protocol's naming, plus the kit interfaces when `kit`.
 */
export function interfacesInScope(
  mode: ChargingMode,
  protocol: ContractProtocol,
  kit: boolean,
  skipped: ReadonlySet<string>,
): InterfaceName[] {
  const matrix = interfacesForChargingMode(mode);
  const basic = [...matrix.required, ...matrix.optional] as BasicInterfaceName[];
  const out: InterfaceName[] = [];
  for (const name of basic) {
    const actual = interfaceFor(name, protocol);
    if (actual !== undefined) out.push(actual);
  }
  if (protocol === 'v1' && mode === 'ON_DEMAND') out.push('v1InstanceStatus');
  if (kit) out.push(...JOINT_OPERATIONS_INTERFACES);
  return out.filter((name) => !skipped.has(name));
}

/** Splits `a,b` / `['a', 'b,c']` into trimmed, non-empty entries. */
export function splitList(value: readonly string[] | string | undefined, what: string): string[] {
  if (value === undefined) return [];
  // `unknown`: JavaScript callers and config files pass anything.
  const items: unknown = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items) || !items.every((v: unknown): v is string => typeof v === 'string')) {
    throw new ConfigError(
      `${what} must be a string or an array of strings (check ids, groups or interfaces).`,
    );
  }
  return items
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Interface-name entry in the protocol's naming (`newInstance` means v1NewInstance in a V1 run). */
function asInterface(entry: string, protocol: ContractProtocol): InterfaceName | undefined {
  if (protocol === 'v1' && Object.prototype.hasOwnProperty.call(V1_COUNTERPART, entry)) {
    return V1_COUNTERPART[entry as BasicInterfaceName];
  }
  return (INTERFACE_NAMES as readonly string[]).includes(entry) ? (entry as InterfaceName) : undefined;
}

/** True when `entry` names the check: its id, its group, or a dotted prefix of its id. */
function namesCheck(entry: string, check: ContractCheck<never>): boolean {
  return entry === check.id || entry === check.group || check.id.startsWith(`${entry}.`);
}

/** Input of {@link selectChecks}. */
export interface SelectionInput<C extends ContractCheck<never>> {
  /** Every check of the catalogue. */
  catalogue: readonly C[];
  protocol: ContractProtocol;
  mode: ChargingMode;
  kit: boolean;
  only: readonly string[];
  skip: readonly string[];
}

/** The selected checks (catalogue order) and the interfaces in scope. */
export interface Selection<C> {
  checks: C[];
  interfaces: InterfaceName[];
}

/**
 * Applies the charging mode, protocol, kit and the `only` / `skip` lists. Throws `ConfigError` for an entry that
 * names no check, group or interface, listing the valid groups.
 */
export function selectChecks<C extends ContractCheck<never>>(input: SelectionInput<C>): Selection<C> {
  const { catalogue, protocol } = input;
  const unknown = [...input.only, ...input.skip].filter(
    (entry) => asInterface(entry, protocol) === undefined && !catalogue.some((c) => namesCheck(entry, c)),
  );
  if (unknown.length > 0) {
    const groups = [...new Set(catalogue.map((c) => c.group))].filter((g) => !asInterface(g, protocol));
    throw new ConfigError(
      `Unknown check, group or interface in --only/--skip: ${unknown.join(', ')}. Use an interface name (e.g. ` +
        `newInstance), a group (${groups.join(', ')}) or a check id (see docs/conformance.md).`,
    );
  }
  const skippedInterfaces = new Set(
    input.skip.map((e) => asInterface(e, protocol)).filter((n): n is InterfaceName => n !== undefined),
  );
  const interfaces = interfacesInScope(input.mode, protocol, input.kit, skippedInterfaces);
  const inScope = new Set<string>(interfaces);
  const onlyInterfaces = new Set(
    input.only.map((e) => asInterface(e, protocol)).filter((n) => n !== undefined),
  );

  const eligible = catalogue.filter((check) => {
    const r = check.requires;
    if (!r.protocols.includes(protocol)) return false;
    if (r.kit === true && !input.kit) return false;
    if (r.chargingModes !== undefined && !r.chargingModes.includes(input.mode)) return false;
    if (!r.needs.every((n) => inScope.has(n))) return false;
    if (r.interfaces.length > 0 && !r.interfaces.some((n) => inScope.has(n))) return false;
    if (input.skip.some((entry) => asInterface(entry, protocol) === undefined && namesCheck(entry, check))) {
      return false;
    }
    return true;
  });
  if (input.only.length === 0) return { checks: eligible, interfaces };

  const picked = eligible.filter(
    (check) =>
      !check.final &&
      input.only.some(
        (entry) =>
          namesCheck(entry, check) ||
          check.requires.interfaces.some((n) => onlyInterfaces.has(n) && n === asInterface(entry, protocol)),
      ),
  );
  // Final checks (errors.reply-format) judge what the picked checks recorded: keep them when named, or when a
  // picked check feeds them.
  const feeds = picked.some((p) => p.refusals === true);
  const finals = eligible.filter(
    (check) => check.final === true && (feeds || input.only.some((entry) => namesCheck(entry, check))),
  );
  const chosen = new Set<ContractCheck<never>>([...picked, ...finals]);
  return { checks: eligible.filter((c) => chosen.has(c)), interfaces };
}
