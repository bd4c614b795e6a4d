/**
 * Each deliberately broken seller fails exactly the checks its defect breaks — no more, no less — and the report
 * names the defect: what went wrong, what was expected, how to fix it, with the request sent and the reply
 * received.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runContract, type ContractOptions, type ContractReport } from '../../src/contract';
import {
  BASIC_INTERFACES,
  KEY,
  closeAllSellers,
  startRawSeller,
  startSdkSeller,
  type Defect,
  type RawDefect,
} from './sellers';

afterAll(closeAllSellers);

/** The interfaces of a PERIOD product (the default charging mode). */
const everyInterface = (aspect: string): string[] => BASIC_INTERFACES.map((name) => `${name}.${aspect}`);

interface Case {
  name: string;
  start: () => ReturnType<typeof startSdkSeller>;
  options?: Partial<ContractOptions>;
  /** Ids of the checks the defect must fail, and only those. */
  fails: string[];
  /** What the report must say about the defect (message of the first failed check of that id). */
  names: Array<[id: string, message: RegExp]>;
  /** The fix the report must give for that check. */
  fix?: [id: string, fix: RegExp];
}

const sdk =
  (defect: Defect, extra: Parameters<typeof startSdkSeller>[0] = {}) =>
  () =>
    startSdkSeller({ defect, ...extra });
const raw = (defect: RawDefect) => () => startRawSeller(defect);

const CASES: Case[] = [
  {
    name: 'signs Body-Sign with the wrong key',
    start: sdk('wrong-body-sign-key'),
    fails: [...everyInterface('body-sign-valid'), 'errors.reply-format'],
    names: [['newInstance.body-sign-valid', /does not match the reply body under the access key/]],
    fix: ['newInstance.body-sign-valid', /key bound to this production interface/],
  },
  {
    name: 'sends no Body-Sign',
    start: sdk('missing-body-sign'),
    fails: [...everyInterface('body-sign-present'), 'errors.reply-format'],
    names: [
      ['queryInstance.body-sign-present', /no Body-Sign header/],
      ['errors.reply-format', /BODY_SIGN_MISSING/],
    ],
  },
  {
    name: 'spells the header body-sign (lower case)',
    start: sdk('lowercase-body-sign'),
    fails: [...everyInterface('body-sign-name'), 'errors.reply-format'],
    names: [['releaseInstance.body-sign-name', /`body-sign`.*exact name `Body-Sign`/]],
  },
  {
    name: 'replies text/plain',
    start: sdk('text-plain'),
    fails: [...everyInterface('content-type'), 'errors.reply-format'],
    names: [['newInstance.content-type', /text\/plain.*only accepts application\/json/]],
  },
  {
    name: 'answers errors with HTTP 500',
    start: sdk('http-500-on-errors'),
    fails: ['errors.reply-format'],
    names: [['errors.reply-format', /HTTP 500; the platform only accepts HTTP 200/]],
    fix: ['errors.reply-format', /Always answer HTTP 200/],
  },
  {
    name: 'accepts bad signatures',
    start: sdk('accepts-bad-signatures'),
    fails: ['security.wrong-signature', 'security.other-key', 'security.missing-signature'],
    names: [
      [
        'security.wrong-signature',
        /accepted a queryInstance whose signature was altered.*does not verify the signature/,
      ],
      ['security.other-key', /accepts signatures made with any key/],
    ],
  },
  {
    name: 'has no replay check',
    start: sdk('no-replay-check'),
    fails: ['security.replayed-nonce'],
    names: [['security.replayed-nonce', /does not remember nonces/]],
    fix: ['security.replayed-nonce', /shared store/],
  },
  {
    name: 'creates a new instance on every newInstance',
    start: sdk('non-idempotent-new-instance'),
    fails: ['idempotency.new-instance-retry', 'idempotency.concurrent-retries'],
    names: [
      ['idempotency.new-instance-retry', /The retry created a second instance/],
      ['idempotency.concurrent-retries', /created two instances/],
    ],
  },
  {
    name: 'answers 000000 for unknown instances',
    start: sdk('success-for-unknown-instances'),
    fails: ['robustness.unknown-instance'],
    names: [
      [
        'robustness.unknown-instance',
        /accepted refreshInstance for an unknown instance.*does not check that the instance exists/,
      ],
    ],
  },
  {
    name: 'answers after the time limit',
    start: sdk('slow', { delayMs: 100 }),
    options: { timeoutMs: 40 },
    fails: everyInterface('time-limit'),
    names: [['newInstance.time-limit', /The reply took \d+ ms; the platform gives up after 40 ms/]],
  },
  {
    name: 'signs a different serialisation than it sends (hand-written seller)',
    start: raw('different-serialisation'),
    fails: [...everyInterface('body-sign-valid'), 'errors.reply-format'],
    names: [
      [
        'newInstance.body-sign-valid',
        /computed over a compact re-serialisation of the body, not over the bytes actually sent/,
      ],
    ],
    fix: ['newInstance.body-sign-valid', /exact bytes you send; you signed a different serialisation/],
  },
  {
    name: 'leaves the Body-Sign values unquoted (hand-written seller)',
    start: raw('unquoted-body-sign'),
    fails: [...everyInterface('body-sign-format'), 'errors.reply-format'],
    names: [['updateInstanceStatus.body-sign-format', /double quotes/]],
  },
];

function failedIds(report: ContractReport): string[] {
  return report.results.filter((r) => r.status === 'failed').map((r) => r.id);
}

describe('broken sellers', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('a seller that %s is caught', async (_name, c) => {
    const seller = await c.start();
    const report = await runContract({ sellerUrl: seller.url, key: KEY, ...c.options });
    expect(report.ok).toBe(false);
    expect(failedIds(report).sort()).toEqual([...c.fails].sort());
    expect(report.summary.failed).toBe(c.fails.length);
    for (const [id, message] of c.names) {
      const result = report.results.find((r) => r.id === id);
      expect(result?.message, id).toMatch(message);
    }
    if (c.fix !== undefined) {
      expect(report.results.find((r) => r.id === c.fix?.[0])?.fix).toMatch(c.fix[1]);
    }
    for (const result of report.results.filter((r) => r.status === 'failed')) {
      // Every failure explains itself and shows the exchange that proves it.
      expect(result.expected, result.id).toBeTruthy();
      expect(result.fix, result.id).toBeTruthy();
      expect(result.risk, result.id).toBeTruthy();
      expect(result.exchanges.length, result.id).toBeGreaterThan(0);
      const exchange = result.exchanges[0];
      expect(exchange?.request.url).toContain('127.0.0.1');
      expect(exchange?.reply === null ? exchange.error : exchange?.reply.body).toBeTruthy();
    }
    expect(JSON.stringify(report)).not.toContain(KEY);
  });
});
