/**
 * `GET /__admin/events` under backpressure, with real stalled sockets: 20 clients open the stream over TCP and
 * never read, while 1 000 purchases produce events. Each stalled client is disconnected once its bounded queue
 * overflows (a warning in the live log), the mock never holds more than the bound in queues, and a client that
 * reads keeps receiving every event.
 */
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type EngineEvent, type MockMarketplace } from '../../src/index';
import { createEventBus } from '../../src/engine/model/events';
import { createEventStreams } from '../../src/http/admin/event-stream';

const STALLED = 20;
const PURCHASES = 1_000;
const QUEUE_LIMIT = 256 * 1024; // the default of createEventStreams

const sockets: Socket[] = [];
let m: MockMarketplace | undefined;
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await m?.close();
});

/** Opens the event stream on a raw socket and stops reading it once the response has started. */
function stalledClient(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`GET /__admin/events HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    sockets.push(socket);
    socket.once('data', (first: Buffer) => {
      expect(first.toString('latin1')).toMatch(/^HTTP\/1\.1 200/);
      socket.pause(); // never reads again: the kernel buffers fill, then the server's writes return false
      resolve(socket);
    });
    socket.on('error', () => undefined);
    socket.once('close', () => reject(new Error('closed before the stream started')));
  });
}

describe('event stream backpressure', () => {
  it('disconnects stalled clients instead of buffering without bound; a reading client gets everything', async () => {
    const lines: string[] = [];
    m = await createMockMarketplace({ log: (line) => lines.push(line) });
    const url = new URL(m.url);
    for (let i = 0; i < STALLED; i++) await stalledClient(url);

    // a client that reads: counts the attempt.finished events it receives
    const reader = await fetch(`${m.adminUrl}/events?types=attempt.finished`);
    const decoder = new TextDecoder();
    let received = 0;
    const reading = (async () => {
      const r = reader.body!.getReader();
      for (;;) {
        const { value, done } = await r.read();
        if (done) return;
        received += decoder.decode(value, { stream: true }).split('event: attempt.finished').length - 1;
        if (received >= PURCHASES) return;
      }
    })();
    expect(m.http.streams.count()).toBe(STALLED + 1);

    for (let i = 0; i < PURCHASES; i++) {
      m.purchase({ productCode: 'crm', autoPay: true });
      if (i % 50 === 49) {
        await m.flush();
        await new Promise((r) => setImmediate(r)); // let the sockets move data
      }
    }
    await m.flush();
    await reading;

    expect(received).toBe(PURCHASES);
    // every stalled client was cut off once its queue overflowed, the reading one stays
    const warnings = lines.filter((l) => l.startsWith('warning: event stream client'));
    expect(warnings).toHaveLength(STALLED);
    expect(warnings[0]).toContain(`more than ${QUEUE_LIMIT} bytes of events waiting`);
    expect(m.http.streams.count()).toBe(1);
    expect(m.http.streams.queuedBytes()).toBeLessThanOrEqual(QUEUE_LIMIT);
  });

  it('disconnects a client whose socket stays full longer than maxBlockedMs, even with room in its queue', async () => {
    const bus = createEventBus(() => undefined);
    const warnings: string[] = [];
    const streams = createEventStreams(bus, {
      now: () => 0,
      maxQueueBytes: 512 * 1024 * 1024, // never the reason here
      maxBlockedMs: 200,
      onWarning: (w) => warnings.push(w),
    });
    const app = express();
    app.get('/events', streams.handler);
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const socket = await new Promise<Socket>((resolve) => {
        const s = connect(Number(url.port), url.hostname, () =>
          s.write(`GET /events HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`),
        );
        sockets.push(s);
        s.once('data', () => {
          s.pause();
          resolve(s);
        });
        s.on('error', () => undefined);
      });
      expect(socket.isPaused()).toBe(true);
      // 64 MB of events: far more than the kernel's socket buffers hold
      const big = { type: 'clock.advanced', at: 0, from: 0, to: 0, pad: 'x'.repeat(256 * 1024) };
      for (let i = 0; i < 256; i++) bus.emit(big as unknown as EngineEvent);
      expect(streams.queuedBytes()).toBeGreaterThan(0);
      for (let i = 0; i < 200 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('it read nothing for 200 ms');
      expect(streams.count()).toBe(0);
      expect(streams.queuedBytes()).toBe(0);
    } finally {
      streams.closeAll();
      server.closeAllConnections();
      server.close();
    }
  });
});
