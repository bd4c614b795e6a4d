// Runs inside the throwaway project where scripts/pack-check.mjs installed the packed tarballs. `load` is the
// loader under test — the CommonJS `require` of check-require.cjs or the `import()` of check-import.mjs — and every
// package (ours, express, msw) goes through it, so the same real calls prove both builds of every entry point.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { describeExports } from './describe-exports.mjs';

const SDK = '@koogallery-kit/sdk';
const MOCK = '@koogallery-kit/mock-server';
// A made-up key: these probes only talk to servers they start themselves.
const ACCESS_KEY = 'pack-check-access-key-0001';
const OPEN_API_CREDENTIALS = {
  accessKey: 'pack-check-ak',
  secretKey: 'pack-check-sk',
  usageKey: 'pack-check-key',
};

/**
 * @typedef {(specifier: string) => unknown | Promise<unknown>} Loader
 * @typedef {(specifier: string) => string} Resolver resolves to a path (require.resolve) or a file URL (import.meta.resolve)
 * @typedef {{ specifier: string, ok: boolean, exports?: Record<string, string>, check?: string, error?: string }} ProbeResult
 */

/** @param {boolean} condition @param {string} message */
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Loads a module and returns its namespace (CommonJS `module.exports` or the ESM namespace). */
async function namespace(load, specifier) {
  return /** @type {Record<string, any>} */ (await load(specifier));
}

/** A production handler answering newInstance and queryInstance from memory. */
function sellerHandler(sdk) {
  const instances = new Set();
  return sdk.createProductionHandler({
    accessKey: ACCESS_KEY,
    logger: {},
    handlers: {
      newInstance: (body) => {
        const instanceId = `inst-${body.orderId}`;
        instances.add(instanceId);
        return { instanceId };
      },
      queryInstance: ({ instanceId }) => ({
        info: instanceId
          .split(',')
          .filter((id) => instances.has(id))
          .map((id) => ({ instanceId: id, appInfo: { frontEndUrl: `https://app.example.com/${id}` } })),
      }),
    },
  });
}

/** Listens on 127.0.0.1, port 0; resolves the base URL and a close function. */
function listen(listener) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(listener);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done(undefined))),
      });
    });
  });
}

/**
 * Plays the platform (`@koogallery-kit/sdk/platform`, loaded with the same loader) against a seller URL:
 * newInstance then queryInstance, both judged as KooGallery does.
 */
async function playPlatform(load, sellerUrl, orderId) {
  const { createPlatformCaller } = await namespace(load, `${SDK}/platform`);
  const platform = createPlatformCaller({ sellerUrl, accessKey: ACCESS_KEY, timeoutMs: 10_000 });
  const created = await platform.newInstance({ orderId });
  expect(created.verdict.accepted, `newInstance rejected: ${JSON.stringify(created.verdict.problems)}`);
  const queried = await platform.queryInstance(`inst-${orderId}`);
  expect(queried.verdict.accepted, `queryInstance rejected: ${JSON.stringify(queried.verdict.problems)}`);
  const info = /** @type {any} */ (queried.verdict.body)?.info;
  expect(
    Array.isArray(info) && info[0]?.instanceId === `inst-${orderId}`,
    'queryInstance did not report the instance',
  );
  return `platform caller: newInstance + queryInstance accepted (instance inst-${orderId})`;
}

/** @type {Array<[string, (mod: Record<string, any>, load: Loader) => Promise<string>]>} */
const PROBES = [
  [
    SDK,
    async (sdk) => {
      const signed = sdk.signRequest({
        accessKey: ACCESS_KEY,
        body: { instanceId: 'i-1', activity: 'queryInstance' },
      });
      expect(
        signed.body === '{"activity":"queryInstance","instanceId":"i-1"}',
        `unexpected canonical body ${signed.body}`,
      );
      const good = sdk.verifyRequest({ accessKey: ACCESS_KEY, rawBody: signed.body, query: signed.query });
      expect(good.valid === true, `own signature not verified: ${JSON.stringify(good)}`);
      const bad = sdk.verifyRequest({
        accessKey: `${ACCESS_KEY}-other`,
        rawBody: signed.body,
        query: signed.query,
      });
      expect(
        bad.valid === false && bad.reason === 'SIGNATURE_MISMATCH',
        `wrong key accepted: ${JSON.stringify(bad)}`,
      );
      const bodySign = sdk.createBodySign(ACCESS_KEY, '{"resultCode":"000000"}');
      expect(
        sdk.verifyBodySign(ACCESS_KEY, '{"resultCode":"000000"}', bodySign),
        'Body-Sign round trip failed',
      );
      let thrown;
      try {
        sdk.assertSchema('newInstanceRequest', { activity: 'newInstance' }, 'probe');
      } catch (error) {
        thrown = error;
      }
      expect(
        thrown instanceof sdk.ValidationError &&
          thrown instanceof sdk.KooGalleryError &&
          typeof thrown.code === 'string',
        'assertSchema did not throw a ValidationError',
      );
      return 'signRequest → verifyRequest (right and wrong key), Body-Sign round trip, assertSchema → ValidationError';
    },
  ],
  [
    `${SDK}/testing`,
    async (testing, load) => {
      const sdk = await namespace(load, SDK);
      const signed = testing.createSignedRequest(
        'newInstance',
        { orderId: 'CS-TESTING', orderLineId: 'CS-TESTING-000001', businessId: 'b-1' },
        { accessKey: ACCESS_KEY },
      );
      const answer = await sellerHandler(sdk).handle(signed.input);
      const body = JSON.parse(answer.body);
      expect(
        answer.status === 200 && body.resultCode === '000000',
        `handler answered ${answer.status} ${answer.body}`,
      );
      expect(body.instanceId === 'inst-CS-TESTING', `unexpected instanceId ${body.instanceId}`);
      return 'createSignedRequest → handler.handle → 000000 with instanceId';
    },
  ],
  [
    `${SDK}/fetch`,
    async (fetchEntry, load) => {
      const sdk = await namespace(load, SDK);
      const testing = await namespace(load, `${SDK}/testing`);
      const handle = fetchEntry.createFetchHandler(sellerHandler(sdk));
      const { request } = testing.createSignedRequest(
        'newInstance',
        { orderId: 'CS-FETCH', orderLineId: 'CS-FETCH-000001', businessId: 'b-2' },
        { accessKey: ACCESS_KEY },
      );
      const response = await handle(request);
      const text = await response.text();
      expect(
        response.status === 200 && JSON.parse(text).resultCode === '000000',
        `answered ${response.status} ${text}`,
      );
      expect(
        sdk.verifyBodySign(ACCESS_KEY, text, response.headers.get('body-sign') ?? undefined),
        'Body-Sign invalid',
      );
      return 'createFetchHandler(Request) → 200, 000000, valid Body-Sign';
    },
  ],
  [
    `${SDK}/node`,
    async (nodeEntry, load) => {
      const sdk = await namespace(load, SDK);
      const server = await listen(nodeEntry.createNodeListener(sellerHandler(sdk)));
      try {
        return await playPlatform(load, `${server.url}/produce`, 'CS-NODE');
      } finally {
        await server.close();
      }
    },
  ],
  [
    `${SDK}/express`,
    async (expressEntry, load) => {
      const sdk = await namespace(load, SDK);
      const expressModule = await namespace(load, 'express');
      const express = typeof expressModule === 'function' ? expressModule : expressModule.default;
      const app = express();
      app.use('/produce', expressEntry.createExpressMiddleware(sellerHandler(sdk)));
      const server = await listen(app);
      try {
        return await playPlatform(load, `${server.url}/produce`, 'CS-EXPRESS');
      } finally {
        await server.close();
      }
    },
  ],
  [
    `${SDK}/platform`,
    async (platform, load) => {
      const sdk = await namespace(load, SDK);
      const testing = await namespace(load, `${SDK}/testing`);
      const call = platform.buildProductionCall({
        sellerUrl: 'https://seller.example.com/produce',
        accessKey: ACCESS_KEY,
        interface: 'queryInstance',
        body: { instanceId: 'i-1' },
      });
      const answer = await sellerHandler(sdk).handle({
        method: call.method,
        url: new URL(call.url).pathname + new URL(call.url).search,
        headers: call.headers,
        rawBody: call.body,
      });
      const headers = Object.entries(answer.headers);
      const verdict = platform.judgeReply({
        interface: 'queryInstance',
        accessKey: ACCESS_KEY,
        reply: { status: answer.status, rawHeaders: headers, body: answer.body, elapsedMs: 1 },
      });
      expect(verdict.accepted, `judgeReply rejected: ${JSON.stringify(verdict.problems)}`);
      expect(testing.MOCK_ORDER_IDS.length === 9, 'the testing entry lacks the nine MOCK orders');
      return 'buildProductionCall → handler.handle → judgeReply accepted; /testing has the MOCK orders';
    },
  ],
  [
    `${SDK}/msw`,
    async (mswEntry, load) => {
      const sdk = await namespace(load, SDK);
      const { setupServer } = await namespace(load, 'msw/node');
      const server = setupServer(...mswEntry.koogalleryHandlers({ credentials: OPEN_API_CREDENTIALS }));
      server.listen({ onUnhandledRequest: 'error' });
      try {
        const client = sdk.createClient({ ...OPEN_API_CREDENTIALS, maxRetries: 0 });
        const order = await client.orders.query({ orderId: 'MOCKPERIODYEARNEW' });
        expect(order.orderType === 'NEW', `unexpected order ${JSON.stringify(order)}`);
        return 'koogalleryHandlers in msw setupServer → createClient().orders.query(MOCKPERIODYEARNEW) → NEW';
      } finally {
        server.close();
      }
    },
  ],
  [
    MOCK,
    async (mock) => {
      expect(Object.keys(mock).length > 0, 'the mock-server entry exports nothing');
      return `loaded, ${Object.keys(mock).length} exports`;
    },
  ],
];

/**
 * Loads every entry point with `load` and runs its probe. Never throws: each failure is a result.
 * @param {{ load: Loader, resolve: Resolver }} loader
 * @returns {Promise<ProbeResult[]>}
 */
export async function runProbes({ load, resolve }) {
  /** @type {ProbeResult[]} */
  const results = [];
  for (const [specifier, probe] of PROBES) {
    let mod;
    try {
      mod = await namespace(load, specifier);
    } catch (error) {
      results.push({ specifier, ok: false, error: `could not load: ${describeError(error)}` });
      continue;
    }
    const exports = describeExports(mod);
    try {
      const check = await probe(mod, load);
      results.push({ specifier, ok: true, exports, check });
    } catch (error) {
      results.push({ specifier, ok: false, exports, error: describeError(error) });
    }
  }
  // The published data files (exports "./schemas/*" and "./openapi/*"), read the way tools read them: resolved,
  // then parsed.
  const fileExports = [
    {
      specifier: `${SDK}/schemas/*`,
      file: 'schemas/v2/new-instance-request.json',
      looksRight: (json) => 'properties' in json,
      what: 'a JSON Schema',
    },
    {
      specifier: `${SDK}/openapi/*`,
      file: 'openapi/production-interfaces.openapi.json',
      looksRight: (json) => json.openapi === '3.1.0' && '/' in json.paths,
      what: 'the OpenAPI 3.1 document of the production interfaces',
    },
    {
      specifier: `${SDK}/openapi/*`,
      file: 'openapi/open-apis.openapi.json',
      looksRight: (json) => json.openapi === '3.1.0' && 'AkSk' in json.components.securitySchemes,
      what: 'the OpenAPI 3.1 document of the Open APIs',
    },
  ];
  for (const { specifier, file, looksRight, what } of fileExports) {
    try {
      const resolved = resolve(`${SDK}/${file}`);
      const json = JSON.parse(
        readFileSync(resolved.startsWith('file:') ? fileURLToPath(resolved) : resolved, 'utf8'),
      );
      expect(typeof json === 'object' && json !== null && looksRight(json), `${file} is not ${what}`);
      results.push({ specifier, ok: true, check: `${file} loaded` });
    } catch (error) {
      results.push({ specifier, ok: false, error: describeError(error) });
    }
  }
  return results;
}

function describeError(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
