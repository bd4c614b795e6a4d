/**
 * The bad-input list, as ONE matrix run through every adapter: express and node (real servers on
 * 127.0.0.1:0), the fetch handler called directly and through Hono, and the core itself. Each case asserts the
 * exact HTTP status and result code, a valid Body-Sign over the exact bytes, and that no handler was called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v1BadInputCases, v2BadInputCases } from './fixtures/bad-input-cases';
import type { Case } from './fixtures/bad-input-cases';
import {
  ACCESS_KEY,
  KIT_KEY,
  T0,
  createTestSetup,
  expectSignedAnswer,
  startTransport,
  totalCalls,
} from './harness';
import type { TestSetup, Transport, TransportKind } from './harness';

const TRANSPORTS: TransportKind[] = ['express', 'node', 'fetch', 'hono', 'core'];

function runMatrix(version: 'v1' | 'v2', cases: Case[]): void {
  describe.each(TRANSPORTS)(`${version} bad input through %s`, (kind) => {
    let setup: TestSetup;
    let transport: Transport;
    beforeAll(async () => {
      setup = createTestSetup({ version });
      transport = await startTransport(kind, setup.handler);
    });
    afterAll(async () => {
      await transport.close();
    });

    it.each(cases)('$name', async (c) => {
      const req = c.build();
      if (c.replay) {
        const first = await transport.send(req);
        expectSignedAnswer(first, {
          status: 200,
          resultCode: '000000',
          exactHeaderCase: transport.exactHeaderCase,
        });
      }
      const before = totalCalls(setup.spies);
      const res = await transport.send(req);
      const json = expectSignedAnswer(res, {
        status: c.status,
        resultCode: c.code,
        key: c.key ?? ACCESS_KEY,
        exactHeaderCase: transport.exactHeaderCase,
      });
      if (c.message) expect(json.resultMsg).toMatch(c.message);
      if (c.header) expect(res.headers[c.header[0]]).toBe(c.header[1]);
      expect(totalCalls(setup.spies)).toBe(before);
      // Nothing secret leaks into the answer or the logs.
      expect(res.body).not.toContain(ACCESS_KEY);
      expect(JSON.stringify(setup.logger.lines)).not.toContain(ACCESS_KEY);
      expect(JSON.stringify(setup.logger.lines)).not.toContain(KIT_KEY);
    });
  });
}

runMatrix('v2', v2BadInputCases(T0, { kitKey: KIT_KEY, separateKitKey: true }));
runMatrix('v1', v1BadInputCases(T0));
