/**
 * What the console needs from the server, without a browser: the order search and its CSV export (filters,
 * boundaries, paging, RFC 4180 quoting, BOM, formula defusing, time zone), the usage records of an instance,
 * every bad query answered 400 naming the parameter, the admin token applying to the new routes, and the
 * static console router (redirect, security headers, every file the page loads, no escape from its directory).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { CSV_BOM, csvCell, toCsv } from '../../src/http/admin/csv';
import { CONSOLE_CSP } from '../../src/http/console-router';
import type { ErrorBody, OrderSearchRow, Page, UsageAnswer } from '../http/admin-answers';
import { request } from '../http/helpers';
import { startConsoleSeller, type ConsoleSeller } from './fixtures/seller';

const KEY = 'console-routes-key-0001';
const START = Date.parse('2025-03-10T02:00:00Z');
const DAY = 86_400_000;

let seller: ConsoleSeller;
let m: MockMarketplace;
let alice: string;
let mallory: string;
/** Orders by role, created one business day apart. */
const ids = { completedCrm: '', pendingReport: '', completedPack: '', canceledCrm: '' };
const created: Record<string, number> = {};

beforeAll(async () => {
  seller = await startConsoleSeller(KEY);
  m = await createMockMarketplace({
    sellerUrl: seller.url,
    accessKey: KEY,
    startAt: START,
    engine: { seed: 5 },
  });
  alice = m.createBuyer({ customerName: 'Alice Chen', customerRealName: '陈爱丽' }).customerId;
  mallory = m.createBuyer({ customerName: '=HYPERLINK("http://evil.example")' }).customerId;
  const buy = async (key: keyof typeof ids, input: Parameters<MockMarketplace['purchase']>[0]) => {
    const o = m.purchase(input);
    await m.flush();
    ids[key] = o.orderId;
    created[key] = o.createdAt;
    await m.advance(DAY);
  };
  await buy('completedCrm', { productCode: 'crm', autoPay: true, buyerId: alice });
  await buy('pendingReport', { productCode: 'report', buyerId: mallory });
  await buy('completedPack', { productCode: 'sms-pack', autoPay: true, buyerId: alice });
  await buy('canceledCrm', { productCode: 'crm' });
  m.cancelOrder(ids.canceledCrm);
});
afterAll(async () => {
  await m?.close();
  await seller?.close();
});

/** `GET /order-search`; the answer is a page of rows unless said otherwise (`search<ErrorBody>`). */
const search = <T = Page<OrderSearchRow>>(query: string) => request<T>(`${m.adminUrl}/order-search${query}`);
const orderIds = (body: { items: Array<{ orderId: string }> }) => body.items.map((r) => r.orderId);

describe('GET /__admin/order-search', () => {
  it('lists every order newest first as flat rows', async () => {
    const res = await search('');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(4);
    expect(orderIds(res.body)).toEqual([
      ids.canceledCrm,
      ids.completedPack,
      ids.pendingReport,
      ids.completedCrm,
    ]);
    const row = res.body.items.find((r) => r.orderId === ids.completedCrm);
    expect(row).toMatchObject({
      orderType: 'NEW',
      state: 'COMPLETED',
      stateLabel: 'Completed',
      productCode: 'crm',
      productName: 'Demo CRM, Basic',
      buyerId: alice,
      customerName: 'Alice Chen',
      createdAt: START,
      amount: '990',
    });
    expect(row?.instanceRefs).toEqual([m.instances({ orderId: ids.completedCrm })[0]?.ref]);
  });

  it('filters by status, product, customer and order no., combined with AND', async () => {
    expect(orderIds((await search('?state=PENDING_PAYMENT')).body)).toEqual([ids.pendingReport]);
    expect(orderIds((await search('?state=CANCELED')).body)).toEqual([ids.canceledCrm]);
    expect(orderIds((await search('?product=crm')).body)).toEqual([ids.canceledCrm, ids.completedCrm]);
    expect(orderIds((await search('?product=COMPLIANCE')).body)).toEqual([ids.pendingReport]);
    expect(orderIds((await search('?product=OFFI100000000000000401')).body)).toEqual([ids.completedPack]);
    expect(orderIds((await search('?customer=alice')).body)).toEqual([ids.completedPack, ids.completedCrm]);
    expect(orderIds((await search(`?customer=${encodeURIComponent('爱丽')}`)).body)).toEqual([
      ids.completedPack,
      ids.completedCrm,
    ]);
    expect(orderIds((await search(`?customer=${mallory.slice(2, 12)}`)).body)).toEqual([ids.pendingReport]);
    const part = ids.completedPack.slice(-6).toLowerCase();
    expect(orderIds((await search(`?orderId=${part}`)).body)).toEqual([ids.completedPack]);
    expect(orderIds((await search('?customer=alice&product=crm&state=COMPLETED')).body)).toEqual([
      ids.completedCrm,
    ]);
    expect((await search('?customer=nobody')).body).toEqual({ items: [], total: 0, offset: 0 });
    expect(orderIds((await search('?orderId=&customer=')).body)).toHaveLength(4);
  });

  it('filters by creation time, both bounds inclusive, as epoch ms or ISO with a zone', async () => {
    const from = created.pendingReport as number;
    const to = created.completedPack as number;
    expect(orderIds((await search(`?createdFrom=${from}&createdTo=${to}`)).body)).toEqual([
      ids.completedPack,
      ids.pendingReport,
    ]);
    expect(orderIds((await search(`?createdFrom=${from + 1}&createdTo=${to}`)).body)).toEqual([
      ids.completedPack,
    ]);
    const iso = new Date(from).toISOString();
    expect(orderIds((await search(`?createdTo=${encodeURIComponent(iso)}`)).body)).toEqual([
      ids.pendingReport,
      ids.completedCrm,
    ]);
    const plus8 = new Date(from + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
    expect(
      orderIds((await search(`?createdFrom=${encodeURIComponent(plus8)}&state=PENDING_PAYMENT`)).body),
    ).toEqual([ids.pendingReport]);
  });

  it('pages with limit and offset', async () => {
    const res = await search('?limit=2&offset=1');
    expect(res.body.total).toBe(4);
    expect(res.body.offset).toBe(1);
    expect(orderIds(res.body)).toEqual([ids.completedPack, ids.pendingReport]);
  });

  it.each([
    ['?status=COMPLETED', 'status', 'unknown query parameter'],
    ['?state=DONE', 'state', 'must be one of PENDING_PAYMENT'],
    ['?orderType=NEWISH', 'orderType', 'must be one of NEW'],
    ['?createdFrom=2025-03-10T10:00:00', 'createdFrom', 'with its zone'],
    ['?createdTo=yesterday', 'createdTo', 'epoch milliseconds'],
    [`?createdFrom=${START + DAY}&createdTo=${START}`, 'createdTo', 'must not be before createdFrom'],
    ['?state=COMPLETED&state=CANCELED', 'state', 'once'],
    [`?customer=${'x'.repeat(201)}`, 'customer', 'at most 200'],
    ['?limit=0', 'limit', 'whole number'],
  ])('answers 400 naming the parameter for %s', async (query, field, message) => {
    const res = await search<ErrorBody>(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(message);
  });
});

describe('GET /__admin/order-search.csv', () => {
  it('downloads the filtered rows with BOM, CRLF, quoting and the business date in the file name', async () => {
    const res = await fetch(`${m.adminUrl}/order-search.csv?customer=alice`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="koogallery-orders-2025-03-14.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      'Order no.,Order type,Status,Product code,Product,SKU,Customer ID,Customer name,Account name,Created (UTC+08:00),Paid (UTC+08:00),Completed (UTC+08:00),Canceled (UTC+08:00),Cancel reason,Amount,Instances,Related order,Charging mode,Supervision status,Opened via kit,Active via kit,Authorised users,Active users,Activity degree',
    );
    const crm = m.order(ids.completedCrm);
    const instance = m.instances({ orderId: crm.orderId })[0]?.ref;
    expect(lines[2]).toBe(
      `${crm.orderId},NEW,Completed,crm,"Demo CRM, Basic",5f0d1b2c-0001-4a6e-9c11-crm000basic,${alice},陈爱丽,Alice Chen,2025-03-10 10:00:00,2025-03-10 10:00:00,2025-03-10 10:00:00,,,990,${instance},,PERIOD,NA,no,no,0,0,—`,
    );
    expect(lines[1]?.startsWith(`${ids.completedPack},NEW,Completed,sms-pack,`)).toBe(true);
    expect(lines[3]).toBe('');
  });

  it('holds exactly the rows of the same search, and defuses formulas', async () => {
    const json = await search('?state=PENDING_PAYMENT');
    const csv = await (await fetch(`${m.adminUrl}/order-search.csv?state=PENDING_PAYMENT`)).text();
    const rows = csv.split('\r\n').slice(1, -1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(orderIds(json.body));
    expect(rows[0]).toContain(`,"'=HYPERLINK(""http://evil.example"")",`);
    expect(rows[0]).toContain(',Pending payment,');
  });

  it('writes times in the zone asked for', async () => {
    const csv = await (await fetch(`${m.adminUrl}/order-search.csv?orderId=${ids.completedCrm}&tz=0`)).text();
    const [header, row] = csv.split('\r\n');
    expect(header).toContain('Created (UTC+00:00)');
    expect(row).toContain(',2025-03-10 02:00:00,');
    const bad = await request<ErrorBody>(`${m.adminUrl}/order-search.csv?tz=900`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('tz');
    const paged = await request<ErrorBody>(`${m.adminUrl}/order-search.csv?limit=1`);
    expect(paged.status).toBe(400);
    expect(paged.body.error.field).toBe('limit');
  });
});

describe('CSV cells', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [42, '42'],
    ['-45.5', '-45.5'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    ['=1+2', "'=1+2"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['张伟', '张伟'],
    [true, 'true'],
    [{ a: 1 }, '"{""a"":1}"'],
    [[1, 2], '"[1,2]"'],
  ])('%j → %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('ends every record with CRLF and starts with the BOM unless asked not to', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe(`${CSV_BOM}a,b\r\n1,"x,y"\r\n`);
    expect(toCsv(['a'], [], { bom: false })).toBe('a\r\n');
  });
});

describe('GET /__admin/instances/:ref/usage', () => {
  it('lists the usage the seller pushed, with end times in epoch ms', async () => {
    const order = m.purchase({
      productCode: 'sms',
      autoPay: true,
      items: [{ skuCode: '5f0d1b2c-0004-4a6e-9c11-sms00000sms' }],
    });
    await m.flush();
    const instance = m.instances({ orderId: order.orderId })[0];
    const empty = await request(`${m.adminUrl}/instances/${instance?.ref}/usage`);
    expect(empty.body).toMatchObject({ ref: instance?.ref, items: [], total: 0 });
    const outcome = m.engine.acceptUsagePush([
      {
        instance_id: instance?.instanceId as string,
        metering_sn: 'usage-route-1',
        usage_value: '12.5',
        begin_time: '20250313T000000Z',
        end_time: '20250313T010000Z',
        record_time: '20250313T010500Z',
      },
      {
        instance_id: instance?.instanceId as string,
        metering_sn: 'usage-route-2',
        usage_value: '1',
        begin_time: '20250313T010000Z',
        end_time: 'not a time',
        record_time: '20250313T020500Z',
      },
    ]);
    expect(outcome.ok).toBe(true);
    const res = await request<UsageAnswer>(`${m.adminUrl}/instances/${instance?.instanceId}/usage`);
    expect(res.status).toBe(200);
    expect(res.body.ref).toBe(instance?.ref);
    expect(res.body.usage).toMatchObject({ total: 13.5, records: 2 });
    expect(res.body.items).toEqual([
      expect.objectContaining({ usage_value: '12.5', at: Date.parse('2025-03-13T01:00:00Z') }),
      // an end time that cannot be read falls back to when the push was accepted
      expect.objectContaining({ usage_value: '1', at: m.engine.now() }),
    ]);
    expect(
      (await request(`${m.adminUrl}/instances/${instance?.ref}/usage?limit=1&offset=1`)).body,
    ).toMatchObject({
      total: 2,
      offset: 1,
      items: [expect.objectContaining({ metering_sn: 'usage-route-2' })],
    });
    const missing = await request<ErrorBody>(`${m.adminUrl}/instances/I999999/usage`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const bad = await request(`${m.adminUrl}/instances/${instance?.ref}/usage?from=1`);
    expect(bad.status).toBe(400);
  });
});

describe('the admin token', () => {
  it('protects the console routes like every admin route', async () => {
    const locked = await createMockMarketplace({ adminToken: 'console-admin-token', startAt: START });
    try {
      expect((await request(`${locked.adminUrl}/order-search`)).status).toBe(401);
      const ok = await request(`${locked.adminUrl}/order-search`, {
        headers: { 'X-Admin-Token': 'console-admin-token' },
      });
      expect(ok.status).toBe(200);
      // The static console is open: it holds no data and asks for the token itself.
      expect((await fetch(`${locked.url}/console/`)).status).toBe(200);
    } finally {
      await locked.close();
    }
  });
});

describe('the console router', () => {
  it('redirects /console to /console/ keeping the query', async () => {
    const res = await fetch(`${m.url}/console?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/console/?x=1');
  });

  it('serves the page with a strict content security policy', async () => {
    const res = await fetch(`${m.url}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script (the CSP would block it)
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });

  it('serves every file the page loads, each with its content type', async () => {
    const seen = new Set<string>();
    const queue = ['index.html'];
    while (queue.length > 0) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await fetch(`${m.url}/console/${path}`);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
      const refs = path.endsWith('.html')
        ? [...text.matchAll(/(?:src|href)="([^"#:]+)"/g)].map((x) => x[1] as string)
        : path.endsWith('.js')
          ? [...text.matchAll(/^import [^'"]*from '([^']+)';$/gm)].map((x) => x[1] as string)
          : [];
      if (path.endsWith('.js'))
        expect(res.headers.get('content-type'), path).toMatch(/^(text|application)\/javascript/);
      if (path.endsWith('.css')) expect(res.headers.get('content-type'), path).toMatch(/^text\/css/);
      for (const ref of refs) queue.push(new URL(ref, `http://x/${dir}`).pathname.slice(1));
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['index.html', 'console.css', 'js/app.js', 'js/api.js', 'js/pages/messages.js']),
    );
    // index.html, console.css, app.js, api.js, dom.js, svg.js, settlement-labels.js and 13 pages.
    expect(seen.size).toBe(20);
  });

  it('answers 404 for files it does not have and never leaves its directory', async () => {
    const missing = await request<ErrorBody>(`${m.url}/console/nothing.js`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ROUTE_NOT_FOUND');
    for (const path of [
      '/console/%2e%2e/%2e%2e/package.json',
      '/console/..%2f..%2fpackage.json',
      '/console/.gitignore',
    ]) {
      const res = await fetch(`${m.url}${path}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('@koogallery-kit/mock-server');
    }
    expect((await fetch(`${m.url}/console/`, { method: 'POST' })).status).toBe(404);
  });

  it('ships no secret and no absolute URL in its files', () => {
    for (const file of ['index.html', 'js/api.js', 'js/app.js']) {
      const text = readFileSync(new URL(`../../src/console/${file}`, import.meta.url), 'utf8');
      expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    }
  });
});
