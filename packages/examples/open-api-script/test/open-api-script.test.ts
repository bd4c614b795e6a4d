// The script against createMockMarketplace (demo AK/SK): order query and usage push as a seller runs them, and
// every failure answered with a clear message and the right exit status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, run, startMarket } from './helpers';
import type { Market } from './helpers';

let mock: Market;
beforeAll(async () => {
  mock = await startMarket();
});
afterAll(() => mock.close());

/** A paid purchase, delivered: the order id and the seller's instance ids. */
async function purchase(productCode: string) {
  const order = mock.market.purchase({ productCode, autoPay: true });
  await mock.market.flush();
  const instances = mock.market.instances({ orderId: order.orderId });
  expect(instances.every((i) => i.state === 'active')).toBe(true);
  return { orderId: order.orderId, instances };
}

describe('order-query', () => {
  it('prints an order the mock created, with its line and product', async () => {
    const { orderId, instances } = await purchase('crm');
    const result = await run(['order-query', '--order-id', orderId], mock.env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`order ${orderId} (NEW)`);
    expect(result.stdout).toContain(`line ${instances[0]!.orderLineId}: PERIOD`);
    expect(result.stdout).toContain(instances[0]!.skuCode);
  });

  it('prints a debugging order as JSON with --json, restricted to one line', async () => {
    const result = await run(
      [
        'order-query',
        '--order-id',
        'MOCKPERIODYEARNEW',
        '--order-line-id',
        'MOCKPERIODYEARNEW-000001',
        '--json',
      ],
      mock.env,
    );
    expect(result.code).toBe(0);
    const order = JSON.parse(result.stdout) as { orderId: string; orderLine: Array<{ orderLineId: string }> };
    expect(order.orderId).toBe('MOCKPERIODYEARNEW');
    expect(order.orderLine.map((l) => l.orderLineId)).toEqual(['MOCKPERIODYEARNEW-000001']);
  });

  it('exits 1 with the platform code for an unknown order', async () => {
    const result = await run(['order-query', '--order-id', 'CS-DOES-NOT-EXIST'], mock.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the platform refused the call: MKT\.0150/);
  });

  it('exits 1 with APIGW.0301 and a hint, without echoing the secret, when the SK is wrong', async () => {
    const secret = 'wrong-secret-key-0123456789';
    const result = await run(['order-query', '--order-id', 'MOCKPERIODYEARNEW'], {
      ...mock.env,
      OPEN_API_SK: secret,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('APIGW.0301');
    expect(result.stderr).toContain('Check OPEN_API_AK / OPEN_API_SK');
    expect(result.stderr).not.toContain(secret);
  });
});

describe('usage-push', () => {
  it('pushes usage for a pay-per-use instance; the mock adds it to the instance, once per metering_sn', async () => {
    const { instances } = await purchase('sms');
    const instance = instances[0]!;
    const argv = [
      'usage-push',
      '--instance-id',
      instance.instanceId!,
      '--value',
      '12.5',
      '--metering-sn',
      'sn-0001',
    ];
    const first = await run(argv, mock.env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^usage pushed: MKT\.0000/);
    expect(first.stdout).toContain('metering_sn sn-0001');
    expect(mock.market.instance(instance.ref).usage).toMatchObject({ total: 12.5, records: 1 });

    const again = await run(argv, mock.env);
    expect(again.code).toBe(0);
    expect(mock.market.instance(instance.ref).usage).toMatchObject({ total: 12.5, records: 1 });
  });

  it('prints the result and the record with --json, for the interval given in --minutes', async () => {
    const { instances } = await purchase('sms');
    // The script's clock is injected: here the mock's business time (its virtual clock has not moved).
    const now = mock.market.engine.now();
    const result = await run(
      ['usage-push', '--instance-id', instances[0]!.instanceId!, '--value', '3', '--minutes', '30', '--json'],
      mock.env,
      () => now,
    );
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as {
      errorCode: string;
      recordCount: number;
      records: Array<{ begin_time: string; end_time: string; usage_value: string }>;
    };
    expect(printed.errorCode).toBe('MKT.0000');
    expect(printed.recordCount).toBe(1);
    const [record] = printed.records;
    const toMs = (t: string) =>
      Date.UTC(
        +t.slice(0, 4),
        +t.slice(4, 6) - 1,
        +t.slice(6, 8),
        +t.slice(9, 11),
        +t.slice(11, 13),
        +t.slice(13, 15),
      );
    expect(toMs(record!.end_time)).toBe(Math.floor(now / 1000) * 1000);
    expect(toMs(record!.end_time) - toMs(record!.begin_time)).toBe(30 * 60_000);
    expect(record!.usage_value).toBe('3');
  });

  it('exits 1 with MKT.9001 for an instance the marketplace does not know', async () => {
    const result = await run(['usage-push', '--instance-id', 'no-such-instance', '--value', '1'], mock.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MKT.9001');
  });

  it('refuses a bad value before any request (exit 2, the record named)', async () => {
    const before = mock.market.instances().reduce((n, i) => n + i.usage.records, 0);
    const result = await run(['usage-push', '--instance-id', 'x', '--value', '0.123456'], mock.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage_value/);
    expect(mock.market.instances().reduce((n, i) => n + i.usage.records, 0)).toBe(before);
  });

  it('needs the KooGallery key to sign the push', async () => {
    const { KOOGALLERY_ACCESS_KEY: _omitted, ...env } = mock.env;
    const result = await run(['usage-push', '--instance-id', 'x', '--value', '1'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set KOOGALLERY_ACCESS_KEY');
  });

  it('is refused (MKT.0102) when signed with another key', async () => {
    const { instances } = await purchase('sms');
    const result = await run(['usage-push', '--instance-id', instances[0]!.instanceId!, '--value', '1'], {
      ...mock.env,
      KOOGALLERY_ACCESS_KEY: `${KEY}-other`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MKT.0102');
  });
});

describe('usage and configuration errors', () => {
  it.each([
    [[], /Usage: open-api-script/, 2],
    [['--help'], /Usage: open-api-script/, 0],
    [['order-query'], /--order-id is required/, 2],
    [['refund'], /unknown command "refund"/, 2],
    [['order-query', '--order-id', 'X', '--bogus'], /--bogus/, 2],
    [['usage-push', '--instance-id', 'x', '--value', '1', '--minutes', '0'], /--minutes must be/, 2],
  ])('%j → exit %s', async (argv, message, code) => {
    const result = await run(argv, mock.env);
    expect(result.code).toBe(code);
    expect(`${result.stdout}${result.stderr}`).toMatch(message);
  });

  it('exits 2 naming the variables when the AK/SK are missing', async () => {
    const result = await run(['order-query', '--order-id', 'X'], { OPEN_API_URL: mock.env['OPEN_API_URL']! });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Set OPEN_API_AK and OPEN_API_SK');
  });

  it('exits 1 with a hint when nothing answers at OPEN_API_URL', async () => {
    const result = await run(['order-query', '--order-id', 'X'], {
      ...mock.env,
      OPEN_API_URL: 'http://127.0.0.1:1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Is the Open API (OPEN_API_URL) reachable?');
  });
});
