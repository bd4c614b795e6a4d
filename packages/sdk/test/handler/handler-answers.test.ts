/**
 * What the seller's handlers return, and how it reaches the wire: the results helpers, developer errors (invalid
 * answers, throws, wrong return types) answered 000005 and logged without secrets, serialisation and signing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSignedRequest } from '../../src/entries/testing';
import { ConfigError } from '../../src/errors';
import { createProductionHandler, isProductionResult, results } from '../../src/handler';
import type { HandlerLogger, V2Handlers } from '../../src/handler';
import type { NonceStore } from '../../src/stores';
import { V2_BODIES } from './fixtures/bodies';
import {
  ACCESS_KEY,
  T0,
  createRecordingLogger,
  expectSignedAnswer,
  freshNonce,
  handleSigned,
} from './harness';
import type { WireResponse } from './harness';

function setup(handlers: V2Handlers, o: { logger?: HandlerLogger; nonceStore?: NonceStore } = {}) {
  const logger = createRecordingLogger();
  const handler = createProductionHandler({
    accessKey: ACCESS_KEY,
    now: () => T0,
    logger: o.logger ?? logger,
    handlers,
    ...(o.nonceStore ? { nonceStore: o.nonceStore } : {}),
  });
  const call = (
    activity: keyof typeof V2_BODIES,
    body: Record<string, unknown> = V2_BODIES[activity],
  ): Promise<WireResponse> => handleSigned(handler, activity, body);
  return { handler, logger, call };
}

/** The resultCode of a reply body. */
const resultCodeOf = (body: string): unknown => (JSON.parse(body) as { resultCode?: unknown }).resultCode;

describe('results helpers', () => {
  it('build the documented codes and messages', () => {
    expect(results.notFound()).toMatchObject({ resultCode: '000003', resultMsg: 'instance is invalid' });
    expect(results.notFound('no such tenant')).toMatchObject({
      resultCode: '000003',
      resultMsg: 'no such tenant',
    });
    expect(results.processing('inst-1')).toMatchObject({
      resultCode: '000004',
      fields: { instanceId: 'inst-1' },
    });
    expect(results.invalid()).toMatchObject({ resultCode: '000002', resultMsg: 'param is invalid' });
    expect(results.error('000106')).toMatchObject({ resultCode: '000106', resultMsg: 'sold out' });
    expect(results.error('000100', 'all seats taken')).toMatchObject({
      resultCode: '000100',
      resultMsg: 'all seats taken',
    });
    expect(results.error('000150', 'custom product rule')).toMatchObject({ resultCode: '000150' });
    expect(isProductionResult(results.invalid())).toBe(true);
    expect(isProductionResult({ resultCode: '000003', resultMsg: 'x', fields: {} })).toBe(false);
  });

  it('refuse codes that are not business codes, and undocumented codes without a message', () => {
    for (const code of ['000000', '000003', '000005', '100100', 'abc', '0001']) {
      expect(() => results.error(code, 'x')).toThrow(ConfigError);
    }
    expect(() => results.error('000150')).toThrow(/message/);
    expect(() => results.processing('')).toThrow(ConfigError);
  });
});

describe('handler answers on the wire', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returned results become their codes; processing carries the instanceId', async () => {
    const { call } = setup({
      newInstance: () => results.processing('inst-async-1'),
      updateInstanceStatus: () => results.notFound('unknown instance'),
      releaseInstance: () => results.invalid('orderId does not belong to this instance'),
      upgradeInstance: () => results.error('000106'),
    });
    expect(expectSignedAnswer(await call('newInstance'), { status: 200, resultCode: '000004' })).toEqual({
      resultCode: '000004',
      resultMsg: 'request is processing',
      instanceId: 'inst-async-1',
    });
    expect(
      expectSignedAnswer(await call('updateInstanceStatus'), { status: 200, resultCode: '000003' }).resultMsg,
    ).toBe('unknown instance');
    expect(
      expectSignedAnswer(await call('releaseInstance'), { status: 200, resultCode: '000002' }).resultMsg,
    ).toMatch(/orderId/);
    expect(expectSignedAnswer(await call('upgradeInstance'), { status: 200, resultCode: '000106' })).toEqual({
      resultCode: '000106',
      resultMsg: 'sold out',
    });
  });

  it('a thrown results helper counts like a returned one', async () => {
    const { call, logger } = setup({
      refreshInstance: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- handlers may throw a results helper; this test checks it
        throw results.notFound();
      },
    });
    expectSignedAnswer(await call('refreshInstance'), { status: 200, resultCode: '000003' });
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('a handler that throws gives 000005 and an error log with activity and instanceId, never the key', async () => {
    const { call, logger } = setup({
      updateInstanceStatus: async () => {
        throw new Error(`database refused connection (password ${ACCESS_KEY})`);
      },
    });
    const json = expectSignedAnswer(await call('updateInstanceStatus'), {
      status: 200,
      resultCode: '000005',
    });
    expect(json.resultMsg).not.toContain('database');
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/updateInstanceStatus handler threw/);
    expect(errors[0]!.fields).toMatchObject({
      activity: 'updateInstanceStatus',
      instanceId: V2_BODIES.updateInstanceStatus.instanceId,
    });
    expect(JSON.stringify(errors)).toContain('database refused connection');
    expect(JSON.stringify(logger.lines)).not.toContain(ACCESS_KEY);
  });

  it('a newInstance answer without instanceId is a logged developer error, never an invalid reply', async () => {
    const { call, logger } = setup({ newInstance: () => undefined });
    const json = expectSignedAnswer(await call('newInstance'), { status: 200, resultCode: '000005' });
    expect(json).not.toHaveProperty('instanceId');
    const error = logger.lines.find((l) => l.level === 'error');
    expect(error?.message).toMatch(/newInstance handler returned an invalid response: .*instanceId/);
    expect(error?.fields).toMatchObject({ activity: 'newInstance', orderId: V2_BODIES.newInstance.orderId });
  });

  it('a 600-character frontEndUrl is a logged developer error', async () => {
    const { call, logger } = setup({
      queryInstance: ({ instanceId }) => ({
        info: [{ instanceId, appInfo: { frontEndUrl: `https://x.example.com/${'a'.repeat(600)}` } }],
      }),
    });
    expectSignedAnswer(await call('queryInstance'), { status: 200, resultCode: '000005' });
    expect(logger.lines.find((l) => l.level === 'error')?.message).toMatch(/frontEndUrl.*512/);
  });

  it.each([
    ['a resultCode field', { instanceId: 'i-1', resultCode: '000003' }, /results\.notFound/],
    ['a string', 'ok', /returned a string/],
    ['an array', [{ instanceId: 'i-1' }], /returned an array/],
    ['a non-string resultMsg', { instanceId: 'i-1', resultMsg: 42 }, /resultMsg/],
    ['a value JSON cannot serialise', { instanceId: 'i-1', extra: 10n }, /cannot be serialised/],
  ])('returning %s is a developer error (000005)', async (_name, reply, message) => {
    const { call, logger } = setup({ newInstance: () => reply as never });
    expectSignedAnswer(await call('newInstance'), { status: 200, resultCode: '000005' });
    expect(logger.lines.find((l) => l.level === 'error')?.message).toMatch(message);
  });

  it("accepts resultCode '000000' and a custom resultMsg, cutting messages over 255 characters", async () => {
    const { call, logger } = setup({
      newInstance: () => ({ instanceId: 'i-1', resultCode: '000000', resultMsg: 'created' }),
      orderNotify: () => ({ resultMsg: 'y'.repeat(300) }),
    });
    expect(expectSignedAnswer(await call('newInstance'), { status: 200, resultCode: '000000' })).toEqual({
      resultCode: '000000',
      resultMsg: 'created',
      instanceId: 'i-1',
    });
    const long = expectSignedAnswer(await call('orderNotify'), { status: 200, resultCode: '000000' });
    expect((long.resultMsg as string).length).toBe(255);
    expect(logger.lines.some((l) => l.level === 'warn' && /cut/.test(l.message))).toBe(true);
  });

  it('serialises non-ASCII as \\u escapes, signed over the exact bytes', async () => {
    const memo = '中文说明 — 😀';
    const { call } = setup({
      queryInstance: ({ instanceId }) => ({
        info: [{ instanceId, appInfo: { frontEndUrl: 'https://app.example.com', memo } }],
      }),
    });
    const res = await call('queryInstance', { instanceId: '实例-01' });
    const json = expectSignedAnswer(res, { status: 200, resultCode: '000000' });
    expect(res.body).toContain('\\u4e2d\\u6587');
    expect(res.body).toContain('\\ud83d\\ude00');
    expect(json.info).toEqual([
      { instanceId: '实例-01', appInfo: { frontEndUrl: 'https://app.example.com', memo } },
    ]);
  });

  it('a known activity without a registered handler gets 000002 naming it', async () => {
    const { call } = setup({ newInstance: () => ({ instanceId: 'i' }) });
    const json = expectSignedAnswer(await call('changeInstanceCheck'), { status: 200, resultCode: '000002' });
    expect(json.resultMsg).toMatch(/changeInstanceCheck is not implemented.*handlers\.changeInstanceCheck/);
  });

  it('a failing nonce store gives 000005 (replay cannot be ruled out) and an error log', async () => {
    const handler = vi.fn(() => ({ instanceId: 'i' }));
    const { call, logger } = setup(
      { newInstance: handler },
      { nonceStore: { claim: () => Promise.reject(new Error('redis down')) } },
    );
    expectSignedAnswer(await call('newInstance'), { status: 200, resultCode: '000005' });
    expect(handler).not.toHaveBeenCalled();
    expect(logger.lines.find((l) => l.level === 'error')?.message).toMatch(/nonce store failed/);
  });

  it('a logger that throws never changes the answer', async () => {
    const explode = () => {
      throw new Error('logger broken');
    };
    const { call } = setup(
      {
        newInstance: () => {
          throw new Error('boom');
        },
      },
      { logger: { debug: explode, info: explode, warn: explode, error: explode } },
    );
    expectSignedAnswer(await call('newInstance'), { status: 200, resultCode: '000005' });
  });

  it('by default developer errors go to console.error, and rejected requests are not printed', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handler = createProductionHandler({
      accessKey: ACCESS_KEY,
      now: () => T0,
      handlers: {
        newInstance: () => {
          throw new Error('boom');
        },
      },
    });
    const signed = createSignedRequest('newInstance', V2_BODIES.newInstance, {
      accessKey: ACCESS_KEY,
      timestamp: T0,
      nonce: freshNonce(),
    });
    expect(resultCodeOf((await handler.handle(signed.input)).body)).toBe('000005');
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]![0])).toMatch(/newInstance handler threw/);
    await handler.handle({ ...signed.input, url: '/produce' });
    expect(error).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('handle() never rejects, even for a malformed input object', async () => {
    const { handler, logger } = setup({});
    const out = await handler.handle(undefined as never);
    expect(out.status).toBe(200);
    expect(resultCodeOf(out.body)).toBe('000005');
    expect(logger.lines.find((l) => l.level === 'error')?.message).toMatch(/unexpected failure/);
    const odd = await handler.handle({
      method: 'POST',
      url: 'http://[bad',
      headers: { 'x-sign': ['a', 'b'] },
      rawBody: new Uint8Array([0xff, 0xfe]),
    });
    expect(resultCodeOf(odd.body)).toBe('000001');
  });
});
