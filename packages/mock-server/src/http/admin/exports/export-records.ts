/**
 * Export records (导出记录), the consoles' export history: each export is a record created as 生成中 (GENERATING)
 * that moves once to 已完成 (DONE) when its file is built, or to 失败 (FAILED) with the reason. The file can be
 * downloaded only from a DONE record (seller-console.md §1 [P] §10 item 15, §5 "导出 → 导出记录 → 下载", §6.2).
 *
 * Pure: no I/O, no express; the business time is injected (`now`), so the history shows the same clock as the
 * rest of the console. The records live as long as the mock process, like the files they describe.
 */
import { KooGalleryError } from '@koogallery-kit/sdk';

/** What can be exported: the order list, transaction details, bills, and the lines of one bill. */
export const EXPORT_KINDS = Object.freeze(['orders', 'transactions', 'bill', 'bill-details'] as const);
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** File formats: Excel workbook (the consoles' format) or CSV (RFC 4180, UTF-8 with BOM). */
export const EXPORT_FORMATS = Object.freeze(['xlsx', 'csv'] as const);
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Languages of the column names and labels: Chinese (the consoles' default) or English. */
export const EXPORT_LANGS = Object.freeze(['zh', 'en'] as const);
export type ExportLang = (typeof EXPORT_LANGS)[number];

/** States of an export record. */
export const EXPORT_STATES = Object.freeze(['GENERATING', 'DONE', 'FAILED'] as const);
export type ExportState = (typeof EXPORT_STATES)[number];

/** A text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The console's labels of the record states. */
export const EXPORT_STATE_LABELS: Readonly<Record<ExportState, Bilingual>> = Object.freeze({
  GENERATING: { zh: '生成中', en: 'Generating' },
  DONE: { zh: '已完成', en: 'Completed' },
  FAILED: { zh: '失败', en: 'Failed' },
});

/** What an export is asked for. */
export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  lang: ExportLang;
  /** The filters as given (the list's query parameters), kept for the history. */
  filters: Readonly<Record<string, string>>;
  /** Zone of the time columns, minutes east of UTC. */
  timeZoneOffsetMinutes: number;
  /** File name of the download, in the record's language (`订单列表-20250314-E000001.xlsx`). */
  fileName: string;
  /** The same name in ASCII (`orders-20250314-E000001.xlsx`), for clients that cannot read `filename*`. */
  asciiFileName: string;
}

/** One export record. */
export interface ExportRecord extends ExportRequest {
  /** `E000001`, in creation order. */
  id: string;
  state: ExportState;
  /** `生成中` / `Generating`… in the record's language. */
  stateLabel: string;
  /** Business time of the request (epoch ms). */
  createdAt: number;
  /** Business time the file was built or the export failed; null while generating. */
  finishedAt: number | null;
  /** Data rows in the file (the header not counted); null until done. */
  rows: number | null;
  /** Size of the file in bytes; null until done. */
  size: number | null;
  /** Why the export failed; null otherwise. */
  reason: string | null;
}

/** A record moved out of GENERATING twice, or an unknown id: a bug of the caller. */
export class ExportRecordError extends KooGalleryError<'EXPORT_NOT_FOUND' | 'EXPORT_ALREADY_FINISHED'> {}

/** Options of {@link createExportRecords}. */
export interface ExportRecordsOptions {
  /** Business time (epoch ms). */
  now: () => number;
  /** Records kept; the oldest finished ones are dropped beyond it. Default 200. */
  maxRecords?: number;
}

/** The export history. */
export interface ExportRecords {
  /** Creates a GENERATING record with the request `describe` returns for its id. */
  create(describe: (id: string) => ExportRequest): ExportRecord;
  /** GENERATING → DONE. */
  finish(id: string, result: { rows: number; size: number }): ExportRecord;
  /** GENERATING → FAILED with `reason`. */
  fail(id: string, reason: string): ExportRecord;
  get(id: string): ExportRecord | undefined;
  /** Newest first. */
  list(): ExportRecord[];
  /** Called with the id of every record dropped to stay within `maxRecords`. */
  onDrop(listener: (id: string) => void): void;
}

/** Creates an empty export history. */
export function createExportRecords(o: ExportRecordsOptions): ExportRecords {
  const max = o.maxRecords ?? 200;
  const records = new Map<string, ExportRecord>();
  const dropListeners: Array<(id: string) => void> = [];
  let seq = 0;

  const save = (record: ExportRecord): ExportRecord => {
    const frozen = Object.freeze({ ...record, stateLabel: EXPORT_STATE_LABELS[record.state][record.lang] });
    records.set(record.id, frozen);
    return frozen;
  };

  const dropOldest = (): void => {
    for (const [id, record] of records) {
      if (records.size <= max) return;
      if (record.state === 'GENERATING') continue;
      records.delete(id);
      for (const listener of dropListeners) listener(id);
    }
  };

  const generating = (id: string): ExportRecord => {
    const record = records.get(id);
    if (record === undefined) throw new ExportRecordError('EXPORT_NOT_FOUND', `No export record ${id}.`);
    if (record.state !== 'GENERATING') {
      throw new ExportRecordError(
        'EXPORT_ALREADY_FINISHED',
        `Export ${id} is already ${record.state}; a record leaves GENERATING once.`,
      );
    }
    return record;
  };

  return {
    create(describe) {
      seq += 1;
      const id = `E${String(seq).padStart(6, '0')}`;
      const request = describe(id);
      const record = save({
        ...request,
        filters: Object.freeze({ ...request.filters }),
        id,
        state: 'GENERATING',
        stateLabel: '',
        createdAt: o.now(),
        finishedAt: null,
        rows: null,
        size: null,
        reason: null,
      });
      dropOldest();
      return record;
    },
    finish(id, result) {
      const record = generating(id);
      return save({ ...record, state: 'DONE', finishedAt: o.now(), rows: result.rows, size: result.size });
    },
    fail(id, reason) {
      const record = generating(id);
      return save({ ...record, state: 'FAILED', finishedAt: o.now(), reason });
    },
    get: (id) => records.get(id),
    list: () => [...records.values()].reverse(),
    onDrop(listener) {
      dropListeners.push(listener);
    },
  };
}
