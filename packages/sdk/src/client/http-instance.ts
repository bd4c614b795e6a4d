/**
 * The axios instance behind the Open API client and the login client. TLS certificates are always verified
 * (the Open-API pages insist on it, §8.1): an agent that disables verification is refused.
 */
import type { Agent as HttpAgent } from 'node:http';
import { ConfigError } from '../errors';
import { createLazyAxios, type AxiosLike } from '../util/lazy-axios';

/** `User-Agent` of every request. */
export const USER_AGENT = 'koogallery-kit-sdk';

/** An `http.Agent` or `https.Agent` (keep-alive, proxy agents, custom CA...). */
export type ClientAgent = HttpAgent;

/** Options of {@link createHttpInstance}. */
export interface HttpInstanceOptions {
  /** Agent used for every request; an `https.Agent` for https URLs, an `http.Agent` for http ones. */
  httpAgent?: ClientAgent;
  /** Name of the option in messages. Default `httpAgent`. */
  optionName?: string;
  /** Whether any target is https: the process-wide TLS switch is then checked too. */
  usesHttps: boolean;
}

function isHttpsAgent(agent: ClientAgent): boolean {
  return (agent as unknown as { protocol?: string }).protocol === 'https:';
}

/**
 * Throws ConfigError when TLS verification would be off: an agent with `rejectUnauthorized: false`, or
 * `NODE_TLS_REJECT_UNAUTHORIZED=0` in the environment while calling an https host.
 */
export function assertTlsVerification(options: HttpInstanceOptions): void {
  const name = options.optionName ?? 'httpAgent';
  const agent = options.httpAgent;
  if (agent !== undefined) {
    if (
      agent === null ||
      typeof agent !== 'object' ||
      typeof (agent as { destroy?: unknown }).destroy !== 'function'
    ) {
      throw new ConfigError(`${name} must be an http.Agent or https.Agent instance.`);
    }
    const agentOptions = (agent as unknown as { options?: { rejectUnauthorized?: unknown } }).options;
    if (agentOptions?.rejectUnauthorized === false) {
      throw new ConfigError(
        `${name} disables TLS certificate verification (rejectUnauthorized: false). KooGallery requires strict ` +
          'verification of its certificates: remove that option, and pass `ca` to trust a private CA instead.',
      );
    }
  }
  if (options.usesHttps && process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    throw new ConfigError(
      'NODE_TLS_REJECT_UNAUTHORIZED=0 turns TLS certificate verification off for the whole process; the KooGallery ' +
        'client refuses to run like that. Unset it, and use NODE_EXTRA_CA_CERTS to trust a private CA.',
    );
  }
}

/** An axios instance that never throws on HTTP status, keeps bodies as text and never follows redirects. */
export function createHttpInstance(options: HttpInstanceOptions): AxiosLike {
  assertTlsVerification(options);
  const agent = options.httpAgent;
  return createLazyAxios({
    ...(agent === undefined ? {} : isHttpsAgent(agent) ? { httpsAgent: agent } : { httpAgent: agent }),
    headers: { 'User-Agent': USER_AGENT },
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    // The body limit of the gateway is 12 MB (§7.7); nothing larger is ever sent or expected.
    maxBodyLength: 12 * 1024 * 1024,
    maxContentLength: 32 * 1024 * 1024,
  });
}
