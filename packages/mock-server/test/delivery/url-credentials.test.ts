/**
 * A password in the seller URL (`http://user:pass@host/…`) is used for the call (HTTP Basic, as any HTTP client
 * sends user-info) but never shown or stored: the test plants a password and scans everything the mock exposes
 * — attempts, every admin route, the live log, reported errors, the SQLite file — for it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace } from '../../src/index';
import { runStartCommand } from '../../src/cli/commands/start';

const PASSWORD = 'Pl4nted-Pa55word';
const KEY = 'url-credentials-key-0001';
const dir = mkdtempSync(join(tmpdir(), 'kgk-url-credentials-'));
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A seller that records the Authorization header of every call and answers HTTP 500 (a failed call). */
async function recordingSeller(): Promise<{ port: number; auth: Array<string | undefined> }> {
  const auth: Array<string | undefined> = [];
  const server = createServer((req: IncomingMessage, res) => {
    auth.push(req.headers.authorization);
    req.resume();
    req.on('end', () => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('broken');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, auth };
}

describe('user-info in --seller-url', () => {
  it('is sent as HTTP Basic but appears nowhere: attempts, admin API, log, errors, SQLite file', async () => {
    const seller = await recordingSeller();
    const sellerUrl = `http://seller:${PASSWORD}@127.0.0.1:${seller.port}/produce`;
    const db = join(dir, 'planted.db');
    const lines: string[] = [];
    const errors: string[] = [];
    const m = await createMockMarketplace({
      sellerUrl,
      accessKey: KEY,
      db,
      log: (line) => lines.push(line),
      onError: (e) => errors.push(String((e as Error)?.message ?? e)),
    });
    m.purchase({ productCode: 'crm', autoPay: true });
    await m.flush();
    await m.advance('2h');

    // Used for the call: HTTP Basic with the URL's user-info (RFC 7617).
    expect(seller.auth.length).toBeGreaterThan(1);
    expect(seller.auth[0]).toBe(`Basic ${Buffer.from(`seller:${PASSWORD}`).toString('base64')}`);

    const [attempt] = m.attempts();
    expect(attempt!.request!.url).toContain('[REDACTED]@127.0.0.1');

    const seen: string[] = [...lines, ...errors, JSON.stringify(m.attempts()), JSON.stringify(m.outbox())];
    const admin = [
      '/state',
      '/config',
      '/jobs',
      '/attempts',
      '/orders',
      '/instances',
      '/outbox',
      '/products',
      '/order-search',
    ];
    for (const path of admin) {
      const res = await fetch(`${m.adminUrl}${path}`);
      expect(res.status, path).toBe(200);
      seen.push(await res.text());
    }
    for (const job of m.jobs()) seen.push(await (await fetch(`${m.adminUrl}/jobs/${job.id}`)).text());
    await m.close();
    for (const file of readdirSync(dir)) seen.push(readFileSync(join(dir, file)).toString('latin1'));

    const leaks = seen.filter((text) => text.includes(PASSWORD));
    expect(leaks).toEqual([]);
    expect(seen.join('\n')).toContain('[REDACTED]');
  });

  it('is masked in the error about an invalid seller URL, from the options and from the CLI', async () => {
    const bad = `http://seller:${PASSWORD}@bad host/produce`;
    const error = await createMockMarketplace({ sellerUrl: bad, accessKey: KEY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('sellerUrl');
    expect((error as Error).message).not.toContain(PASSWORD);

    let out = '';
    const code = await runStartCommand(['start', '--seller-url', bad, '--key', KEY, '--port', '0'], {
      stdout: (s) => (out += s),
      stderr: (s) => (out += s),
      env: {},
      cwd: dir,
    });
    expect(code).toBe(2);
    expect(out).not.toContain(PASSWORD);
  });
});
