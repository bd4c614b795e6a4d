/**
 * The export history as a state machine (seller-console.md §1 [P]: 生成中 → 已完成, download only when done):
 * records start GENERATING, leave it once (DONE with rows and size, or FAILED with a reason) at the injected
 * business time, are listed newest first, and the oldest finished ones are dropped beyond the limit.
 */
import { describe, expect, it } from 'vitest';
import { createExportRecords, type ExportRequest } from '../../src/http/admin/exports/export-records';

const request =
  (lang: 'zh' | 'en' = 'zh'): ((id: string) => ExportRequest) =>
  (id) => ({
    kind: 'orders',
    format: 'xlsx',
    lang,
    filters: { state: 'COMPLETED' },
    timeZoneOffsetMinutes: 480,
    fileName: `订单列表-${id}.xlsx`,
    asciiFileName: `orders-${id}.xlsx`,
  });

describe('export records', () => {
  it('go from GENERATING to DONE once, at business time', () => {
    let now = 1_000;
    const records = createExportRecords({ now: () => now });
    const created = records.create(request());
    expect(created).toMatchObject({
      id: 'E000001',
      state: 'GENERATING',
      stateLabel: '生成中',
      createdAt: 1_000,
      finishedAt: null,
      rows: null,
      size: null,
      reason: null,
      fileName: '订单列表-E000001.xlsx',
      filters: { state: 'COMPLETED' },
    });
    now = 5_000;
    const done = records.finish('E000001', { rows: 3, size: 4096 });
    expect(done).toMatchObject({
      state: 'DONE',
      stateLabel: '已完成',
      finishedAt: 5_000,
      rows: 3,
      size: 4096,
    });
    expect(records.get('E000001')).toEqual(done);
    expect(Object.isFrozen(done)).toBe(true);
    expect(() => records.finish('E000001', { rows: 1, size: 1 })).toThrow(/already DONE/);
    expect(() => records.fail('E000001', 'late')).toThrow(/already DONE/);
    expect(() => records.finish('E000009', { rows: 1, size: 1 })).toThrow(/No export record E000009/);
  });

  it('go from GENERATING to FAILED with the reason, labelled in their language', () => {
    const records = createExportRecords({ now: () => 7 });
    records.create(request('en'));
    const failed = records.fail('E000001', 'too many rows');
    expect(failed).toMatchObject({
      state: 'FAILED',
      stateLabel: 'Failed',
      reason: 'too many rows',
      finishedAt: 7,
    });
    expect(failed.size).toBeNull();
    expect(() => records.finish('E000001', { rows: 0, size: 0 })).toThrow(/already FAILED/);
  });

  it('are listed newest first; beyond the limit the oldest finished ones are dropped', () => {
    const records = createExportRecords({ now: () => 0, maxRecords: 2 });
    const dropped: string[] = [];
    records.onDrop((id) => dropped.push(id));
    records.create(request()); // E000001 stays GENERATING: never dropped
    records.create(request());
    records.finish('E000002', { rows: 0, size: 10 });
    records.create(request());
    expect(dropped).toEqual(['E000002']);
    expect(records.list().map((r) => r.id)).toEqual(['E000003', 'E000001']);
  });
});
