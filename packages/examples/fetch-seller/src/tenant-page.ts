// The pages the URLs reported by queryInstance point at: a stand-in for the real application.
import type { Tenant } from './tenant-directory';

/** Escapes text for HTML. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The HTML and status of a tenant's page: 200 when active, 423 when frozen (data kept), 410 when released, 404
 * when unknown.
 */
export function renderTenantPage(
  tenant: Tenant | undefined,
  o: { instanceId: string; admin: boolean },
): { status: number; html: string } {
  const page = (status: number, title: string, text: string) => ({
    status,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`,
  });
  if (tenant === undefined) return page(404, 'Unknown tenant', `There is no tenant ${o.instanceId}.`);
  if (tenant.status === 'RELEASED') return page(410, 'Tenant released', 'This subscription has ended.');
  if (tenant.status === 'FROZEN') {
    return page(
      423,
      'Tenant frozen',
      'Renew the subscription on KooGallery to use it again; your data is kept.',
    );
  }
  return page(
    200,
    o.admin ? `Administration of ${tenant.instanceId}` : `Welcome to ${tenant.instanceId}`,
    o.admin ? `Sign in as ${tenant.adminUser}.` : `Order ${tenant.orderId}.`,
  );
}
