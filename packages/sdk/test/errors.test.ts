import { describe, expect, it } from 'vitest';
import {
  ApiError,
  ConfigError,
  ConnectionError,
  ErrorCodes,
  KooGalleryError,
  SignatureError,
  TimeoutError,
  ValidationError,
} from '@koogallery-kit/sdk';
import { redactDeep, redactSignature } from '@koogallery-kit/sdk/platform';

describe('errors', () => {
  it('every subclass is a KooGalleryError with a stable code and its own name', () => {
    const errors = [
      new ConfigError('bad'),
      new SignatureError(ErrorCodes.SIGNATURE_MISMATCH, 'bad'),
      new ValidationError('bad', [{ path: '/a', message: 'm', keyword: 'required' }]),
      new ApiError('MKT.0101', 'bad', { status: 400, requestId: 'r1' }),
      new ConnectionError('bad'),
      new TimeoutError('slow'),
    ];
    for (const e of errors) {
      expect(e).toBeInstanceOf(KooGalleryError);
      expect(e).toBeInstanceOf(Error);
      expect(typeof e.code).toBe('string');
      expect(e.name).toBe(e.constructor.name);
    }
    expect(errors[0]!.code).toBe('CONFIG_INVALID');
    expect(errors[5]!.code).toBe('TIMEOUT');
    expect(errors[5]).toBeInstanceOf(ConnectionError);
    expect((errors[3] as ApiError).status).toBe(400);
  });

  it('ErrorCodes is frozen', () => {
    expect(Object.isFrozen(ErrorCodes)).toBe(true);
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new ConnectionError('x', { cause }).cause).toBe(cause);
  });
});

describe('redaction', () => {
  it('masks secret-named fields at any depth and known secret values inside strings', () => {
    const out = redactDeep(
      {
        accessKey: 'abcd1234',
        nested: { clientSecret: 's3cr3t', note: 'key is abcd1234!' },
        list: [{ password: 'p' }],
      },
      ['abcd1234'],
    );
    expect(JSON.stringify(out)).not.toContain('abcd1234');
    expect(JSON.stringify(out)).not.toContain('s3cr3t');
    expect(out).toMatchObject({ nested: { note: 'key is [REDACTED]!' }, list: [{ password: '[REDACTED]' }] });
  });

  it('cuts signatures to a prefix', () => {
    expect(redactSignature('c506f4221ec15f98c40b8a')).toBe('c506f4…');
  });
});
