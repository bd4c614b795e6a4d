/**
 * Columns of an export as data: one table per export kind, each column a key, its console label in Chinese and
 * English, a cell type and a formatter reading the cell from a row. The writers (export-files.ts) turn the
 * types into CSV text and xlsx cells with number formats; nothing is written per column.
 */
import type { Bilingual, ExportLang } from './export-records';

/**
 * How a cell is written: `text` as is; `amount` a number of yuan (xlsx format `#,##0.00`, CSV two decimals);
 * `integer` a whole number; `number` any number (xlsx format `General`); `time` a business time in epoch ms (xlsx date-time `yyyy-mm-dd hh:mm:ss` in the
 * export's zone, CSV the same text).
 */
export type CellType = 'text' | 'amount' | 'integer' | 'number' | 'time';

/** A cell as a formatter returns it: text, a number (amounts in yuan, times in epoch ms) or empty (null). */
export type CellValue = string | number | null;

/** One column of an export. */
export interface ExportColumn<R> {
  /** Stable key (the JSON field the column comes from). */
  key: string;
  /** Console label in Chinese (the default) and English. */
  zh: string;
  en: string;
  type: CellType;
  /** The cell of `row`; `lang` picks the language of labelled values (states, types). */
  value: (row: R, lang: ExportLang) => CellValue;
  /** Column width in characters in the workbook. Default from the label (at least 12). */
  width?: number;
}

/** A column table's rows rendered for one language: the header and typed cells, ready for a writer. */
export interface ExportTable {
  /** Worksheet name (also the file name's stem). */
  title: string;
  header: string[];
  types: CellType[];
  widths: number[];
  rows: CellValue[][];
}

/** Renders `rows` through `columns` in `lang`. */
export function renderTable<R>(
  title: Bilingual,
  columns: readonly ExportColumn<R>[],
  rows: readonly R[],
  lang: ExportLang,
): ExportTable {
  return {
    title: title[lang],
    header: columns.map((c) => c[lang]),
    types: columns.map((c) => c.type),
    widths: columns.map((c) => c.width ?? Math.max(12, [...c[lang]].length * (lang === 'zh' ? 2 : 1) + 2)),
    rows: rows.map((row) => columns.map((c) => c.value(row, lang))),
  };
}

/**
 * A formatter showing an enumerated value by its console label in the export's language (the code itself when
 * the table has no label for it, null stays empty).
 */
export function labelled<V extends string>(
  labels: Readonly<Record<V, Bilingual>>,
): (value: V | null | undefined, lang: ExportLang) => string | null {
  return (value, lang) =>
    value === null || value === undefined
      ? null
      : ((labels[value] as Bilingual | undefined)?.[lang] ?? value);
}

/** An amount string of the engine (`"12.5"`, `"-3"`) as a number of yuan; empty text → null. */
export function amountOf(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A text column reading `row[key]`. */
export function textColumn<K extends string>(
  key: K,
  zh: string,
  en: string,
  width?: number,
): ExportColumn<Record<K, string | null>> {
  return { key, zh, en, type: 'text', value: (row) => row[key], ...(width === undefined ? {} : { width }) };
}

/** A column showing the enumerated `row[key]` by its label in the export's language. */
export function labelColumn<K extends string, V extends string>(
  key: K,
  zh: string,
  en: string,
  labels: Readonly<Record<V, Bilingual>>,
  width?: number,
): ExportColumn<Record<K, string | null>> {
  const label = labelled(labels);
  return {
    key,
    zh,
    en,
    type: 'text',
    // A code the table has no label for is shown as it is (labelled's fallback).
    value: (row, lang) => label(row[key] as V | null, lang),
    ...(width === undefined ? {} : { width }),
  };
}

/** An amount column reading the engine's amount string `row[key]` (yuan). */
export function amountColumn<K extends string>(
  key: K,
  zh: string,
  en: string,
): ExportColumn<Record<K, string | null>> {
  return { key, zh, en, type: 'amount', value: (row) => amountOf(row[key]) };
}

/** A business-time column reading `row[key]` (epoch ms). */
export function timeColumn<K extends string>(
  key: K,
  zh: string,
  en: string,
): ExportColumn<Record<K, number | null>> {
  return { key, zh, en, type: 'time', value: (row) => row[key], width: 20 };
}

/** A number column reading `row[key]` (`integer` or any `number`). */
export function numberColumn<K extends string>(
  key: K,
  zh: string,
  en: string,
  type: 'integer' | 'number' = 'number',
): ExportColumn<Record<K, number | null>> {
  return { key, zh, en, type, value: (row) => row[key] };
}
