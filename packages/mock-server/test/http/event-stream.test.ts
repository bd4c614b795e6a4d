/**
 * `GET /__admin/events`: engine events as Server-Sent Events, filtered by `?types=`, ended on shutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEventOf, EngineEventType } from '../../src/engine/model/events';
import { createMockMarketplace, type MockMarketplace } from '../../src/index';
import { startTestSeller, type TestSeller } from '../delivery/fixtures/test-seller';
import type { ErrorBody } from './admin-answers';
import { request } from './helpers';

const KEY = 'sse-test-key-0001';
let seller: TestSeller;
let m: MockMarketplace;
beforeAll(async () => {
  seller = await startTestSeller({ key: KEY });
  m = await createMockMarketplace({ sellerUrl: seller.url, accessKey: KEY, startAt: '2025-03-10T02:00:00Z' });
});
afterAll(async () => {
  await m.close();
  await seller.close();
});

interface SseEvent {
  id?: string;
  event: string;
  /** The parsed `data:` line: the engine event itself (`{ type, at, … }`), or the `ready` event's payload. */
  data: unknown;
}

/** The payload of an SSE event named `type`, typed as the engine event it carries; undefined for other names. */
function payloadOf<K extends EngineEventType>(e: SseEvent, type: K): EngineEventOf<K> | undefined {
  return e.event === type ? (e.data as EngineEventOf<K>) : undefined;
}

/** Opens the stream and collects events until `until` returns true (bounded by a count). */
async function collect(
  url: string,
  until: (events: SseEvent[]) => boolean,
  onReady: () => Promise<void>,
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  let ready = false;
  for (let reads = 0; reads < 500; reads++) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const e: SseEvent = { event: 'message', data: null };
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) e.id = line.slice(4);
        else if (line.startsWith('event: ')) e.event = line.slice(7);
        else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6)) as unknown;
      }
      if (block.startsWith(':') || e.data === null) continue;
      events.push(e);
      if (e.event === 'ready' && !ready) {
        ready = true;
        void onReady();
      }
    }
    if (until(events)) break;
  }
  controller.abort();
  return events;
}

describe('event stream', () => {
  it('delivers engine events as they happen', async () => {
    const events = await collect(
      `${m.adminUrl}/events`,
      (es) => es.some((e) => payloadOf(e, 'order.changed')?.order.state === 'COMPLETED'),
      async () => {
        await request(`${m.adminUrl}/actions/purchase`, { json: { productCode: 'crm', autoPay: true } });
      },
    );
    const types = events.map((e) => e.event);
    expect(types[0]).toBe('ready');
    for (const t of [
      'job.created',
      'attempt.started',
      'attempt.finished',
      'job.succeeded',
      'instance.changed',
    ]) {
      expect(types).toContain(t);
    }
    const finished = events.map((e) => payloadOf(e, 'attempt.finished')).find((d) => d !== undefined)!;
    expect(finished.type).toBe('attempt.finished');
    expect(finished.attempt.state).toBe('SUCCEEDED');
    expect(JSON.stringify(events)).not.toContain(KEY);
    const ids = events.filter((e) => e.id !== undefined).map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('filters by ?types=', async () => {
    const events = await collect(
      `${m.adminUrl}/events?types=attempt.finished,clock.advanced`,
      (es) => es.some((e) => e.event === 'clock.advanced'),
      async () => {
        await request(`${m.adminUrl}/actions/purchase`, { json: { productCode: 'report', autoPay: true } });
        await request(`${m.adminUrl}/clock/advance`, { json: { by: '1m' } });
      },
    );
    expect(new Set(events.map((e) => e.event))).toEqual(
      new Set(['ready', 'attempt.finished', 'clock.advanced']),
    );
  });

  it('rejects unknown event types, naming them', async () => {
    const res = await request<ErrorBody>(`${m.adminUrl}/events?types=attempt.finished,job.exploded`);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('types');
    expect(res.body.error.message).toContain('job.exploded');
  });

  it('ends open streams when the mock closes', async () => {
    const other = await createMockMarketplace();
    const res = await fetch(`${other.adminUrl}/events`);
    const reader = res.body!.getReader();
    await reader.read(); // ready
    const closing = other.close();
    let done = false;
    for (let i = 0; i < 50 && !done; i++) done = (await reader.read()).done;
    await closing;
    expect(done).toBe(true);
  });
});
