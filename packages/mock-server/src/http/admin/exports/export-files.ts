/**
 * Writing an export table to a file: CSV (RFC 4180 through ../csv.ts: CRLF, quoting, formula defusing, UTF-8
 * with a byte-order mark so Excel reads Chinese correctly) or an Excel workbook built with exceljs. exceljs is
 * imported on the first xlsx export, so `koogallery-mock start` does not load it.
 */
import { formatBusinessTime } from '../../../delivery/attempt-log';
import { toCsv } from '../csv';
import type { CellValue, ExportTable } from './export-columns';
import type { ExportFormat } from './export-records';

/** Content types of the formats. */
export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = Object.freeze({
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
});

/** Excel's limit of rows per sheet (1 048 576) less the header row. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/** Number formats of the typed cells in the workbook. */
export const XLSX_NUMBER_FORMATS = Object.freeze({
  amount: '#,##0.00',
  integer: '0',
  number: 'General',
  time: 'yyyy-mm-dd hh:mm:ss',
});

/** The CSV text of a cell. */
function csvText(value: CellValue, type: ExportTable['types'][number], tz: number): string | null {
  if (value === null) return null;
  if (type === 'time' && typeof value === 'number') return formatBusinessTime(value, tz);
  if (type === 'amount' && typeof value === 'number') return value.toFixed(2);
  return String(value);
}

/** The table as a CSV file (UTF-8 with BOM, CRLF; times as `yyyy-MM-dd HH:mm:ss` in the zone `tz`). */
export function writeCsv(table: ExportTable, tz: number): Buffer {
  const rows = table.rows.map((row) => row.map((v, i) => csvText(v, table.types[i] ?? 'text', tz)));
  return Buffer.from(toCsv(table.header, rows), 'utf8');
}

/**
 * The workbook cell of a value: numbers stay numbers (formatted by the column's number format), a time becomes a
 * date whose wall-clock reading is the business time in zone `tz` (a workbook date has no zone).
 */
function xlsxValue(
  value: CellValue,
  type: ExportTable['types'][number],
  tz: number,
): string | number | Date | null {
  if (value === null) return null;
  if (type === 'time' && typeof value === 'number') return new Date(value + tz * 60_000);
  return value;
}

/** The table as an Excel workbook: one sheet named after the table, a bold frozen header, typed cells. */
export async function writeXlsx(table: ExportTable, tz: number): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'koogallery-mock';
  // Sheet names are at most 31 characters and exclude : \ / ? * [ ].
  const sheet = workbook.addWorksheet(table.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.header.map((header, i) => {
    const type = table.types[i] ?? 'text';
    return {
      header,
      width: table.widths[i] ?? 12,
      ...(type === 'text' ? {} : { style: { numFmt: XLSX_NUMBER_FORMATS[type] } }),
    };
  });
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v, i) => xlsxValue(v, table.types[i] ?? 'text', tz)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Writes the table in `format`. */
export async function writeExportFile(table: ExportTable, format: ExportFormat, tz: number): Promise<Buffer> {
  return format === 'xlsx' ? writeXlsx(table, tz) : writeCsv(table, tz);
}
