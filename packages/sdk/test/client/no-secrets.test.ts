import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createLoginClient } from '@koogallery-kit/sdk';
import { AK, SK, USAGE_KEY, fakeTime, startServer } from './helpers';
import type { LocalServer, SeenRequest } from './helpers';

const CLIENT_SECRET = 'client-SECRET-never-shown-01';
const ACCESS = 'access-TOKEN-never-shown-01';
const REFRESH = 'refresh-TOKEN-never-shown-01';
const CODE = 'authcode-never-shown-01';

/** A hostile server that echoes everything it received (headers and body) in its error answers. */
let echo: LocalServer;
let hanging: LocalServer;
beforeAll(async () => {
  echo = await startServer((req: SeenRequest) => {
    const everything = `${JSON.stringify(req.headers)} ${req.body}`;
    const path = new URL(req.url, 'http://x').pathname;
    if (path.includes('oauth2'))
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: everything, echo: req.headers, form: req.body },
      };
    if (path.endsWith('usage-data'))
      return {
        status: 400,
        body: {
          error_code: 'MKT.0102',
          error_msg: everything,
          signature: req.headers.signature,
          headers: req.headers,
        },
      };
    if (path.endsWith('license/activate'))
      return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: everything };
    return {
      status: 401,
      body: {
        error_code: 'APIGW.0301',
        error_msg: everything,
        authorization: req.headers.authorization,
        request_id: 'r1',
      },
    };
  });
  hanging = await startServer(() => ({ hang: true }));
});
afterAll(async () => {
  await echo.close();
  await hanging.close();
});

const forbidden = () => {
  const sent = [...echo.requests, ...hanging.requests].flatMap((r) => {
    const auth = String(r.headers.authorization ?? '');
    const sig = /Signature=([0-9a-f]{64})/.exec(auth)?.[1];
    return [sig, r.headers.signature as string | undefined].filter(
      (v): v is string => typeof v === 'string' && v.length > 0,
    );
  });
  return [SK, USAGE_KEY, CLIENT_SECRET, ACCESS, REFRESH, CODE, ...sent];
};

describe('no secret in any error message, error body, cause or log line', () => {
  it('holds for every failure the client and the login client produce', async () => {
    const logs: string[] = [];
    const logger = {
      debug: (m: string, f?: object) => logs.push(`${m} ${JSON.stringify(f)}`),
      info: (m: string, f?: object) => logs.push(`${m} ${JSON.stringify(f)}`),
      warn: (m: string, f?: object) => logs.push(`${m} ${JSON.stringify(f)}`),
    };
    const time = fakeTime();
    const common = {
      accessKey: AK,
      secretKey: SK,
      usageKey: USAGE_KEY,
      now: time.now,
      sleep: time.sleep,
      logger,
    };
    const client = createClient({ ...common, baseURL: echo.baseURL });
    const slow = createClient({ ...common, baseURL: hanging.baseURL, timeoutMs: 60, maxRetries: 1 });
    const login = createLoginClient({
      domainName: echo.baseURL,
      clientId: 'cid',
      clientSecret: CLIENT_SECRET,
      logger,
      sleep: time.sleep,
    });
    const record = {
      instance_id: 'i',
      record_time: '20241231T230500Z',
      begin_time: '20241231T220000Z',
      end_time: '20241231T230000Z',
      usage_value: 1,
      metering_sn: 's',
    };

    const attempts: Array<Promise<unknown>> = [
      client.orders.query({ orderId: 'CS1' }),
      client.usage.push([record]),
      client.usage.push([{ ...record, usage_value: 1.23456, begin_time: '20200101T000000Z' }]),
      client.licenses.activate({ license: 'LIC-1' }),
      client.assets.deployedObjects({ asset_id: 'A', deployed_type: 'image' }),
      slow.orders.query({ orderId: 'CS1' }),
      login.exchangeCode({ code: CODE }),
      login.refresh({ refreshToken: REFRESH }),
      login.userInfo(ACCESS),
      Promise.resolve().then(() => createClient({ accessKey: AK, secretKey: ` ${SK}` })),
      Promise.resolve().then(() => createClient({ accessKey: AK, secretKey: SK }).usage.push([record])),
    ];
    const errors = await Promise.all(
      attempts.map((p) =>
        p.then(
          () => new Error('expected a failure'),
          (e: unknown) => e,
        ),
      ),
    );
    expect(errors.every((e) => e instanceof Error && e.message !== 'expected a failure')).toBe(true);
    expect(logs.length).toBeGreaterThan(5);

    const secrets = forbidden();
    expect(secrets.length).toBeGreaterThan(8);
    for (const error of errors) {
      const e = error as Error & { body?: unknown; platformMessage?: string };
      const texts = [
        e.message,
        String(e.platformMessage ?? ''),
        JSON.stringify(e.body ?? null),
        inspect(e, { depth: 8 }),
      ];
      for (const text of texts)
        for (const secret of secrets) expect(text, `${e.name} ${e.message}`).not.toContain(secret);
    }
    for (const line of logs) for (const secret of [...secrets, AK]) expect(line).not.toContain(secret);
  });
});
