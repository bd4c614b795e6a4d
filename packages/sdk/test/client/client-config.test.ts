import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, createClient, createLoginClient } from '@koogallery-kit/sdk';
import type { ClientOptions } from '@koogallery-kit/sdk';
import { AK, SK } from './helpers';

const make = (over: Partial<ClientOptions> | Record<string, unknown>) => () =>
  createClient({ accessKey: AK, secretKey: SK, ...over });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createClient options', () => {
  it('requires the AK/SK and refuses copy-paste whitespace without echoing the key', () => {
    expect(() => createClient(undefined as never)).toThrow(ConfigError);
    expect(make({ accessKey: '' })).toThrow(/accessKey must be a non-empty string/);
    expect(make({ secretKey: undefined })).toThrow(/secretKey must be a non-empty string/);
    const error = (() => {
      try {
        make({ secretKey: `${SK}\n` })();
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain('whitespace');
    expect(error?.message).not.toContain(SK);
    expect(make({ usageKey: '' })).toThrow(/usageKey/);
  });

  it('checks region, baseURL, timeoutMs, maxRetries and the injected functions', () => {
    expect(make({ region: 'us' })).toThrow(/region must be 'cn', 'intl' or 'eu'/);
    expect(make({ baseURL: 'mkt.myhuaweicloud.com' })).toThrow(/not an absolute URL/);
    expect(make({ baseURL: 'ftp://x.example.com' })).toThrow(/https/);
    expect(make({ baseURL: 'https://x.example.com/?a=1' })).toThrow(/query/);
    expect(make({ baseURL: [] })).toThrow(ConfigError);
    expect(make({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(make({ timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(make({ maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(make({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(make({ now: 5 })).toThrow(/now must be a function/);
    expect(make({ sleep: 'x' })).toThrow(/sleep must be a function/);
    expect(make({ retry: { baseDelayMs: -1 } })).toThrow(/retry.baseDelayMs/);
    expect(make({ baseURL: ['https://a.example.com/', 'https://b.example.com/base/'] })().baseUrls).toEqual([
      'https://a.example.com',
      'https://b.example.com/base',
    ]);
  });

  it('always verifies TLS: refuses an agent with rejectUnauthorized false, and NODE_TLS_REJECT_UNAUTHORIZED=0', () => {
    expect(make({ httpAgent: new HttpsAgent({ rejectUnauthorized: false }) })).toThrow(/rejectUnauthorized/);
    expect(make({ httpAgent: new HttpsAgent({ keepAlive: true }) })).not.toThrow();
    expect(
      make({ httpAgent: new HttpAgent({ keepAlive: true }), baseURL: 'http://127.0.0.1:4010' }),
    ).not.toThrow();
    expect(make({ httpAgent: {} as never })).toThrow(/http.Agent/);
    expect(() =>
      createLoginClient({
        domainName: 'https://t.example.com',
        clientId: 'a',
        clientSecret: 'b',
        httpAgent: new HttpsAgent({ rejectUnauthorized: false }),
      }),
    ).toThrow(ConfigError);
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    expect(make({})).toThrow(/NODE_TLS_REJECT_UNAUTHORIZED/);
    // a plain-http local mock is not concerned by TLS settings
    expect(make({ baseURL: 'http://127.0.0.1:4010' })).not.toThrow();
  });
});
