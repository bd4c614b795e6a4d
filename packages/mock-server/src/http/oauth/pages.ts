/**
 * The HTML of the mock's login pages: the user picker of the authorize endpoint and its error page. Plain,
 * script-free HTML; every value is escaped.
 */
import type { JointTenantRecord, JointUser } from '../../engine/joint/joint-types';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}' +
    'li{margin:.5rem 0}a{font-size:1.1rem}small{color:#666}</style>' +
    `</head><body>${body}</body></html>`
  );
}

/** The user picker: one link per user; following it logs the user in and returns to the app. */
export function userPickerPage(
  tenant: JointTenantRecord,
  users: JointUser[],
  linkFor: (user: JointUser) => string,
): string {
  const items = users
    .map(
      (u) =>
        `<li><a href="${escapeHtml(linkFor(u))}">${escapeHtml(u.name)}</a> ` +
        `<small>${escapeHtml(u.userName)} · ${escapeHtml(u.role)} · ${escapeHtml(u.orgCode)}</small></li>`,
    )
    .join('');
  return page(
    `Sign in to ${tenant.name}`,
    `<h1>KooGallery mock — unified login</h1><p>Tenant <strong>${escapeHtml(tenant.name)}</strong> ` +
      `(${escapeHtml(tenant.tenantCode)}). Pick the test user to sign in as:</p><ul>${items}</ul>`,
  );
}

/** An error the browser cannot be redirected with (unknown client, bad redirect_uri…). */
export function errorPage(error: string, description: string): string {
  return page(
    'Login error',
    `<h1>Login error</h1><p><code>${escapeHtml(error)}</code></p><p>${escapeHtml(description)}</p>`,
  );
}
