/**
 * Running exports: a request is checked and its rows selected at once (the file shows the data as it was when
 * the seller clicked 导出), a GENERATING record is created, and the file is built in the background (after
 * `delayMs`, then CSV or exceljs); the record then moves to DONE with its size, or to FAILED with the reason.
 * Files are kept in memory with their records (the newest `maxRecords`) for the life of the process.
 */
import type { ValidationIssue } from '@koogallery-kit/sdk';
import type { MarketEngine } from '../../../engine/engine';
import { dayKey } from '../../../engine/time/business-time';
import { HttpError } from '../../errors';
import { issue, throwIssues } from '../input';
import { EXPORT_CONTENT_TYPES, XLSX_MAX_DATA_ROWS, writeExportFile } from './export-files';
import { EXPORT_KIND_DEFINITIONS } from './export-kinds';
import {
  createExportRecords,
  type ExportFormat,
  type ExportKind,
  type ExportLang,
  type ExportRecord,
} from './export-records';

/** Error codes of the export routes. */
export const ExportErrorCodes = Object.freeze({
  /** The file is still being generated: poll the record until its state is DONE. */
  EXPORT_NOT_READY: 'EXPORT_NOT_READY',
  /** The export failed; its record says why. */
  EXPORT_FAILED: 'EXPORT_FAILED',
} as const);

/** What to export. */
export interface ExportInput {
  kind: ExportKind;
  format: ExportFormat;
  lang: ExportLang;
  /** The exported list's query parameters, as strings. */
  filters: Readonly<Record<string, string>>;
  /** Zone of the time columns, minutes east of UTC. Default the service's. */
  timeZoneOffsetMinutes?: number;
}

/** A finished export's file. */
export interface ExportFile {
  record: ExportRecord;
  contentType: string;
  bytes: Buffer;
}

/** Options of {@link createExportService}. */
export interface ExportServiceOptions {
  engine: MarketEngine;
  /**
   * Wall-clock ms a file takes to generate at least, to let a client's polling be tested (the consoles say
   * "generation takes a while, refresh"). Default 0.
   */
  delayMs?: number;
  /** Most data rows an export may hold; more fail the export. Default 1 048 575 (one Excel sheet). */
  maxRows?: number;
  /** Records (and files) kept. Default 200. */
  maxRecords?: number;
  /** Zone of the time columns when a request names none, minutes east of UTC. Default 480 (UTC+8). */
  timeZoneOffsetMinutes?: number;
}

/** Exports and their history. */
export interface ExportService {
  /** Checks the input (400 naming each bad field, 404 for a missing record), starts the export. */
  create(input: ExportInput): ExportRecord;
  /** Newest first. */
  list(): ExportRecord[];
  /** The record; 404 when there is none. */
  get(id: string): ExportRecord;
  /** The file of a DONE record; 409 EXPORT_NOT_READY while generating, 409 EXPORT_FAILED after a failure. */
  file(id: string): ExportFile;
  /** Resolves when no file is being built. */
  idle(): Promise<void>;
  /** Stops: exports not built yet fail ("the mock stopped"), waits for those being written. */
  close(): Promise<void>;
}

/** Creates the export service of one engine. */
export function createExportService(o: ExportServiceOptions): ExportService {
  const { engine } = o;
  const delayMs = o.delayMs ?? 0;
  const maxRows = o.maxRows ?? XLSX_MAX_DATA_ROWS;
  const defaultZone = o.timeZoneOffsetMinutes ?? 480;
  const records = createExportRecords({ now: () => engine.now(), maxRecords: o.maxRecords });
  const files = new Map<string, Buffer>();
  records.onDrop((id) => files.delete(id));
  /** Cancels the wait of each export whose file is not being built yet. */
  const timers = new Map<string, () => void>();
  const jobs = new Set<Promise<void>>();

  const get = (id: string): ExportRecord => {
    const record = records.get(id);
    if (record === undefined) {
      throw new HttpError(
        404,
        'NOT_FOUND',
        `No export ${id}; GET /__admin/exports lists the export history.`,
      );
    }
    return record;
  };

  return {
    create(request) {
      const input = { ...request, timeZoneOffsetMinutes: request.timeZoneOffsetMinutes ?? defaultZone };
      const definition = EXPORT_KIND_DEFINITIONS[input.kind];
      const issues: ValidationIssue[] = [];
      for (const key of Object.keys(input.filters)) {
        if (!definition.filterParams.includes(key)) {
          issues.push(
            issue(
              `/filters/${key}`,
              `unknown filter of a ${input.kind} export; allowed: ${definition.filterParams.join(', ')}`,
              'additionalProperties',
            ),
          );
        }
      }
      const filterIssues: ValidationIssue[] = [];
      const select = definition.prepare(engine, { query: { ...input.filters } }, filterIssues);
      issues.push(...filterIssues.map((i) => ({ ...i, path: `/filters${i.path}` })));
      throwIssues('export request', issues);
      const snapshot = select();
      const stamp = dayKey(engine.now(), input.timeZoneOffsetMinutes).replace(/-/g, '');
      const record = records.create((id) => ({
        ...input,
        fileName: `${input.lang === 'zh' ? definition.title.zh : definition.slug}-${stamp}-${id}.${input.format}`,
        asciiFileName: `${definition.slug}-${stamp}-${id}.${input.format}`,
      }));
      const { id } = record;
      const job = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(id);
          resolve();
        }, delayMs);
        timer.unref();
        timers.set(id, () => {
          clearTimeout(timer);
          timers.delete(id);
          records.fail(id, 'The mock stopped before the file was built; export again.');
          resolve();
        });
      }).then(async () => {
        if (records.get(id)?.state !== 'GENERATING') return;
        try {
          if (snapshot.rows > maxRows) {
            throw new Error(
              `${snapshot.rows} rows are more than the ${maxRows} one export may hold; narrow the filters and export again.`,
            );
          }
          const table = snapshot.table(input.lang);
          const bytes = await writeExportFile(table, input.format, input.timeZoneOffsetMinutes);
          files.set(id, bytes);
          records.finish(id, { rows: snapshot.rows, size: bytes.length });
        } catch (error) {
          records.fail(id, error instanceof Error ? error.message : String(error));
        }
      });
      jobs.add(job);
      void job.finally(() => jobs.delete(job));
      return record;
    },
    list: () => records.list(),
    get,
    file(id) {
      const record = get(id);
      if (record.state === 'GENERATING') {
        throw new HttpError(
          409,
          ExportErrorCodes.EXPORT_NOT_READY,
          `Export ${id} is still generating (生成中); poll GET /__admin/exports/${id} until its state is DONE, then download it.`,
        );
      }
      if (record.state === 'FAILED') {
        throw new HttpError(
          409,
          ExportErrorCodes.EXPORT_FAILED,
          `Export ${id} failed: ${record.reason ?? 'no reason recorded'} Create a new export.`,
        );
      }
      return { record, contentType: EXPORT_CONTENT_TYPES[record.format], bytes: files.get(id) as Buffer };
    },
    async idle() {
      while (jobs.size > 0) await Promise.all([...jobs]);
    },
    async close() {
      for (const cancel of [...timers.values()]) cancel();
      while (jobs.size > 0) await Promise.all([...jobs]);
    },
  };
}
