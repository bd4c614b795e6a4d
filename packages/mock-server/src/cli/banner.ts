/**
 * The startup banner of `koogallery-mock start`: where the mock listens, which seller it calls, clock, store and
 * time-out — with every secret shown as `[REDACTED]` (only whether it is set).
 */
import { redactSecret } from '@koogallery-kit/sdk/platform';
import { formatZonedTime } from '../delivery/attempt-log';
import { DEMO_OPEN_API_CREDENTIALS } from '../http/open-api';
import type { RecoveryReport } from '../engine/engine';
import type { ResolvedMockConfig } from '../config/load-config';

/** Facts of the running mock the banner shows. */
export interface BannerFacts {
  /** Base URL of the running mock. */
  url: string;
  /** Business time now. */
  now: number;
  /** What was resumed from the store. */
  recovery: RecoveryReport;
  /** Whether a web console is served. */
  console: boolean;
  /** Package version. */
  version: string;
}

/** A seller URL without query string or credentials (the URL itself is no secret, but may embed some). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

const set = (v: string | undefined): string => (v === undefined ? 'not set' : redactSecret(v));

/** The banner text (ends with a newline). */
export function formatBanner(c: ResolvedMockConfig, f: BannerFacts): string {
  const tz = c.engine.timeZoneOffsetMinutes ?? 480;
  const lines = [
    `koogallery-mock ${f.version} — a local KooGallery marketplace`,
    `  listening    ${f.url}  (admin API ${f.url}/__admin, Open API ${f.url}/api/mkp-openapi-public${f.console ? `, console ${f.url}/console/` : ''})`,
  ];
  if (c.sellerUrl === undefined) {
    lines.push(
      '  seller       none — every production call will fail as UNREACHABLE; pass --seller-url URL --key KEY',
    );
  } else {
    lines.push(`  seller       ${safeUrl(c.sellerUrl)}`);
    lines.push(
      `  key          ${set(c.key)}${c.kitKey === undefined ? ' (also for kit calls)' : `, kit key ${set(c.kitKey)}`}`,
    );
  }
  const clock =
    c.clock === 'virtual'
      ? `virtual, business time ${formatZonedTime(f.now, tz)} — move it with \`koogallery-mock trigger advance 1h\``
      : `real${c.timeScale !== undefined && c.timeScale !== 1 ? ` × ${c.timeScale}` : ''}, business time ${formatZonedTime(f.now, tz)}`;
  lines.push(`  clock        ${clock}`);
  const resumed =
    f.recovery.pendingJobs > 0 || f.recovery.interruptedAttempts.length > 0
      ? ` (resumed: ${f.recovery.pendingJobs} pending job(s)${f.recovery.interruptedAttempts.length > 0 ? `, ${f.recovery.interruptedAttempts.length} interrupted attempt(s) recorded` : ''})`
      : '';
  lines.push(
    `  store        ${c.db === ':memory:' ? 'in memory (nothing persists)' : `SQLite ${c.db}`}${resumed}`,
  );
  lines.push(`  timeout      ${c.timeout} ms per attempt`);
  if (c.protocol === 'v1') {
    const aes = c.engine.v1?.encryptType === 2 ? 'AES-128-CBC' : 'AES-256-CBC';
    lines.push(
      `  protocol     V1 (legacy GET interfaces with authToken; encrypted fields ${aes} with the key)`,
    );
  }
  if (c.kitPublicKey !== undefined)
    lines.push(`  kit pub key  ${c.kitPublicKey} (applicationSync clientSecret)`);
  lines.push(`  admin token  ${set(c.adminToken)}`);
  lines.push(
    c.ak !== undefined
      ? `  Open API     AK ${c.ak}, SK ${set(c.sk)}`
      : `  Open API     demo credentials: AK ${DEMO_OPEN_API_CREDENTIALS.ak} (SK in the README); pass --ak/--sk for your own`,
  );
  if (c.adminToken === undefined && c.host !== '127.0.0.1' && c.host !== 'localhost' && c.host !== '::1') {
    lines.push(
      `  WARNING      listening on ${c.host} without an admin token: anyone who can reach it can drive it; set --admin-token`,
    );
  }
  if (c.configFile !== undefined) lines.push(`  config       ${c.configFile}`);
  lines.push(
    'Live log of production calls follows. Ctrl-C stops the mock (pending jobs are kept in the store).',
  );
  return `${lines.join('\n')}\n`;
}
