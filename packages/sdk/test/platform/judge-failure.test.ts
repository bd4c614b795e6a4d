import { describe, expect, it } from 'vitest';
import { ConnectionError, KooGalleryError, ReplyTooLargeError, TimeoutError } from '@koogallery-kit/sdk';
import { judgeFailure, redactUrlUserInfo } from '@koogallery-kit/sdk/platform';

describe('judgeFailure', () => {
  it('turns a ReplyTooLargeError into REPLY_TOO_LARGE with the status and the bytes read (the seller answered)', () => {
    const error = new ReplyTooLargeError('too large', {
      status: 200,
      bytesRead: 10_551_296,
      limitBytes: 10_485_760,
    });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('REPLY_TOO_LARGE');
    const verdict = judgeFailure({ interface: 'newInstance', error, elapsedMs: 40 });
    expect(verdict.problems).toEqual([
      {
        code: 'REPLY_TOO_LARGE',
        message:
          'newInstance: the seller answered HTTP 200, but the body is larger than 10485760 bytes; reading stopped after 10551296 bytes (40 ms).',
        hint: expect.stringContaining('Keep replies small') as string,
      },
    ]);
  });

  it('masks the user-info of URLs in failure messages', () => {
    const verdict = judgeFailure({
      interface: 'newInstance',
      error: new ConnectionError('Could not reach https://seller:s3cret-pass@seller.example/produce'),
      elapsedMs: 1,
    });
    expect(verdict.problems[0]?.message).toContain('https://[REDACTED]@seller.example/produce');
    expect(verdict.problems[0]?.message).not.toContain('s3cret-pass');
    expect(redactUrlUserInfo('see http://u:p@ss@h:80/x and ftp://a@b/')).toBe(
      'see http://[REDACTED]@h:80/x and ftp://[REDACTED]@b/',
    );
    expect(redactUrlUserInfo('mail alice@example.com')).toBe('mail alice@example.com');
  });

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
          hint: expect.stringContaining('000004') as string,
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
        message: expect.stringContaining('could not be reached after 3 ms (connection refused') as string,
      }),
    ]);
    for (const error of [new Error('socket hang up'), 'weird', undefined, { code: 42 }]) {
      const verdict = judgeFailure({ interface: 'tenantSync', error, elapsedMs: 1 });
      expect(verdict.accepted).toBe(false);
      expect(verdict.problems).toEqual([
        expect.objectContaining({
          code: 'UNREACHABLE',
          message: expect.stringContaining('failed before any answer') as string,
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
