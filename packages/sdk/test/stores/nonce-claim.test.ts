/**
 * The handler takes a nonce store's answer as it comes: a plain boolean (the memory store, used without an extra
 * await), a Promise, or any other thenable; a store that throws or rejects gets 000005, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { createProductionHandler } from '../../src/handler';
import type { NonceStore } from '../../src/stores';
import { V2_BODIES } from '../handler/fixtures/bodies';
import {
  ACCESS_KEY,
  T0,
  createRecordingLogger,
  expectSignedAnswer,
  freshNonce,
  handleSigned,
} from '../handler/harness';
import type { WireResponse } from '../handler/harness';

function setup(nonceStore: NonceStore) {
  const logger = createRecordingLogger();
  const handler = createProductionHandler({
    accessKey: ACCESS_KEY,
    now: () => T0,
    logger,
    nonceStore,
    handlers: { queryInstance: () => ({ info: [] }) },
  });
  const call = (nonce = freshNonce()): Promise<WireResponse> =>
    handleSigned(handler, 'queryInstance', V2_BODIES.queryInstance, nonce);
  return { call, logger };
}

/** A store answering through `wrap`, remembering nonces in a Set. */
function storeWith(wrap: (fresh: boolean) => ReturnType<NonceStore['claim']>): NonceStore {
  const seen = new Set<string>();
  return {
    claim(nonce) {
      const fresh = !seen.has(nonce);
      seen.add(nonce);
      return wrap(fresh);
    },
  };
}

describe.each([
  ['a plain boolean', (fresh: boolean) => fresh],
  ['a Promise', (fresh: boolean) => Promise.resolve(fresh)],
  [
    'a non-Promise thenable',
    (fresh: boolean) =>
      ({ then: (resolve: (v: boolean) => void) => resolve(fresh) }) as unknown as Promise<boolean>,
  ],
])('a nonce store answering with %s', (_name, wrap) => {
  it('lets a first sighting through and refuses the replay with 000001', async () => {
    const { call } = setup(storeWith(wrap));
    const nonce = freshNonce();
    expectSignedAnswer(await call(nonce), { status: 200, resultCode: '000000' });
    const replay = expectSignedAnswer(await call(nonce), { status: 200, resultCode: '000001' });
    expect(replay.resultMsg).toMatch(/nonce was already used/);
  });
});

describe('a failing nonce store', () => {
  it.each([
    [
      'throws synchronously',
      () => {
        throw new Error('store exploded');
      },
    ],
    ['rejects', () => Promise.reject(new Error('store down'))],
  ])('that %s gets 000005, logged as an error', async (_name, claim) => {
    const { call, logger } = setup({ claim });
    const json = expectSignedAnswer(await call(), { status: 200, resultCode: '000005' });
    expect(json.resultMsg).toMatch(/replay check unavailable/);
    expect(logger.lines.some((l) => l.level === 'error' && /nonce store failed/.test(l.message))).toBe(true);
  });
});
