/**
 * The handler's input and output plumbing answers like the general tools: the query record is what URLSearchParams
 * reads, the node writer copies the answer headers exactly, and a body read in one chunk is those bytes.
 */
import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { writeNodeResponse } from '../../src/handler/node-io';
import { readNodeBody } from '../../src/handler/read-body';
import { normaliseRequest } from '../../src/handler/request';
import { escapeNonAscii } from '../../src/handler/respond';
import { createPrng } from '../signing/helpers';

/** The entries of the record built from URLSearchParams (repeated names as arrays, in order). */
function viaUrlSearchParams(search: string): Array<[string, string | string[]]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  new URLSearchParams(search).forEach((value, key) => {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  });
  return Object.entries(out);
}

describe('query string: read as URLSearchParams reads it', () => {
  const queryOf = (search: string) =>
    Object.entries(normaliseRequest({ method: 'POST', url: `/p?${search}` }).query);

  it('reads the platform query and awkward shapes the same way', () => {
    const cases = [
      'signature=ab12&timestamp=1700000000000&nonce=cd34',
      'a=1&a=2&a=3',
      'a&b=&=c&&d==e=',
      '&&a=1&&',
      '?a=1',
      'a=%41%zz&b=x+y',
      'a=é&b=中&c=😀',
      'a=\ud800&b=1',
      'a=\u0000\u001f\u007f',
      '__proto__=1&toString=2&constructor=3',
      'x=1#not-a-fragment-here',
    ];
    for (const search of cases) {
      const expected = viaUrlSearchParams(search.split('#')[0] as string);
      expect(queryOf(search), JSON.stringify(search)).toEqual(expected);
    }
  });

  it('agrees on 10 000 random queries built from the characters that matter', () => {
    // Seeded, so a failure can be replayed.
    const { next } = createPrng(0x5eed);
    const alphabet = [
      'a',
      'B',
      '0',
      '=',
      '=',
      '&',
      '&',
      '?',
      '%',
      '%4',
      '+',
      ' ',
      '\t',
      'é',
      '中',
      '😀',
      '\ud800',
      '/',
      ':',
      ';',
      '~',
    ];
    for (let n = 0; n < 10_000; n++) {
      let search = '';
      const length = Math.floor(next() * 14);
      for (let i = 0; i < length; i++) search += alphabet[Math.floor(next() * alphabet.length)];
      expect(queryOf(search), JSON.stringify(search)).toEqual(viaUrlSearchParams(search));
    }
  });

  it('stays linear for a query of many pairs without `=`', () => {
    const search = Array.from({ length: 20_000 }, (_, i) => `k${i}`).join('&');
    const query = normaliseRequest({ method: 'POST', url: `/p?${search}=last` }).query;
    expect(Object.keys(query)).toHaveLength(20_000);
    expect(query['k0']).toBe('');
    expect(query['k19999']).toBe('last');
  });
});

describe('node writer', () => {
  function capture(): {
    res: ServerResponse;
    head: () => { status: number; headers: Record<string, string> };
    body: () => string;
  } {
    let status = 0;
    let headers: Record<string, string> = {};
    let body = '';
    const res = {
      headersSent: false,
      writableEnded: false,
      writeHead(s: number, h: Record<string, string>) {
        status = s;
        headers = h;
        return this;
      },
      end(b: string) {
        body = b;
        return this;
      },
    };
    return { res: res as unknown as ServerResponse, head: () => ({ status, headers }), body: () => body };
  }

  it('sends the answer headers in their order, then Content-Length in bytes', () => {
    const { res, head, body } = capture();
    const answerHeaders = {
      'Content-Type': 'application/json;charset=UTF-8',
      'Body-Sign': 's',
      Allow: 'POST',
    };
    writeNodeResponse(res, { status: 405, headers: answerHeaders, body: '{"a":"é"}' });
    expect(head().status).toBe(405);
    expect(Object.entries(head().headers)).toEqual([
      ...Object.entries(answerHeaders),
      ['Content-Length', '10'],
    ]);
    expect(head().headers).not.toBe(answerHeaders);
    expect(answerHeaders).not.toHaveProperty('Content-Length');
    expect(body()).toBe('{"a":"é"}');
  });

  it('copies an own __proto__ header as a header, like a spread', () => {
    const { res, head } = capture();
    const odd = JSON.parse('{"__proto__":"x","Body-Sign":"s"}') as Record<string, string>;
    writeNodeResponse(res, { status: 200, headers: odd, body: '{}' });
    const sent = head().headers;
    expect(Object.getPrototypeOf(sent)).toBe(Object.prototype);
    expect(Object.entries(sent)).toEqual([
      ['__proto__', 'x'],
      ['Body-Sign', 's'],
      ['Content-Length', '2'],
    ]);
  });

  it('escapes non-ASCII answers and leaves ASCII ones as they are', () => {
    const ascii = '{"resultCode":"000000","resultMsg":"success."}';
    expect(escapeNonAscii(ascii)).toBe(ascii);
    expect(escapeNonAscii('{"m":"中\u007f😀"}')).toBe('{"m":"\\u4e2d\\u007f\\ud83d\\ude00"}');
    expect(escapeNonAscii('{"m":"中"}')).toBe('{"m":"\\u4e2d"}'); // twice in a row: no state kept between calls
  });
});

describe('readNodeBody', () => {
  async function read(chunks: Array<string | Buffer>, encoding?: BufferEncoding): Promise<Uint8Array> {
    const stream = new PassThrough();
    if (encoding !== undefined) stream.setEncoding(encoding);
    const result = readNodeBody(stream, 1024);
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
    const outcome = await result;
    if (!outcome.ok) throw new Error(outcome.reason);
    return outcome.body;
  }

  it('gives the exact bytes whether they came in one chunk, several, or as text', async () => {
    const bytes = Buffer.from('{"activity":"queryInstance","x":"é"}', 'utf8');
    expect(Buffer.from(await read([bytes])).equals(bytes)).toBe(true);
    expect(
      Buffer.from(await read([bytes.subarray(0, 5), bytes.subarray(5, 20), bytes.subarray(20)])).equals(
        bytes,
      ),
    ).toBe(true);
    expect(Buffer.from(await read([bytes], 'utf8')).equals(bytes)).toBe(true);
    expect(await read([])).toHaveLength(0);
  });
});
