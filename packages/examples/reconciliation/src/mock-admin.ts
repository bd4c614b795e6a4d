// The two things the script asks the mock marketplace's admin API for (plain HTTP, JSON): the bill-details export
// of a month (create the export, poll it until it is generated, download the .xlsx) and the transaction details.
import type { TransactionDetail } from './reconcile';

/** Where the mock is and how to call it. */
export interface MockAdmin {
  /** Base URL of the mock, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Its admin token, when it requires one. */
  adminToken?: string;
  /** Wall ms between two polls of the export. Default 250. */
  pollMs?: number;
  /** How long to wait for the export. Default 60 000. */
  waitMs?: number;
}

/** The mock refused a request or could not be reached. */
export class MockAdminError extends Error {}

async function call(admin: MockAdmin, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (admin.adminToken !== undefined) headers.set('Authorization', `Bearer ${admin.adminToken}`);
  let res: Response;
  try {
    res = await fetch(`${admin.url.replace(/\/+$/, '')}/__admin${path}`, { ...init, headers });
  } catch (error) {
    throw new MockAdminError(`cannot reach the mock at ${admin.url}: ${(error as Error).message}`);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new MockAdminError(
      `the mock answered ${path} with ${res.status} ${body?.error?.code ?? ''}: ${body?.error?.message ?? res.statusText}`,
    );
  }
  return res;
}

const json = async <T>(admin: MockAdmin, path: string, init?: RequestInit): Promise<T> =>
  (await (await call(admin, path, init)).json()) as T;

/** The bill-details export (xlsx) of bill `billId`, as the console's 详单导出 makes it. */
export async function downloadBillExport(
  admin: MockAdmin,
  billId: string,
  productType: string,
): Promise<Buffer> {
  let record = await json<{ id: string; state: string; reason: string | null }>(admin, '/exports', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'bill-details', format: 'xlsx', filters: { billId, productType } }),
  });
  const deadline = Date.now() + (admin.waitMs ?? 60_000);
  while (record.state === 'GENERATING') {
    if (Date.now() > deadline)
      throw new MockAdminError(`export ${record.id} is still generating; try again later`);
    await new Promise((resolve) => setTimeout(resolve, admin.pollMs ?? 250));
    record = await json(admin, `/exports/${record.id}`);
  }
  if (record.state !== 'DONE')
    throw new MockAdminError(`export ${record.id} failed: ${record.reason ?? '?'}`);
  return Buffer.from(await (await call(admin, `/exports/${record.id}/file`)).arrayBuffer());
}

/** Every transaction-detail row the console shows now. */
export async function fetchTransactions(admin: MockAdmin, productType: string): Promise<TransactionDetail[]> {
  const page = await json<{ items: TransactionDetail[] }>(
    admin,
    `/transactions?productType=${encodeURIComponent(productType)}`,
  );
  return page.items;
}
