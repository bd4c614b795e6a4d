/**
 * Admin routes of the exports (the consoles' 导出 button and 导出记录 page):
 *
 * - `POST /exports` `{ kind, format?, lang?, filters?, tz? }` — starts an export: `kind` `orders`; `format`
 *   `xlsx` (default) or `csv`; `lang` `zh` (default, the console's labels) or `en`; `filters` the exported list's
 *   query parameters (e.g. `{ "state": "COMPLETED" }`); `tz` minutes east of UTC of the time columns (default the mock's business zone, UTC+8).
 *   Answers 202 with the record (state `GENERATING`) and `Location: /__admin/exports/<id>`.
 * - `GET /exports` (`kind`, `state`, `limit`, `offset`) — the export history, newest first.
 * - `GET /exports/:id` — one record: poll it until `state` is `DONE` (or `FAILED`, with `reason`).
 * - `GET /exports/:id/file` — the file of a DONE record, with its Content-Type and a Content-Disposition naming
 *   it (`filename` in ASCII, `filename*` in UTF-8 for the Chinese name); 409 `EXPORT_NOT_READY` while generating,
 *   409 `EXPORT_FAILED` after a failure.
 */
import { Router } from 'express';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import {
  PAGE_PARAMS,
  checkKnownFields,
  checkKnownQuery,
  issue,
  isObject,
  objectBody,
  pager,
  queryEnum,
  throwIssues,
} from '../input';
import type { ExportService, ExportInput } from './export-service';
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  EXPORT_LANGS,
  EXPORT_STATES,
  type ExportFormat,
  type ExportKind,
  type ExportLang,
} from './export-records';

/** `value` when it is one of `values`, else an issue at `/name` (undefined: `fallback`). */
function bodyEnum<T extends string>(
  body: Record<string, unknown>,
  name: string,
  values: readonly T[],
  fallback: T | undefined,
  issues: ValidationIssue[],
): T | undefined {
  const v = body[name];
  if (v === undefined) {
    if (fallback === undefined)
      issues.push(issue(`/${name}`, `is required: one of ${values.join(', ')}`, 'required'));
    return fallback;
  }
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    issues.push(issue(`/${name}`, `must be one of ${values.join(', ')}`, 'enum'));
    return undefined;
  }
  return v as T;
}

/** Reads an export request body. */
export function readExportInput(body: Record<string, unknown>): ExportInput {
  const issues: ValidationIssue[] = [];
  checkKnownFields(body, ['kind', 'format', 'lang', 'filters', 'tz'], issues);
  const kind = bodyEnum<ExportKind>(body, 'kind', EXPORT_KINDS, undefined, issues);
  const format = bodyEnum<ExportFormat>(body, 'format', EXPORT_FORMATS, 'xlsx', issues);
  const lang = bodyEnum<ExportLang>(body, 'lang', EXPORT_LANGS, 'zh', issues);
  const filters: Record<string, string> = {};
  if (body.filters !== undefined) {
    if (!isObject(body.filters)) {
      issues.push(issue('/filters', 'must be an object of the list filters, e.g. { "state": "COMPLETED" }'));
    } else {
      for (const [key, value] of Object.entries(body.filters)) {
        if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
          filters[key] = String(value);
        } else if (value !== null) {
          issues.push(issue(`/filters/${key}`, 'must be a string (or a number), as in the list query'));
        }
      }
    }
  }
  let tz: number | undefined;
  if (body.tz !== undefined) {
    if (typeof body.tz !== 'number' || !Number.isInteger(body.tz) || body.tz < -720 || body.tz > 840) {
      issues.push(
        issue('/tz', 'must be whole minutes east of UTC from -720 to 840 (480 = UTC+8)', 'maximum'),
      );
    } else tz = body.tz;
  }
  throwIssues('export request', issues);
  return {
    kind: kind as ExportKind,
    format: format as ExportFormat,
    lang: lang as ExportLang,
    filters,
    ...(tz === undefined ? {} : { timeZoneOffsetMinutes: tz }),
  };
}

/** RFC 5987 / RFC 6266 `filename*` value: UTF-8, percent-encoded. */
export function contentDisposition(asciiName: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiName.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/** Creates the export routes (mount on the admin router). */
export function createExportRoutes(exports: ExportService): Router {
  const r = Router();

  r.post('/exports', (req, res) => {
    const record = exports.create(readExportInput(objectBody(req, 'export request')));
    res.status(202).location(`/__admin/exports/${record.id}`).json(record);
  });

  r.get('/exports', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, ['kind', 'state', ...PAGE_PARAMS], issues);
    const kind = queryEnum(req, 'kind', EXPORT_KINDS, issues);
    const state = queryEnum(req, 'state', EXPORT_STATES, issues);
    const page = pager(req, issues);
    throwIssues('export history request', issues);
    const items = exports
      .list()
      .filter((x) => (kind === undefined || x.kind === kind) && (state === undefined || x.state === state));
    res.json(page(items));
  });

  r.get('/exports/:id', (req, res) => {
    res.json(exports.get(req.params.id));
  });

  r.get('/exports/:id/file', (req, res) => {
    const { record, contentType, bytes } = exports.file(req.params.id);
    res.set({
      'Content-Type': contentType,
      'Content-Disposition': contentDisposition(record.asciiFileName, record.fileName),
      'Content-Length': String(bytes.length),
      'Cache-Control': 'no-store',
    });
    res.end(bytes);
  });

  return r;
}
