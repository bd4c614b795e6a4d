/**
 * `GET /__admin/events` under backpressure, with real stalled sockets: 20 clients open the stream over TCP and
 * never read, while 1 000 purchases produce events. Each stalled client is disconnected once its bounded queue
 * overflows (a warning in the live log), the mock never holds more than the bound in queues, and a client that
 * reads keeps receiving every event.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';

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
});
