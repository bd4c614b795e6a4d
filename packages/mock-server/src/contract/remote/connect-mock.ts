/**
 * `--mock-url`: connects to a running `koogallery-mock` and makes sure it is set up for the seller under test
 * before any lifecycle step is played through its admin API. Read from `GET /__admin/config`:
 *
 * - it delivers to the same seller URL (origin and path) with the same protocol generation;
 * - it signs with the same key — and, when `--kit-key` is given, the same kit key — proven with a fresh
 *   challenge (key-proof.ts), so no key travels over the wire;
 * - its business clock is virtual (the lifecycle moves time by months in a few calls).
 *
 * Every mismatch is listed at once in a `ConfigError` (exit 2); an unreachable mock is a `ConnectionError`
 * (exit 2), a missing or wrong admin token a `ConfigError` naming `--admin-token`.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, ConnectionError } from '@koogallery-kit/sdk';
import type { MockConfigurationAnswer, MockConfigurationView } from '../../http/admin/config-routes';
import { keyProofMatches } from '../../http/admin/key-proof';
import type { ContractProtocol } from '../types';
import { MockAdminError, createMockAdminClient, type MockAdminClient } from './admin-client';

/** A running mock the lifecycle checks are played on. */
export interface ConnectedMock {
  client: MockAdminClient;
  /** Its configuration as it described it. */
  config: MockConfigurationView;
}

/** What the mock must match. */
export interface ConnectMockOptions {
  mockUrl: string;
  adminToken?: string;
  sellerUrl: string;
  key: string;
  kitKey?: string;
  protocol: ContractProtocol;
  /** HTTP client. Default the global `fetch`. */
  fetch?: typeof fetch;
}

/** Environment variable of the admin token (shared with `koogallery-mock start` and `trigger`). */
const TOKEN_ENV = 'KOOGALLERY_MOCK_ADMIN_TOKEN';

/** Origin and path of a URL (what the mock shows of its seller URL), or the text as given when it does not parse. */
export function originAndPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}

/** Reads the mock's configuration with key proofs; throws the typed errors of the module doc. */
async function readConfig(
  client: MockAdminClient,
  challenge: string,
  hasToken: boolean,
): Promise<MockConfigurationAnswer> {
  let answer: unknown;
  try {
    answer = await client.get<unknown>('/config', { challenge });
  } catch (error) {
    if (error instanceof MockAdminError) {
      if (error.status === 401) {
        throw new ConfigError(
          hasToken
            ? `The mock at ${client.url} refused the admin token: pass the token it was started with (--admin-token or $${TOKEN_ENV}).`
            : `The mock at ${client.url} requires an admin token: pass it with --admin-token (or set $${TOKEN_ENV}).`,
          { cause: error },
        );
      }
      // A koogallery-mock answers errors as { error: { code } }; anything else is another server.
      if (error.code === 'NOT_A_MOCK' || error.code.startsWith('HTTP_')) {
        throw new ConfigError(
          `${client.url} is not a koogallery-mock (GET /__admin/config answered HTTP ${error.status} without the mock's error format); check --mock-url.`,
          { cause: error },
        );
      }
      if (error.status === 404) {
        throw new ConfigError(
          `The mock at ${client.url} does not describe its configuration (GET /__admin/config answered ${error.code}): it is too old for --mock-url; update it.`,
          { cause: error },
        );
      }
      throw new ConfigError(
        `The mock at ${client.url} refused to describe its configuration: ${error.message}`,
        {
          cause: error,
        },
      );
    }
    if (error instanceof ConnectionError) throw error;
    throw new ConnectionError(
      `The mock at ${client.url} could not be asked for its configuration (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
  const a = answer as Partial<MockConfigurationAnswer> | null;
  if (a === null || typeof a !== 'object' || a.name !== 'koogallery-mock' || typeof a.delivery !== 'string') {
    throw new ConfigError(
      `${client.url} answered GET /__admin/config with something that is not a koogallery-mock configuration; check --mock-url.`,
    );
  }
  return a as MockConfigurationAnswer;
}

/** Every way the mock's configuration differs from what the run needs. */
function mismatches(o: ConnectMockOptions, c: MockConfigurationAnswer, challenge: string): string[] {
  const problems: string[] = [];
  const wanted = originAndPath(o.sellerUrl);
  if (c.delivery === 'custom') {
    problems.push(
      'it delivers through a custom function, not to a seller URL: start it with --seller-url and --key',
    );
  } else if (c.delivery === 'none' || c.sellerUrl === null) {
    problems.push(`it has no seller URL: start it with --seller-url ${wanted} and the same --key`);
  } else if (c.sellerUrl !== wanted) {
    problems.push(
      `it calls ${c.sellerUrl}, but the suite checks ${wanted}: start it with --seller-url ${wanted}`,
    );
  }
  if (c.delivery === 'seller') {
    const proof = c.keyProof;
    if (proof?.challenge !== challenge) {
      problems.push('it did not prove its keys for the challenge sent (a mock too old for --mock-url?)');
    } else {
      if (!keyProofMatches(o.key, challenge, proof.key)) {
        problems.push('it signs calls with a different key than --key: start it with the same key');
      }
      if (o.kitKey !== undefined && !keyProofMatches(o.kitKey, challenge, proof.kitKey)) {
        problems.push(
          'its kit key differs from --kit-key: start it with the same --kit-key (without one it signs kit calls with --key)',
        );
      }
    }
  }
  if (c.protocol !== o.protocol) {
    problems.push(
      `it sends the ${c.protocol.toUpperCase()} interfaces, but the suite checks ${o.protocol.toUpperCase()}: start it with --protocol ${o.protocol}`,
    );
  }
  if (c.clock?.kind !== 'virtual') {
    problems.push(
      'it runs on the real clock, but the lifecycle checks move business time by months: start it with --clock virtual (the default)',
    );
  }
  return problems;
}

/** Connects to the mock and checks its configuration (see module doc). */
export async function connectMock(o: ConnectMockOptions): Promise<ConnectedMock> {
  const client = createMockAdminClient({
    mockUrl: o.mockUrl,
    ...(o.adminToken === undefined ? {} : { adminToken: o.adminToken }),
    ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
  });
  const challenge = randomBytes(24).toString('base64url');
  const config = await readConfig(client, challenge, o.adminToken !== undefined);
  const problems = mismatches(o, config, challenge);
  if (problems.length > 0) {
    throw new ConfigError(
      `The mock at ${client.url} is not set up for this seller; fix these and run again:\n- ${problems.join('\n- ')}`,
    );
  }
  const { keyProof: _proof, ...view } = config;
  return { client, config: view };
}
