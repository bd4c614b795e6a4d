// Reading a bill-details export (账单详情 > 导出, `.xlsx`) as a seller's script would: find the columns by their
// console names — Chinese (the console's default) or English — and read each line's order, type and amount.
import ExcelJS from 'exceljs';
import type { BillLine } from './reconcile';

/** The columns the reconciliation needs, by their console names in both languages. */
const COLUMNS = {
  billId: ['账单ID', 'Bill ID'],
  orderId: ['订单号', 'Order No.'],
  transactionType: ['交易类型', 'Transaction Type'],
  amount: ['交易金额(元)', 'Transaction Amount (CNY)'],
} as const;

/** Transaction-type labels of the export → codes. */
const TRANSACTION_TYPES: Readonly<Record<string, string>> = {
  新购: 'NEW',
  续费: 'RENEW',
  变更: 'CHANGE',
  退订: 'UNSUBSCRIBE',
  按需消费: 'USAGE',
  'New purchase': 'NEW',
  Renewal: 'RENEW',
  Change: 'CHANGE',
  Unsubscription: 'UNSUBSCRIBE',
  'Pay-per-use consumption': 'USAGE',
};

/** A bill file that cannot be read: says which column or cell is wrong. */
export class BillFileError extends Error {}

/** The text of a cell: plain values as they are, rich text joined, a formula's result, a link's text. */
function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value).trim();
  }
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('formula' in value || 'sharedFormula' in value) return text(value.result);
  if ('text' in value) return value.text.trim();
  return '';
}

/** The bill id (`YYYYMM`) and the lines of a bill-details workbook. */
export async function readBillFile(bytes: Buffer): Promise<{ billIds: string[]; lines: BillLine[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new BillFileError('the workbook has no sheet');
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(text);
  const column = (names: readonly string[]): number => {
    const index = header.findIndex((h) => names.includes(h));
    if (index < 1) {
      throw new BillFileError(
        `no column ${names.join(' / ')} in the header row: is it a bill-details export?`,
      );
    }
    return index;
  };
  const at = {
    billId: column(COLUMNS.billId),
    orderId: column(COLUMNS.orderId),
    transactionType: column(COLUMNS.transactionType),
    amount: column(COLUMNS.amount),
  };
  const billIds = new Set<string>();
  const lines: BillLine[] = [];
  for (let n = 2; n <= sheet.rowCount; n += 1) {
    const row = sheet.getRow(n);
    const orderId = text(row.getCell(at.orderId).value);
    if (orderId === '') continue;
    const type = text(row.getCell(at.transactionType).value);
    const transactionType = TRANSACTION_TYPES[type];
    if (transactionType === undefined)
      throw new BillFileError(`row ${n}: unknown transaction type ${JSON.stringify(type)}`);
    const amount = row.getCell(at.amount).value;
    if (typeof amount !== 'number') throw new BillFileError(`row ${n}: the amount is not a number`);
    billIds.add(text(row.getCell(at.billId).value));
    lines.push({ orderId, transactionType, amountCents: Math.round(amount * 100) });
  }
  return { billIds: [...billIds], lines };
}
