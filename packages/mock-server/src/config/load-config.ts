/**
 * Configuration of `koogallery-mock start`: a JSON file (`--config FILE`), environment variables for secrets,
 * and command-line flags, merged in that order (flags win) and validated against {@link MOCK_CONFIG_SCHEMA} with
 * its ajv validator, compiled ahead of time by scripts/generate-config-validator.ts (`generated/`), so neither
 * ajv nor a schema compilation is on the start path. Every problem is reported at once, each naming where it
 * came from (`--port`, `mock.json: retrySchedules…`, `$KOOGALLERY_ACCESS_KEY`); values are never echoed, so a
 * mistyped key cannot leak into a terminal.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ConfigError } from '@koogallery-kit/sdk';
import { checkCatalog, type CatalogData } from '../engine/model/catalog';
import { createClientSecretEncryptor } from '@koogallery-kit/sdk/platform';
import { resolveRetrySchedules } from '../engine/jobs/retry-schedules';
import type { ProductionInterface, RetrySchedule } from '../engine/model/types';
import { parseDuration } from './duration';
import type { MockEngineSettings, MockMarketplaceOptions } from '../mock-marketplace';
import { MOCK_CONFIG_SCHEMA, type ConfigRetrySchedule, type MockConfig } from './config-schema';
import validateConfigSchema, { type ConfigSchemaError } from './generated/config-validator';

/** Environment variables read for secrets (flags and the file win over them... see {@link loadMockConfig}). */
export const CONFIG_ENV = Object.freeze({
  key: 'KOOGALLERY_ACCESS_KEY',
  kitKey: 'KOOGALLERY_KIT_ACCESS_KEY',
  adminToken: 'KOOGALLERY_MOCK_ADMIN_TOKEN',
  sk: 'KOOGALLERY_MOCK_SK',
} as const);

/** Defaults of `koogallery-mock start`. */
export const START_DEFAULTS = Object.freeze({
  port: 8787,
  host: '127.0.0.1',
  db: './.koogallery-mock/mock.db',
  clock: 'virtual' as const,
  timeout: 5_000,
});

/** Command-line flag of each configuration key. */
export const FLAG_OF: Readonly<Partial<Record<keyof MockConfig, string>>> = Object.freeze({
  sellerUrl: '--seller-url',
  key: '--key',
  kitKey: '--kit-key',
  protocol: '--protocol',
  encryptType: '--encrypt-type',
  kitPublicKey: '--kit-public-key',
  port: '--port',
  host: '--host',
  db: '--db',
  clock: '--clock',
  timeScale: '--time-scale',
  startAt: '--start-at',
  timeout: '--timeout',
  adminToken: '--admin-token',
  allowedHosts: '--allowed-host',
  ak: '--ak',
  sk: '--sk',
  seed: '--seed',
});

/** One configuration problem. */
export interface ConfigProblem {
  /** Where the value came from: a flag (`--port`), the file name, or an environment variable (`$NAME`). */
  source: string;
  /** The key inside that source (`port`, `retrySchedules.newInstance.retryAtMs[0]`); empty for the whole source. */
  path: string;
  message: string;
}

/** A configuration that cannot be used; `problems` lists every problem found. Code CONFIG_INVALID. */
export class ConfigProblemsError extends ConfigError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      `The configuration is invalid; fix these and try again:\n${problems.map((p) => `- ${describeProblem(p)}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

/** `--port: must be …` / `mock.json: port: must be …`. */
export function describeProblem(p: ConfigProblem): string {
  if (p.source.startsWith('--') || p.source.startsWith('$')) {
    return `${p.source}${p.path !== '' && p.path !== FLAG_KEY_OF[p.source] ? ` (${p.path})` : ''}: ${p.message}`;
  }
  return `${p.source}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`;
}

const FLAG_KEY_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FLAG_OF).map(([k, f]) => [f, k]),
);

/** Where the configuration comes from. */
export interface ConfigSources {
  /** Path of the JSON configuration file, if any. */
  file?: string;
  /** Values given as flags, by configuration key (strings are converted where the schema wants numbers). */
  flags?: Partial<Record<keyof MockConfig, unknown>>;
  /** Environment. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths (config file, db) are resolved against. Default `process.cwd()`. */
  cwd?: string;
}

/** The configuration with defaults applied, ready for {@link toMarketplaceOptions}. */
export interface ResolvedMockConfig {
  sellerUrl?: string;
  key?: string;
  kitKey?: string;
  /** Generation of the basic interfaces. */
  protocol: 'v2' | 'v1';
  /** Absolute path of the kit public key file, when given. */
  kitPublicKey?: string;
  port: number;
  host: string;
  /** Absolute path of the SQLite file, or `:memory:`. */
  db: string;
  clock: 'virtual' | 'real';
  timeScale?: number;
  startAt?: string;
  timeout: number;
  timeLimit?: number;
  adminToken?: string;
  allowedHosts?: string[];
  ak?: string;
  sk?: string;
  /** Engine settings (seed, schedules, catalog…). */
  engine: MockEngineSettings;
  /** Absolute path of the configuration file, when one was read. */
  configFile?: string;
}

/** The unescaped segments of a JSON Pointer (`/a~1b/0` → `['a/b', '0']`). */
function pointerParts(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/retrySchedules/newInstance/retryAtMs/0` → `retrySchedules.newInstance.retryAtMs[0]`. */
function dotted(pointer: string): string {
  return pointerParts(pointer).reduce(
    (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`),
    '',
  );
}

/** A close known key for an unknown one (`seller-url` → `sellerUrl`). */
function suggest(unknown: string, known: readonly string[]): string {
  const norm = (s: string): string => s.replace(/[-_\s]/g, '').toLowerCase();
  const hit = known.find((k) => norm(k) === norm(unknown));
  return hit === undefined ? `known keys: ${known.join(', ')}` : `did you mean ${hit}?`;
}

/**
 * Known property names of the object at `instancePath` (for unknown-key messages): the schema is walked along the
 * instance path, and into the `oneOf` branch the error's `schemaPath` names (a retry schedule's `offsets` or
 * `interval`). The schema path alone cannot be used: inside a subschema the validator shares (a retry schedule,
 * see scripts/generate-config-validator.ts) it is relative to that subschema.
 */
function knownKeysAt(instancePath: string, schemaPath: string): string[] {
  let node: unknown = MOCK_CONFIG_SCHEMA;
  for (const part of pointerParts(instancePath)) {
    const at = node as { properties?: Record<string, unknown>; items?: unknown } | undefined;
    node = at?.properties?.[part] ?? (/^\d+$/.test(part) ? at?.items : undefined);
  }
  const branch = /\/oneOf\/(\d+)\/additionalProperties$/.exec(schemaPath)?.[1];
  if (branch !== undefined) node = (node as { oneOf?: unknown[] } | undefined)?.oneOf?.[Number(branch)];
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props === undefined ? [] : Object.keys(props).filter((k) => k !== '$schema');
}

/** Readable messages from ajv errors, one per problem (anyOf noise folded into one message per value). */
function messagesOf(errors: readonly ConfigSchemaError[]): Array<{ path: string; message: string }> {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const out: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let path = e.instancePath;
    let message: string;
    if (anyOfPaths.has(path) && e.keyword !== 'anyOf') continue;
    switch (e.keyword) {
      case 'anyOf':
        message = 'must be milliseconds (a whole number) or a duration such as 30s, 90m, 1h30m, 2d';
        break;
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        path = `${path}/${extra}`;
        message = `unknown key; ${suggest(extra, knownKeysAt(e.instancePath, e.schemaPath))}`;
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        path = `${path}/${missing}`;
        message = 'required';
        break;
      }
      case 'enum':
        message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
        break;
      case 'pattern':
        message =
          path === '/sellerUrl'
            ? 'must be an absolute http(s) URL, e.g. https://seller.example.com/produce'
            : path === '/sellerEmail'
              ? 'must be an e-mail address'
              : 'has the wrong format';
        break;
      case 'discriminator':
        message = 'kind must be "offsets" or "interval"';
        path = `${path}/kind`;
        break;
      case 'oneOf':
        continue; // the failing branch reports the precise problem
      default:
        message = e.message ?? 'is invalid';
    }
    const id = `${path}|${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ path, message });
  }
  return out;
}

/**
 * The problems (dotted path, plain message) that ajv errors of {@link MOCK_CONFIG_SCHEMA} describe: one per
 * problem, unknown keys with a suggestion, the noise of `anyOf`/`oneOf` folded. Internal (not exported by the
 * package); tests feed it the errors of a schema compiled at run time to compare with the prebuilt validator.
 */
export function describeSchemaErrors(
  errors: readonly ConfigSchemaError[],
): Array<{ path: string; message: string }> {
  return messagesOf(errors).map((m) => ({ path: dotted(m.path), message: m.message }));
}

/** Problems of one source object against the schema. */
export function validateMockConfig(value: unknown): Array<{ path: string; message: string }> {
  if (validateConfigSchema(value)) return [];
  return describeSchemaErrors(validateConfigSchema.errors ?? []);
}

const NUMERIC_KEYS: ReadonlySet<string> = new Set([
  'encryptType',
  'port',
  'timeout',
  'timeLimit',
  'timeScale',
  'gracePeriodDays',
  'concurrency',
]);

/** Flag values arrive as strings; numbers are converted when they look like numbers (else the schema objects). */
function typedFlags(flags: Partial<Record<keyof MockConfig, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flags)) {
    if (v === undefined) continue;
    if (NUMERIC_KEYS.has(k) && typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) out[k] = Number(v);
    else if (k === 'allowedHosts' && typeof v === 'string') out[k] = v.split(',').map((h) => h.trim());
    else out[k] = v;
  }
  return out;
}

/** Reads the configuration file; problems are appended (never thrown). */
function readFile(path: string, problems: ConfigProblem[]): Record<string, unknown> {
  const source = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({
      source: '--config',
      path: '',
      message:
        code === 'ENOENT'
          ? `file ${path} does not exist`
          : code === 'EISDIR'
            ? `${path} is a directory; give the JSON file`
            : `cannot read ${path} (${code ?? 'read error'})`,
    });
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // The parser's message may quote the file's text (and with it a key): only the position is used.
    const pos = /position (\d+)/.exec((error as Error).message)?.[1];
    let where = '';
    if (pos !== undefined) {
      const before = text.slice(0, Number(pos));
      const line = before.split('\n').length;
      const column = Number(pos) - before.lastIndexOf('\n');
      where = ` near line ${line}, column ${column}`;
    }
    problems.push({
      source,
      path: '',
      message: `is not valid JSON${where}; check commas, quotes and braces`,
    });
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ source, path: '', message: 'must contain one JSON object of settings' });
    return {};
  }
  return value as Record<string, unknown>;
}

/** Converts the durations of configured retry schedules to milliseconds. */
function toSchedules(
  given: MockConfig['retrySchedules'],
): Partial<Record<ProductionInterface, RetrySchedule>> | undefined {
  if (given === undefined) return undefined;
  const ms = (v: number | string): number => {
    const parsed = parseDuration(v);
    return parsed.ok ? parsed.ms : Number.NaN;
  };
  const out: Partial<Record<ProductionInterface, RetrySchedule>> = {};
  for (const [name, s] of Object.entries(given) as Array<[ProductionInterface, ConfigRetrySchedule]>) {
    out[name] =
      s.kind === 'offsets'
        ? { kind: 'offsets', retryAtMs: s.retryAtMs.map(ms), onExhausted: s.onExhausted }
        : { kind: 'interval', everyMs: ms(s.everyMs), forMs: ms(s.forMs), onExhausted: s.onExhausted };
  }
  return out;
}

/** The source a merged key came from, for cross-field messages. */
function sourceOf(
  key: keyof MockConfig,
  flags: Record<string, unknown>,
  envKeys: ReadonlySet<string>,
  fileName: string | undefined,
): string {
  if (flags[key] !== undefined) return FLAG_OF[key] ?? `--${key}`;
  if (envKeys.has(key)) return `$${CONFIG_ENV[key as keyof typeof CONFIG_ENV]}`;
  return fileName ?? FLAG_OF[key] ?? key;
}

/** The values of the `--config` file, its absolute path and its name (the source of its problems). */
interface FileValues {
  values: Record<string, unknown>;
  path?: string;
  name?: string;
}

/** Step 1: reads and validates the `--config` file, if one is given. */
function readConfigFile(file: string | undefined, cwd: string, problems: ConfigProblem[]): FileValues {
  if (file === undefined) return { values: {} };
  if (typeof file !== 'string' || file === '') {
    problems.push({ source: '--config', path: '', message: 'needs the path of a JSON file' });
    return { values: {} };
  }
  const path = resolve(cwd, file);
  const name = basename(path);
  const values = readFile(path, problems);
  for (const p of validateMockConfig(values)) problems.push({ source: name, ...p });
  return { values, path, name };
}

/** Step 2: types and validates the command-line flags; a problem is named by the flag. */
function readFlags(
  given: Partial<Record<keyof MockConfig, unknown>>,
  problems: ConfigProblem[],
): Record<string, unknown> {
  const flags = typedFlags(given);
  for (const p of validateMockConfig(flags)) {
    const key = p.path.split(/[.[]/)[0] as keyof MockConfig;
    problems.push({ source: FLAG_OF[key] ?? `--${key}`, path: p.path, message: p.message });
  }
  return flags;
}

/** Step 3: reads and validates the environment variables of {@link CONFIG_ENV} (secrets only). */
function readEnvironment(env: NodeJS.ProcessEnv, problems: ConfigProblem[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(CONFIG_ENV)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    values[key] = v;
    // The variable holds exactly one key, so the problem is named by the variable alone.
    for (const p of validateMockConfig({ [key]: v }))
      problems.push({ source: `$${name}`, path: '', message: p.message });
  }
  return values;
}

/** The merged settings of the cross-field steps, and where to report their problems. */
interface Merged {
  config: MockConfig;
  /** The source a key came from (flag, variable or file name). */
  from: (key: keyof MockConfig) => string;
  fileName: string | undefined;
  cwd: string;
  problems: ConfigProblem[];
}

/** Step 4a: a seller URL needs its key; a kit key needs a seller URL. */
function checkSeller({ config, from, fileName, problems }: Merged): void {
  if (config.sellerUrl !== undefined && config.key === undefined) {
    problems.push({
      source: '--key',
      path: '',
      message: `required with ${from('sellerUrl') === fileName ? 'sellerUrl' : '--seller-url'}: the key bound to the production interface (or set $${CONFIG_ENV.key})`,
    });
  }
  if (config.kitKey !== undefined && config.sellerUrl === undefined) {
    problems.push({
      source: from('kitKey'),
      path: 'kitKey',
      message: 'only used with a seller URL (--seller-url)',
    });
  }
}

/** Step 4b: `timeScale` belongs to the real clock, `startAt` to the virtual one. Returns the clock. */
function checkClock({ config, from, problems }: Merged): MockConfig['clock'] & string {
  const clock = config.clock ?? START_DEFAULTS.clock;
  if (config.timeScale !== undefined && clock !== 'real') {
    problems.push({
      source: from('timeScale'),
      path: 'timeScale',
      message: 'only applies to the real clock (--clock real)',
    });
  }
  if (config.startAt !== undefined) {
    if (clock !== 'virtual') {
      problems.push({
        source: from('startAt'),
        path: 'startAt',
        message: 'only applies to the virtual clock',
      });
    } else if (!Number.isFinite(Date.parse(config.startAt))) {
      problems.push({
        source: from('startAt'),
        path: 'startAt',
        message: 'must be an ISO-8601 time, e.g. 2025-03-10T02:00:00Z',
      });
    }
  }
  return clock;
}

/** Step 4c: the Open API takes an AK/SK pair or neither. */
function checkOpenApiPair({ config, problems }: Merged): void {
  if ((config.ak === undefined) === (config.sk === undefined)) return;
  const missing = config.ak === undefined ? 'ak' : 'sk';
  problems.push({
    source: FLAG_OF[missing] as string,
    path: '',
    message: `required with ${missing === 'ak' ? '--sk' : '--ak'}: the Open API accepts one AK/SK pair`,
  });
}

/** Step 4d: V1 needs the seller key; `encryptType` belongs to V1. Returns the protocol. */
function checkProtocol({ config, from, problems }: Merged): 'v1' | 'v2' {
  const protocol = config.protocol ?? 'v2';
  if (protocol === 'v1' && config.key === undefined) {
    problems.push({
      source: '--key',
      path: '',
      message: `required with protocol v1: V1 encrypts fields with the seller key (or set $${CONFIG_ENV.key})`,
    });
  }
  if (config.encryptType !== undefined && protocol !== 'v1') {
    problems.push({
      source: from('encryptType'),
      path: 'encryptType',
      message: 'only applies to protocol v1',
    });
  }
  return protocol;
}

/** Step 4e: reads the kit public key file into a client-secret encryptor. */
function readKitPublicKey({ config, from, fileName, cwd, problems }: Merged): {
  path?: string;
  encrypt?: (secret: string) => string;
} {
  if (config.kitPublicKey === undefined) return {};
  const path = resolve(cwd, config.kitPublicKey);
  const source = from('kitPublicKey');
  try {
    return { path, encrypt: createClientSecretEncryptor(readFileSync(path, 'utf8')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({
      source,
      path: source === fileName ? 'kitPublicKey' : '',
      message:
        code === 'ENOENT'
          ? `file ${path} does not exist`
          : code !== undefined && code.startsWith('E')
            ? `cannot read ${path} (${code})`
            : (error as Error).message,
    });
    return { path };
  }
}

/** Step 4f: probing delists no earlier than it freezes. */
function checkProbing({ config, from, problems }: Merged): void {
  const probing = config.probing;
  if (probing?.delistAfterDays !== undefined && probing.delistAfterDays < (probing.freezeAfterDays ?? 5)) {
    problems.push({
      source: from('probing'),
      path: 'probing.delistAfterDays',
      message: 'must be at least probing.freezeAfterDays',
    });
  }
}

/** Step 4g: the retry schedules in milliseconds, checked by the engine's own rules. */
function checkRetrySchedules({ config, from, problems }: Merged): ReturnType<typeof toSchedules> {
  const retrySchedules = toSchedules(config.retrySchedules);
  if (retrySchedules === undefined) return undefined;
  try {
    resolveRetrySchedules(retrySchedules);
  } catch (error) {
    for (const line of (error as Error).message.split('\n').slice(1)) {
      const m = /^- ([^:]+): (.*)$/.exec(line);
      if (m !== null)
        problems.push({ source: from('retrySchedules'), path: m[1] as string, message: m[2] as string });
    }
  }
  return retrySchedules;
}

/** Step 4h: the catalogue, checked by the engine's own rules. */
function checkCatalogSetting({ config, from, problems }: Merged): void {
  if (config.catalog === undefined) return;
  for (const line of checkCatalog(config.catalog as unknown as CatalogData)) {
    const m = /^([^:]+): (.*)$/.exec(line);
    problems.push({ source: from('catalog'), path: m?.[1] ?? 'catalog', message: m?.[2] ?? line });
  }
}

/** Step 5: the engine settings of a valid configuration. */
function engineSettings(
  config: MockConfig,
  protocol: 'v1' | 'v2',
  encryptClientSecret: ((secret: string) => string) | undefined,
  retrySchedules: ReturnType<typeof toSchedules>,
): MockEngineSettings {
  const engine: MockEngineSettings = {};
  if (protocol === 'v1') {
    engine.protocol = 'v1';
    engine.v1 = { accessKey: config.key as string, encryptType: config.encryptType ?? 1 };
  }
  if (encryptClientSecret !== undefined) engine.jointOperations = { encryptClientSecret };
  if (config.seed !== undefined) engine.seed = config.seed;
  if (config.testFlag !== undefined) engine.testFlag = config.testFlag;
  if (config.gracePeriodDays !== undefined) engine.gracePeriodDays = config.gracePeriodDays;
  if (config.concurrency !== undefined) engine.concurrency = config.concurrency;
  if (config.timeZoneOffsetMinutes !== undefined) engine.timeZoneOffsetMinutes = config.timeZoneOffsetMinutes;
  if (config.sellerEmail !== undefined) engine.sellerEmail = config.sellerEmail;
  if (config.failedOrdersDelistThreshold !== undefined) {
    engine.failedOrdersDelistThreshold = config.failedOrdersDelistThreshold;
  }
  if (config.renewalChangeWindowDays !== undefined)
    engine.renewalChangeWindowDays = config.renewalChangeWindowDays;
  if (config.probing !== undefined) engine.probing = { ...config.probing };
  if (config.businessFlows !== undefined) engine.businessFlows = { ...config.businessFlows };
  if (config.settlement !== undefined) engine.settlement = { ...config.settlement };
  if (retrySchedules !== undefined) engine.retrySchedules = retrySchedules;
  if (config.catalog !== undefined) engine.catalog = config.catalog as unknown as CatalogData;
  return engine;
}

/** Settings copied as given when set. */
const OPTIONAL_KEYS = [
  'sellerUrl',
  'key',
  'kitKey',
  'timeScale',
  'startAt',
  'timeLimit',
  'adminToken',
  'allowedHosts',
  'ak',
  'sk',
] as const;

/**
 * Loads, merges and validates the configuration (see module doc). Precedence: flags, then environment
 * variables (secrets only: {@link CONFIG_ENV}), then the file, then {@link START_DEFAULTS}. Throws
 * {@link ConfigProblemsError} listing every problem.
 */
export function loadMockConfig(sources: ConfigSources = {}): ResolvedMockConfig {
  const cwd = sources.cwd ?? process.cwd();
  const problems: ConfigProblem[] = [];
  const file = readConfigFile(sources.file, cwd, problems);
  const flags = readFlags(sources.flags ?? {}, problems);
  const envValues = readEnvironment(sources.env ?? process.env, problems);
  if (problems.length > 0) throw new ConfigProblemsError(problems);

  // Cross-field rules (each value is valid on its own at this point).
  const config = { ...file.values, ...envValues, ...flags } as MockConfig;
  const envKeys = new Set(Object.keys(envValues));
  const merged: Merged = {
    config,
    from: (key) => sourceOf(key, flags, envKeys, file.name),
    fileName: file.name,
    cwd,
    problems,
  };
  checkSeller(merged);
  const clock = checkClock(merged);
  checkOpenApiPair(merged);
  const protocol = checkProtocol(merged);
  const kitPublicKey = readKitPublicKey(merged);
  checkProbing(merged);
  const retrySchedules = checkRetrySchedules(merged);
  checkCatalogSetting(merged);
  if (problems.length > 0) throw new ConfigProblemsError(problems);

  const db = config.db ?? START_DEFAULTS.db;
  const resolved: ResolvedMockConfig = {
    port: config.port ?? START_DEFAULTS.port,
    host: config.host ?? START_DEFAULTS.host,
    db: db === ':memory:' ? db : resolve(cwd, db),
    protocol,
    clock,
    timeout: config.timeout ?? START_DEFAULTS.timeout,
    engine: engineSettings(config, protocol, kitPublicKey.encrypt, retrySchedules),
  };
  for (const k of OPTIONAL_KEYS) {
    if (config[k] !== undefined) (resolved as unknown as Record<string, unknown>)[k] = config[k];
  }
  if (file.path !== undefined) resolved.configFile = file.path;
  if (kitPublicKey.path !== undefined) resolved.kitPublicKey = kitPublicKey.path;
  return resolved;
}

/** Options of `createMockMarketplace` for a resolved configuration. */
export function toMarketplaceOptions(c: ResolvedMockConfig): MockMarketplaceOptions {
  const o: MockMarketplaceOptions = {
    host: c.host,
    port: c.port,
    db: c.db,
    clock: c.clock,
    timeoutMs: c.timeout,
    engine: c.engine,
  };
  if (c.sellerUrl !== undefined) o.sellerUrl = c.sellerUrl;
  if (c.key !== undefined) o.accessKey = c.key;
  if (c.kitKey !== undefined) o.kitAccessKey = c.kitKey;
  if (c.timeScale !== undefined) o.timeScale = c.timeScale;
  if (c.startAt !== undefined) o.startAt = c.startAt;
  if (c.timeLimit !== undefined) o.timeLimitMs = c.timeLimit;
  if (c.adminToken !== undefined) o.adminToken = c.adminToken;
  if (c.allowedHosts !== undefined) o.allowedHosts = [...c.allowedHosts];
  if (c.ak !== undefined && c.sk !== undefined) o.openApi = { accessKey: c.ak, secretKey: c.sk };
  return o;
}
