// The script: reconcile one month's bill of the mock marketplace (or a bill-details export you downloaded) with
// the seller's own order records, print the differences. Exit 0 when there are none, 1 when there are, 2 on a
// usage error or when the mock or the database cannot be read.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BillFileError, readBillFile } from './bill-file';
import { downloadBillExport, fetchTransactions, type MockAdmin } from './mock-admin';
import { formatReport, reconcile, type ReconciliationReport } from './reconcile';
import { readSellerOrders } from './seller-orders';

/** Where the script reads its settings and writes its output. */
export interface ScriptIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Wall ms between two polls of the export. Default 250. */
  pollMs?: number;
}

/** Exit statuses: 0 no differences, 1 differences found, 2 usage error or a source that cannot be read. */
export const EXIT = Object.freeze({ OK: 0, DIFFERENCES: 1, USAGE: 2 });

export const HELP = `Usage: reconciliation --period YYYYMM --seller-db FILE [options]

Matches the bill of one month (its bill-details export) and the transaction details of the mock marketplace with
the seller's own order records, by order id, and prints the differences: orders missing on either side, amounts
that differ. Orders not on this bill are explained by the transaction details (billed in another month, or not
billed yet and why).

Options
  --period YYYYMM       the bill's month (bill id), e.g. 202601
  --seller-db FILE      the example seller's SQLite file (DB_PATH of the seller)
  --bill-file FILE      a bill-details export (.xlsx) you downloaded; default: export it from the mock now
  --product-type TYPE   the bill's product type: general (default) or joint-operations
  --json                print the report as JSON
  -h, --help            show this help

Environment
  KOOGALLERY_MOCK_URL          the mock marketplace (default http://127.0.0.1:8787)
  KOOGALLERY_MOCK_ADMIN_TOKEN  its admin token, if it has one

Exit status: 0 no differences, 1 differences found, 2 usage error or a source that cannot be read.`;

const OPTIONS = {
  period: { type: 'string' },
  'seller-db': { type: 'string' },
  'bill-file': { type: 'string' },
  'product-type': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs the script with `argv` (the arguments after the script name); resolves with the exit status. */
export async function runReconciliation(argv: readonly string[], io: ScriptIo): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values;
  } catch (error) {
    io.stderr(`reconciliation: ${(error as Error).message}\nRun with --help for usage.\n`);
    return EXIT.USAGE;
  }
  if (values.help === true) {
    io.stdout(`${HELP}\n`);
    return EXIT.OK;
  }
  const period = values.period;
  const dbPath = values['seller-db'];
  const productType = values['product-type'] ?? 'general';
  if (period === undefined || !/^\d{4}(0[1-9]|1[0-2])$/.test(period)) {
    io.stderr('reconciliation: --period must be the bill month YYYYMM, e.g. 202601\n');
    return EXIT.USAGE;
  }
  if (dbPath === undefined) {
    io.stderr("reconciliation: --seller-db must name the seller's SQLite file\n");
    return EXIT.USAGE;
  }
  const admin: MockAdmin = {
    url: io.env['KOOGALLERY_MOCK_URL'] || 'http://127.0.0.1:8787',
    ...(io.env['KOOGALLERY_MOCK_ADMIN_TOKEN'] ? { adminToken: io.env['KOOGALLERY_MOCK_ADMIN_TOKEN'] } : {}),
    ...(io.pollMs === undefined ? {} : { pollMs: io.pollMs }),
  };
  let report: ReconciliationReport;
  try {
    const billBytes =
      values['bill-file'] === undefined
        ? await downloadBillExport(admin, period, productType)
        : readFileSync(values['bill-file']);
    const bill = await readBillFile(billBytes);
    const other = bill.billIds.filter((id) => id !== period);
    if (other.length > 0)
      throw new BillFileError(`the bill file holds bill ${other.join(', ')}, not ${period}`);
    report = reconcile({
      period,
      billLines: bill.lines,
      transactions: await fetchTransactions(admin, productType),
      sellerOrders: readSellerOrders(dbPath),
    });
  } catch (error) {
    // The mock refused or is down (MockAdminError), the bill file is not a bill-details export (BillFileError),
    // the database cannot be read (better-sqlite3's SqliteError): a source that cannot be read.
    if (!(error instanceof Error)) throw error;
    io.stderr(`reconciliation: ${error.message}\n`);
    return EXIT.USAGE;
  }
  io.stdout(
    values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, productType),
  );
  return report.differences.length === 0 ? EXIT.OK : EXIT.DIFFERENCES;
}
