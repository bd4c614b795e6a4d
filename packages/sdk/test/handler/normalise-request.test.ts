/**
 * normaliseRequest builds its header and query records straight from what the framework delivered: every shape
 * (plain object, arrays, Fetch Headers, URLSearchParams, the query part of the URL) gives the same record.
 */
import { describe, expect, it } from 'vitest';
import { normaliseRequest } from '../../src/handler/request';

const plain = (r: Record<string, unknown>) => ({ ...r });

describe('normaliseRequest', () => {
  it('folds header-name case, keeps repeated values in order and drops non-string values', () => {
    const req = normaliseRequest({
      method: 'post',
      url: '/produce',
      headers: {
        'Content-Type': 'application/json',
        'x-a': ['1', '2'],
        'X-A': '3',
        'x-skip': undefined,
        'x-mixed': ['ok', 5 as never],
      },
    });
    expect(req.method).toBe('POST');
    expect(plain(req.headers)).toEqual({
      'content-type': 'application/json',
      'x-a': ['1', '2', '3'],
      'x-mixed': 'ok',
    });
    expect(Object.getPrototypeOf(req.headers)).toBeNull();
  });

  it('reads a Fetch Headers object with lower-case names', () => {
    const headers = new Headers([
      ['X-Sign', 'abc'],
      ['Content-Type', 'application/json'],
    ]);
    expect(plain(normaliseRequest({ method: 'POST', headers }).headers)).toEqual({
      'x-sign': 'abc',
      'content-type': 'application/json',
    });
  });

  it('parses the query of the URL (repeats as arrays, percent-decoding, + as space, no prototype keys)', () => {
    const req = normaliseRequest({
      method: 'POST',
      url: 'https://seller.example.com/produce?a=1&b=x%2By+z&a=2&__proto__=p&toString=t#frag',
    });
    expect(req.path).toBe('/produce');
    expect(plain(req.query)).toEqual({ a: ['1', '2'], b: 'x+y z', ['__proto__']: 'p', toString: 't' });
    expect(Object.getPrototypeOf(req.query)).toBeNull();
    expect(Object.keys(normaliseRequest({ method: 'POST', url: '/produce' }).query)).toEqual([]);
    expect(Object.keys(normaliseRequest({ method: 'POST', url: '/produce?' }).query)).toEqual([]);
  });

  it('prefers parsed query parameters, as a record or URLSearchParams, keeping their name case', () => {
    const fromRecord = normaliseRequest({
      method: 'GET',
      url: '/produce?ignored=1',
      query: { Sig: 's', n: ['1', '2'], gone: undefined },
    });
    expect(plain(fromRecord.query)).toEqual({ Sig: 's', n: ['1', '2'] });
    const fromParams = normaliseRequest({ method: 'GET', query: new URLSearchParams('Sig=s&n=1&n=2') });
    expect(plain(fromParams.query)).toEqual({ Sig: 's', n: ['1', '2'] });
  });

  it('copies values: later changes to the framework objects do not leak into the record', () => {
    const list = ['1'];
    const req = normaliseRequest({ method: 'POST', headers: { 'x-l': list, 'x-m': ['a', 'b'] } });
    list.push('2');
    expect(req.headers['x-l']).toBe('1');
    expect(req.headers['x-m']).toEqual(['a', 'b']);
  });
});
