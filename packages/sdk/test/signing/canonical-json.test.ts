import { describe, expect, it } from 'vitest';
import { ErrorCodes, ValidationError } from '../../src/errors';
import { canonicalJson } from '../../src/signing';

function bodyNotJson(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).code).toBe(ErrorCodes.BODY_NOT_JSON);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('canonicalJson', () => {
  it('sorts top-level keys in UTF-16 code-unit order (Java String.compareTo), not locale order', () => {
    const body = { b: '1', a: '2', B: '3', _: '4', é: '5', '😀': '6', '\uffff': '7', '10': '8', '9': '9' };
    expect(canonicalJson(body)).toBe(
      '{"10":"8","9":"9","B":"3","_":"4","a":"2","b":"1","é":"5","😀":"6","\uffff":"7"}',
    );
  });

  it('drops top-level null and undefined values only', () => {
    expect(canonicalJson({ a: null, b: undefined, c: { d: null }, e: [null] })).toBe(
      '{"c":{"d":null},"e":[null]}',
    );
    expect(canonicalJson('{"a":null,"c":{"d":null}}')).toBe('{"c":{"d":null}}');
  });

  it('leaves nested key order alone by default and sorts it with deep: true', () => {
    const text = '{"z":{"b":1,"a":[{"y":1,"x":2}]},"a":0}';
    expect(canonicalJson(text)).toBe('{"a":0,"z":{"b":1,"a":[{"y":1,"x":2}]}}');
    expect(canonicalJson(text, { deep: true })).toBe('{"a":0,"z":{"a":[{"x":2,"y":1}],"b":1}}');
  });

  it('is compact and leaves non-ASCII and "/" unescaped, like Jackson', () => {
    const text =
      '{ "url" : "https:\\/\\/a.example.com\\/x" ,\n "name":"\\u5b9e\\u4f8b" , "n" : 1.50 , "t": true, "f": false }';
    expect(canonicalJson(text)).toBe(
      '{"f":false,"n":1.5,"name":"实例","t":true,"url":"https://a.example.com/x"}',
    );
  });

  it('escapes quotes, backslashes and control characters the Jackson way (upper-case \\u00XX)', () => {
    expect(canonicalJson({ s: 'q"b\\n\n\r\t\b\f\u0001\u001f\u007f' })).toBe(
      '{"s":"q\\"b\\\\n\\n\\r\\t\\b\\f\\u0001\\u001F\u007f"}',
    );
  });

  it('accepts a leading BOM and serialises toJSON values and arrays like JSON.stringify', () => {
    expect(canonicalJson('\ufeff{"a":"1"}')).toBe('{"a":"1"}');
    const when = new Date(Date.UTC(2025, 0, 1));
    expect(canonicalJson({ when, list: [1, undefined, () => 1], skip: () => 1 })).toBe(
      '{"list":[1,null,null],"when":"2025-01-01T00:00:00.000Z"}',
    );
    expect(canonicalJson({ s: Symbol('x'), t: [Symbol('y')] })).toBe('{"t":[null]}');
  });

  it('gives the same output for the object and for its JSON text', () => {
    const obj = { orderId: 'CS1', activity: 'newInstance', nested: { z: 1, a: [true, null] } };
    expect(canonicalJson(JSON.stringify(obj))).toBe(canonicalJson(obj));
  });

  it('rejects anything that is not a JSON object with ValidationError BODY_NOT_JSON', () => {
    for (const bad of ['', 'not json', '[1,2]', '"str"', '42', 'null', '{"a":1', '{"a":1}x']) {
      const e = bodyNotJson(() => canonicalJson(bad));
      expect(e.issues).toHaveLength(1);
    }
    for (const bad of [undefined, null, 42, true, [1], new Uint8Array([123, 125])]) {
      bodyNotJson(() => canonicalJson(bad as never));
    }
  });

  it('rejects objects JSON would silently empty (Map, Set, typed arrays) instead of losing their content', () => {
    bodyNotJson(() => canonicalJson(new Map([['a', '1']]) as never));
    bodyNotJson(() => canonicalJson({ m: new Map([['a', '1']]) }));
    bodyNotJson(() => canonicalJson({ s: new Set([1]) }));
    bodyNotJson(() => canonicalJson({ b: new Uint8Array([1]) }));
    bodyNotJson(() => canonicalJson(new Date(0) as never));
  });

  it('uses a top-level toJSON() result when it is an object', () => {
    const dto = { toJSON: () => ({ b: '2', a: '1' }) };
    expect(canonicalJson(dto as never)).toBe('{"a":"1","b":"2"}');
  });

  it('rejects values JSON cannot represent and circular structures', () => {
    bodyNotJson(() => canonicalJson({ n: Number.NaN }));
    bodyNotJson(() => canonicalJson({ n: { m: Infinity } }));
    bodyNotJson(() => canonicalJson({ big: 1n }));
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    bodyNotJson(() => canonicalJson(loop));
  });
});
