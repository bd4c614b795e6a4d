/**
 * CSV for spreadsheet users (RFC 4180): fields separated by commas, records by CRLF, a field quoted when it holds
 * a comma, a quote, a line break or leading/trailing blanks (inner quotes doubled). A UTF-8 byte-order mark
 * makes Excel read non-ASCII text (Chinese product names, `¥`) as UTF-8 instead of the system code page.
 *
 * Cells are defused against formula injection (OWASP "CSV injection"): a text cell starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as text instead of running it.
 * Plain numbers (`-45.5`) are left alone.
 */

/** The UTF-8 byte-order mark (U+FEFF), written first so Excel detects UTF-8. */
export const CSV_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One cell: `null`/`undefined` → empty; numbers and booleans as text; objects and arrays as JSON; text defused and
 * quoted as needed.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : (JSON.stringify(value) ?? '');
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Options of {@link toCsv}. */
export interface CsvOptions {
  /** Start with the UTF-8 byte-order mark. Default true. */
  bom?: boolean;
}

/** A whole CSV document: the header row, then one record per row, each ended by CRLF. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  o: CsvOptions = {},
): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${o.bom === false ? '' : CSV_BOM}${lines.map((l) => `${l}\r\n`).join('')}`;
}
