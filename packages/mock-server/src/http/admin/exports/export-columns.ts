/**
 * Columns of an export as data: one table per export kind, each column a key, its console label in Chinese and
 * English, a cell type and a formatter reading the cell from a row. The writers (export-files.ts) turn the
 * types into CSV text and xlsx cells with number formats; nothing is written per column.
 */
import type { Bilingual, ExportLang } from './export-records';

/**
 * How a cell is written: `text` as is; `amount` a number of yuan (xlsx format `#,##0.00`, CSV two decimals);
 * `integer` a whole number; `time` a business time in epoch ms (xlsx date-time `yyyy-mm-dd hh:mm:ss` in the
 * export's zone, CSV the same text).
 */
export type CellType = 'text' | 'amount' | 'integer' | 'time';

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
