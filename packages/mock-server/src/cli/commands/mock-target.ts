/**
 * The running mock a command talks to (`trigger`, `export`): its URL (`--url`, else `$KOOGALLERY_MOCK_URL`, else
 * the default port on 127.0.0.1), and how a refusal of its admin API is printed (the message, then every issue
 * of a 400 on its own line).
 */
import { isObject } from '@koogallery-kit/sdk/platform';
import { START_DEFAULTS } from '../../config/load-config';
import type { MockAdminError } from '../../contract/remote/admin-client';

/** Environment variable with the mock's URL. */
export const MOCK_URL_ENV = 'KOOGALLERY_MOCK_URL';

/** The mock's base URL without a trailing slash. */
export function mockBaseUrl(option: unknown, env: Readonly<Record<string, string | undefined>>): string {
  return (
    typeof option === 'string' ? option : env[MOCK_URL_ENV] || `http://127.0.0.1:${START_DEFAULTS.port}`
  ).replace(/\/+$/, '');
}

/** `code: message`, then each issue of a 400 on its own line when there are several. */
export function refusalText(error: MockAdminError): string {
  const err = isObject(error.body) && isObject(error.body.error) ? error.body.error : {};
  const issues = Array.isArray(err.issues) ? (err.issues as Array<Record<string, unknown>>) : [];
  const detail =
    issues.length > 1
      ? `\n${issues.map((i) => `  - ${String(i.path).replace(/^\//, '').split('/').join('.')}: ${String(i.message)}`).join('\n')}`
      : '';
  return `${error.code}: ${error.message}${detail}`;
}
