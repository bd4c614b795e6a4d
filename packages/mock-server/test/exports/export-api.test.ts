/**
 * The export admin routes: a bad request answered 400 naming each field (nothing created), the download refused
 * with 409 EXPORT_NOT_READY while the record is generating (the message says to poll), a failed export (too
 * many rows) refused with 409 EXPORT_FAILED and its reason, unknown ids 404, and the history filtered by kind
 * and state, newest first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import type { ExportRecord } from '../../src/http/admin/exports/export-records';
import type { ErrorBody, Page } from '../http/admin-answers';
import { request } from '../http/helpers';

const START = Date.parse('2025-03-10T02:00:00Z');
let m: MockMarketplace | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
});

async function market(exports: { delayMs?: number; maxRows?: number } = {}): Promise<MockMarketplace> {
  m = await createMockMarketplace({ startAt: START, exports });
  m.purchase({ productCode: 'report' });
  m.purchase({ productCode: 'report' });
  return m;
}

describe('POST /__admin/exports', () => {
  it('answers 400 naming every bad field, and creates nothing', async () => {
    const mock = await market();
    const bad = await request<ErrorBody>(`${mock.adminUrl}/exports`, {
      json: { kind: 'invoices', format: 'pdf', lang: 'fr', tz: 9999, filters: { colour: 'red' }, extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_ARGUMENT');
    const paths = bad.body.error.issues?.map((i) => i.path).sort();
    expect(paths).toEqual(['/extra', '/format', '/kind', '/lang', '/tz']);
    const filters = await request<ErrorBody>(`${mock.adminUrl}/exports`, {
      json: { kind: 'orders', filters: { colour: 'red', state: 'DONE', createdFrom: 'yesterday' } },
    });
    expect(filters.status).toBe(400);
    expect(filters.body.error.issues?.map((i) => i.path).sort()).toEqual([
      '/filters/colour',
      '/filters/createdFrom',
      '/filters/state',
    ]);
    expect(filters.body.error.message).toMatch(/allowed: orderId, customer, product, state/);
    expect(
      (await request<ErrorBody>(`${mock.adminUrl}/exports`, { json: {} })).body.error.issues?.[0]?.path,
    ).toBe('/kind');
    expect((await request<Page<ExportRecord>>(`${mock.adminUrl}/exports`)).body).toEqual({
      items: [],
      total: 0,
      offset: 0,
    });
  });
});

describe('GET /__admin/exports/:id/file', () => {
  it('is refused with 409 EXPORT_NOT_READY while the file is generating', async () => {
    const mock = await market({ delayMs: 600_000 });
    const created = await request<ExportRecord>(`${mock.adminUrl}/exports`, {
      json: { kind: 'orders', format: 'csv' },
    });
    expect(created.status).toBe(202);
    const early = await request<ErrorBody>(`${mock.adminUrl}/exports/${created.body.id}/file`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('EXPORT_NOT_READY');
    expect(early.body.error.message).toMatch(
      new RegExp(`still generating \\(生成中\\); poll GET /__admin/exports/${created.body.id}`),
    );
    expect((await request<ExportRecord>(`${mock.adminUrl}/exports/${created.body.id}`)).body.state).toBe(
      'GENERATING',
    );
    // Closing the mock fails what was not built.
    await mock.close();
    expect(mock.http.exports.get(created.body.id)).toMatchObject({
      state: 'FAILED',
      reason: 'The mock stopped before the file was built; export again.',
    });
  });

  it('is refused with 409 EXPORT_FAILED and the reason when the export failed', async () => {
    const mock = await market({ maxRows: 1 });
    const created = await request<ExportRecord>(`${mock.adminUrl}/exports`, { json: { kind: 'orders' } });
    await mock.http.exports.idle();
    const record = (await request<ExportRecord>(`${mock.adminUrl}/exports/${created.body.id}`)).body;
    expect(record).toMatchObject({ state: 'FAILED', stateLabel: '失败', size: null });
    expect(record.reason).toBe(
      '2 rows are more than the 1 one export may hold; narrow the filters and export again.',
    );
    expect(record.finishedAt).toBe(record.createdAt);
    const file = await request<ErrorBody>(`${mock.adminUrl}/exports/${created.body.id}/file`);
    expect(file.status).toBe(409);
    expect(file.body.error.code).toBe('EXPORT_FAILED');
    expect(file.body.error.message).toContain(record.reason);
    // Narrowed by a filter, the same export succeeds.
    const one = (m as MockMarketplace).orders()[0]?.orderId as string;
    const narrowed = await request<ExportRecord>(`${mock.adminUrl}/exports`, {
      json: { kind: 'orders', filters: { orderId: one } },
    });
    await mock.http.exports.idle();
    expect((await request<ExportRecord>(`${mock.adminUrl}/exports/${narrowed.body.id}`)).body).toMatchObject({
      state: 'DONE',
      rows: 1,
    });
  });

  it('answers 404 for an unknown export', async () => {
    const mock = await market();
    for (const path of ['/exports/E999999', '/exports/E999999/file']) {
      const res = await request<ErrorBody>(`${mock.adminUrl}${path}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/No export E999999; GET \/__admin\/exports lists/);
    }
  });
});

describe('GET /__admin/exports', () => {
  it('lists the history newest first, filtered by kind and state', async () => {
    const mock = await market({ maxRows: 1 });
    await request(`${mock.adminUrl}/exports`, { json: { kind: 'orders' } });
    await request(`${mock.adminUrl}/exports`, {
      json: { kind: 'orders', filters: { state: 'PENDING_PAYMENT' }, lang: 'en' },
    });
    await request(`${mock.adminUrl}/exports`, {
      json: { kind: 'orders', format: 'csv', filters: { orderType: 'RENEW' } },
    });
    await mock.http.exports.idle();
    const all = (await request<Page<ExportRecord>>(`${mock.adminUrl}/exports`)).body;
    expect(all.total).toBe(3);
    expect(all.items.map((x: { id: string; state: string }) => `${x.id} ${x.state}`)).toEqual([
      'E000003 DONE',
      'E000002 FAILED',
      'E000001 FAILED',
    ]);
    expect(all.items[0]).toMatchObject({
      kind: 'orders',
      format: 'csv',
      lang: 'zh',
      rows: 0,
      filters: { orderType: 'RENEW' },
    });
    expect(all.items[1]).toMatchObject({
      lang: 'en',
      stateLabel: 'Failed',
      filters: { state: 'PENDING_PAYMENT' },
    });
    const failed = (
      await request<Page<ExportRecord>>(`${mock.adminUrl}/exports?state=FAILED&kind=orders&limit=1`)
    ).body;
    expect(failed).toMatchObject({ total: 2, offset: 0 });
    expect(failed.items.map((x: { id: string }) => x.id)).toEqual(['E000002']);
    const bad = await request<ErrorBody>(`${mock.adminUrl}/exports?state=READY&sort=1`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.map((i) => i.path).sort()).toEqual(['/sort', '/state']);
  });
});
