/**
 * Truthful fault records: a seller that answers HTTP 200 with a body over the reply limit did answer, so the
 * attempt says REPLY_TOO_LARGE with the status and the bytes read (not UNREACHABLE with a DNS/TLS hint), and it
 * is retried as a failed call, with its e-mail in the outbox.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_REPLY_BYTES } from '@koogallery-kit/sdk/platform';
import { createMockMarketplace } from '../../src/index';

const KEY = 'fault-records-key-00001';
const START = Date.parse('2025-03-10T02:00:00Z');
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

/** A seller answering HTTP 200, JSON, with a body of `bytes` bytes (written in 64 KiB chunks). */
async function hugeReplySeller(bytes: number): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let left = bytes;
      const pump = (): void => {
        while (left > 0) {
          const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= part.length;
          if (!res.write(part)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/produce`;
}

describe('a reply over the size limit', () => {
  it('is recorded as REPLY_TOO_LARGE with the HTTP status and bytes read, and retried as a failed call', async () => {
    const sellerUrl = await hugeReplySeller(DEFAULT_MAX_REPLY_BYTES + 1024 * 1024);
    const m = await createMockMarketplace({ sellerUrl, accessKey: KEY, startAt: START });
    try {
      m.purchase({ productCode: 'crm', autoPay: true });
      await m.flush();
      const [job] = m.jobs({ interface: 'newInstance' });
      const view = m.job(job!.id);
      expect(view.attempts).toHaveLength(1);
      const [attempt] = view.attempts;
      expect(attempt!.state).toBe('FAILED');
      expect(attempt!.problems.map((p) => p.code)).toEqual(['REPLY_TOO_LARGE']);
      const message = attempt!.problems[0]!.message;
      expect(message).toContain('HTTP 200');
      const read = Number(/after (\d+) bytes/.exec(message)?.[1]);
      expect(read).toBeGreaterThan(DEFAULT_MAX_REPLY_BYTES);
      expect(read).toBeLessThanOrEqual(DEFAULT_MAX_REPLY_BYTES + 1024 * 1024);
      expect(attempt!.problems[0]!.hint).not.toMatch(/DNS|TLS|certificate/);
      // retried on the schedule, like any failed call, and mailed
      expect(view.state).toBe('PENDING');
      expect(view.nextAttemptAt).toBe(START + 3_600_000);
      expect(m.outbox().filter((x) => x.kind === 'CALL_FAILED')).toHaveLength(1);
      expect(m.outbox()[0]!.text).toContain('REPLY_TOO_LARGE');
    } finally {
      await m.close();
    }
  });
});
