import { describe, expect, it } from 'vitest';
import { ConnectionError, KooGalleryError, TimeoutError } from '@koogallery-kit/sdk';
import { judgeFailure } from '@koogallery-kit/sdk/platform';

describe('judgeFailure', () => {
  it('turns a TimeoutError into a TIMEOUT verdict', () => {
    const verdict = judgeFailure({
      interface: 'newInstance',
      error: new TimeoutError('No complete answer within 5000 ms.'),
      elapsedMs: 5003.4,
    });
    expect(verdict).toEqual({
      accepted: false,
      async: false,
      problems: [
        {
          code: 'TIMEOUT',
          message: 'newInstance: no complete answer after 5003 ms (No complete answer within 5000 ms.).',
          hint: expect.stringContaining('000004'),
        },
      ],
    });
  });

  it('treats any error with code TIMEOUT as a timeout', () => {
    const verdict = judgeFailure({
      interface: 'queryInstance',
      error: new KooGalleryError('TIMEOUT', 'slow'),
      elapsedMs: 10,
    });
    expect(verdict.problems[0]?.code).toBe('TIMEOUT');
  });

  it('turns connection errors and unknown throwables into UNREACHABLE', () => {
    const refused = judgeFailure({
      interface: 'queryInstance',
      error: new ConnectionError('connection refused [ECONNREFUSED]'),
      elapsedMs: 3,
    });
    expect(refused.problems).toEqual([
      expect.objectContaining({
        code: 'UNREACHABLE',
        message: expect.stringContaining('could not be reached after 3 ms (connection refused'),
      }),
    ]);
    for (const error of [new Error('socket hang up'), 'weird', undefined, { code: 42 }]) {
      const verdict = judgeFailure({ interface: 'tenantSync', error, elapsedMs: 1 });
      expect(verdict.accepted).toBe(false);
      expect(verdict.problems).toEqual([
        expect.objectContaining({
          code: 'UNREACHABLE',
          message: expect.stringContaining('failed before any answer'),
        }),
      ]);
    }
  });

  it('never repeats a full signature found in an error message', () => {
    const sig = 'c506f4221ec15f98c40b8a5d5065d8b815a2c5596cf4421382088b5652565458';
    const verdict = judgeFailure({
      interface: 'newInstance',
      error: new Error(`request to https://s.example.com/p?signature=${sig}&timestamp=1&nonce=n failed`),
      elapsedMs: 1,
    });
    const text = JSON.stringify(verdict);
    expect(text).not.toContain(sig);
    expect(text).toContain('signature=c506f4…');
  });
});
