/**
 * The console is fed only by the documented admin API: every admin route its scripts call is in the README's
 * admin API reference; the README's "Web console" section shows the committed screenshot; docs/console.md
 * documents the routes added for the console.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMIN_ACTIONS } from '../../src/http/admin/actions';

const PKG = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(PKG, 'README.md'), 'utf8');
const guide = readFileSync(join(PKG, '../../docs/console.md'), 'utf8');

/** The README's admin API section. */
const adminSection = readme.slice(
  readme.indexOf('## Admin API'),
  readme.indexOf('\n## ', readme.indexOf('## Admin API') + 5),
);

/** `/jobs/:id/restart`, `/actions/<action>` → `/jobs/:x/restart`, `/actions/:x`. */
const normalize = (route: string): string => route.replace(/:\w+|<\w+>/g, ':x');

/** Every route of the README's admin table, normalized. */
const documented = new Set(
  [...adminSection.matchAll(/`(?:GET|POST|DELETE) (\/[^`\s]*)`/g)].map((m) => normalize(m[1] as string)),
);

/** Admin paths called by the console's scripts, normalized (query strings dropped). */
function consoleCalls(): Set<string> {
  const dir = join(PKG, 'src/console/js');
  const files = [
    ...readdirSync(dir).map((f) => join(dir, f)),
    ...readdirSync(join(dir, 'pages')).map((f) => join(dir, 'pages', f)),
  ].filter((f) => f.endsWith('.js'));
  const calls = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\badmin(?:List|Tail)?\(\s*(['`])(\/[^'`]*)\1/g)) {
      const path = (m[2] as string)
        .replace(/\$\{queryOf\((?:[^()]|\([^()]*\))*\)\}/g, '')
        .replace(/\?.*$/, '')
        .replace(/\$\{[^}]+\}/g, ':x');
      calls.add(path);
    }
  }
  return calls;
}

describe('the console and the admin API reference', () => {
  it('calls only routes the README documents', () => {
    const calls = consoleCalls();
    expect(calls.size).toBeGreaterThan(15);
    // A literal action (`/actions/create-buyer`) is `POST /actions/<action>` with an action that exists.
    const literalActions = [...calls].flatMap((c) => /^\/actions\/([a-z-]+)$/.exec(c)?.[1] ?? []);
    for (const name of literalActions) expect(Object.keys(ADMIN_ACTIONS), name).toContain(name);
    const undocumented = [...calls]
      .map((c) => c.replace(/^\/actions\/[a-z-]+$/, '/actions/:x'))
      .filter((c) => !documented.has(c));
    expect(undocumented).toEqual([]);
  });

  it('documents the routes added for the console in both places', () => {
    for (const route of ['/order-search', '/order-search.csv', '/instances/:ref/usage']) {
      expect(documented.has(normalize(route)), route).toBe(true);
      expect(guide, route).toContain(route);
    }
  });
});

describe('the README section "Web console"', () => {
  const section = readme.slice(readme.indexOf('## Web console'));

  it('exists and shows the committed screenshot of the messages page', () => {
    expect(readme).toContain('## Web console');
    const image = /!\[[^\]]+\]\(([^)]+\.png)\)/.exec(section)?.[1];
    expect(image).toBe('../../docs/images/console-messages.png');
    const file = join(PKG, image as string);
    expect(existsSync(file)).toBe(true);
    expect([...readFileSync(file).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('links the guide, which shows the same screenshot', () => {
    expect(section).toContain('](../../docs/console.md)');
    const image = /!\[[^\]]+\]\(([^)]+\.png)\)/.exec(guide)?.[1] as string;
    expect(join(dirname(join(PKG, '../../docs/console.md')), image)).toBe(
      join(PKG, '../../docs/images/console-messages.png'),
    );
  });
});
