/**
 * A success answer is serialised once: the text made for the validation copy is the text that is escaped, signed
 * and sent (the benchmark found it serialised twice). Checked by counting `JSON.stringify` calls on the answer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProductionHandler } from '../../src/handler';
import type { V2Handlers } from '../../src/handler';
import { escapeNonAscii } from '../../src/handler/respond';
import { V2_BODIES } from './fixtures/bodies';
import { ACCESS_KEY, T0, createRecordingLogger, expectSignedAnswer, handleSigned } from './harness';
import type { WireResponse } from './harness';

function setup(handlers: V2Handlers) {
  const handler = createProductionHandler({
    accessKey: ACCESS_KEY,
    now: () => T0,
    logger: createRecordingLogger(),
    handlers,
  });
  return (activity: 'queryInstance' | 'orderNotify', body: Record<string, unknown>): Promise<WireResponse> =>
    handleSigned(handler, activity, body);
}

/** Calls of JSON.stringify whose argument is an answer object (has a resultCode), counted while `run` runs. */
async function countAnswerSerialisations(run: () => Promise<WireResponse>) {
  const spy = vi.spyOn(JSON, 'stringify');
  try {
    const res = await run();
    const answers = spy.mock.calls.filter(([value]) => {
      return typeof value === 'object' && value !== null && 'resultCode' in value;
    });
    return { res, count: answers.length };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('answer serialisation', () => {
  it('stringifies a success answer once and sends exactly that text, escaped and signed', async () => {
    const memo = '中文说明 😀';
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    const call = setup({
      queryInstance: ({ instanceId }) => ({
        info: [{ instanceId, appInfo: { frontEndUrl: 'https://app.example.com', memo } }],
        checkedAt: when,
        ratio: 1e21,
      }),
    });
    const { res, count } = await countAnswerSerialisations(() =>
      call('queryInstance', { instanceId: 'i-1' }),
    );
    expect(count).toBe(1);
    const json = expectSignedAnswer(res, { status: 200, resultCode: '000000' });
    expect(res.body).toBe(
      escapeNonAscii(
        JSON.stringify({
          resultCode: '000000',
          resultMsg: json.resultMsg,
          info: [{ instanceId: 'i-1', appInfo: { frontEndUrl: 'https://app.example.com', memo } }],
          checkedAt: '2026-01-02T03:04:05.000Z',
          ratio: 1e21,
        }),
      ),
    );
  });

  it('an invalid answer is still refused with 000005 (the copy is validated, not the handler object)', async () => {
    const call = setup({
      queryInstance: () => ({
        info: [{ instanceId: 'x'.repeat(65), appInfo: { frontEndUrl: 'https://a' } }],
      }),
    });
    expectSignedAnswer(await call('queryInstance', { instanceId: 'i-1' }), {
      status: 200,
      resultCode: '000005',
    });
  });

  it('an answer whose toJSON yields nothing serialisable is refused with 000005', async () => {
    const call = setup({ orderNotify: () => ({ toJSON: () => undefined }) as never });
    expectSignedAnswer(await call('orderNotify', V2_BODIES.orderNotify), {
      status: 200,
      resultCode: '000005',
    });
  });

  it('escapeNonAscii leaves ASCII alone and escapes everything above U+007E, DEL included', () => {
    expect(escapeNonAscii('{"a":"b~"}')).toBe('{"a":"b~"}');
    expect(escapeNonAscii('"\u007f\u00e9\u4e2d"')).toBe('"\\u007f\\u00e9\\u4e2d"');
  });
});
