/**
 * The reporters: pretty (progress lines, failure reports, summary), JSON (the report as is) and JUnit XML (one
 * testcase per check, failures and skips, escaped text).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatContractReport,
  formatGroupLine,
  formatJunitReport,
  formatPrettyReport,
  runContract,
  summaryLine,
  type CheckResult,
  type ContractReport,
} from '../../src/contract';
import { KEY, closeAllSellers, startSdkSeller } from './sellers';

afterAll(closeAllSellers);

const exchange = {
  label: 'newInstance debugging call',
  request: {
    interface: 'newInstance',
    method: 'POST',
    url: 'http://127.0.0.1:1/p?signature=ab12cd…&timestamp=1&nonce=n',
    headers: { 'Content-Type': 'application/json;charset=utf8' },
    body: '{"activity":"newInstance"}',
  },
  reply: {
    status: 200,
    elapsedMs: 3,
    headers: [['Content-Type', 'text/plain']] as Array<[string, string]>,
    body: '{"resultCode":"000000","resultMsg":"<ok> & \\"fine\\""}',
  },
};

const results: CheckResult[] = [
  {
    id: 'newInstance.http-status',
    group: 'newInstance',
    title: 'newInstance answers HTTP 200',
    status: 'passed',
    durationMs: 2,
    exchanges: [],
  },
  {
    id: 'newInstance.content-type',
    group: 'newInstance',
    title: 'newInstance declares Content-Type: application/json',
    status: 'failed',
    message: 'The reply is declared as "text/plain" & not <json>.',
    expected: 'Content-Type: application/json',
    fix: 'Send the header `Content-Type: application/json`.',
    risk: 'The call fails.',
    durationMs: 3,
    exchanges: [exchange],
  },
  {
    id: 'lifecycle.async-polling',
    group: 'lifecycle',
    title: 'polling',
    status: 'skipped',
    message: 'The seller answered synchronously.',
    durationMs: 0,
    exchanges: [],
  },
];

const report: ContractReport = {
  ok: false,
  sellerUrl: 'http://127.0.0.1:1/p',
  protocol: 'v2',
  chargingMode: 'PERIOD',
  kit: false,
  interfaces: ['newInstance'],
  startedAt: '2025-03-10T02:00:00.000Z',
  durationMs: 1234,
  strict: false,
  summary: { total: 3, passed: 1, warned: 0, failed: 1, skipped: 1 },
  rootCauses: [],
  results,
};

describe('summary line', () => {
  it('is `N passed, N failed`, with skipped checks when there are some', () => {
    expect(summaryLine(report)).toBe('1 passed, 1 failed, 1 skipped');
    expect(summaryLine({ summary: { total: 2, passed: 2, warned: 0, failed: 0, skipped: 0 } })).toBe(
      '2 passed, 0 failed',
    );
    expect(summaryLine({ summary: { total: 52, passed: 50, warned: 2, failed: 0, skipped: 0 } })).toBe(
      '50 passed, 2 warned, 0 failed',
    );
  });
});

describe('pretty', () => {
  it('shows a line per group, each failure in full and the summary', () => {
    const text = formatPrettyReport(report);
    expect(text).toContain('koogallery-mock contract: http://127.0.0.1:1/p (V2, PERIOD)');
    expect(text).toMatch(/✗ newInstance\s+1 passed, 1 failed\s+\(content-type\)/);
    expect(text).toMatch(/- lifecycle\s+0 passed, 1 skipped/);
    expect(text).toContain(
      '1) newInstance.content-type — newInstance declares Content-Type: application/json',
    );
    expect(text).toContain('What went wrong: The reply is declared as "text/plain" & not <json>.');
    expect(text).toContain('Expected: Content-Type: application/json');
    expect(text).toContain('How to fix: Send the header');
    expect(text).toContain('Risk if left unfixed: The call fails.');
    expect(text).toContain('Request sent — newInstance debugging call:');
    expect(text).toContain('POST http://127.0.0.1:1/p?signature=ab12cd…');
    expect(text).toContain('Reply received: HTTP 200 in 3 ms');
    expect(text).toContain('lifecycle.async-polling: The seller answered synchronously.');
    expect(text.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed, 1 skipped (1.2 s)');
  });

  it('marks a group that passed', () => {
    expect(formatGroupLine('security', [{ ...results[0]!, group: 'security' }])).toMatch(
      /^ {2}✓ security\s+1 passed\n$/,
    );
  });
});

describe('json', () => {
  it('is the report itself', () => {
    expect(JSON.parse(formatContractReport(report, 'json'))).toEqual(report);
  });
});

describe('junit', () => {
  const xml = formatJunitReport(report);

  it('has one testsuite per group and one testcase per check with the counts', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).toMatch(
      /<testsuites name="koogallery-mock contract" tests="3" failures="1" errors="0" skipped="1" time="1.234">/,
    );
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toMatch(/<testsuite name="newInstance" tests="2" failures="1" errors="0" skipped="0"/);
    expect(xml).toContain('<skipped message="The seller answered synchronously."/>');
  });

  it('escapes text and puts the whole explanation in the failure', () => {
    expect(xml).toContain(
      'message="The reply is declared as &quot;text/plain&quot; &amp; not &lt;json&gt;."',
    );
    expect(xml).toContain('How to fix: Send the header `Content-Type: application/json`.');
    expect(xml).toContain('&lt;ok&gt; &amp; \\&quot;fine\\&quot;');
    // Outside tags, no raw markup characters from the data remain.
    const failure = /<failure [^>]*>([\s\S]*?)<\/failure>/.exec(xml)?.[1] ?? '';
    expect(failure).not.toMatch(/[<>]/);
    // Every testcase is closed: self-closing when passed, </testcase> otherwise.
    expect(xml.match(/<testcase [^>]*\/>/g)).toHaveLength(1);
    expect(xml.match(/<\/testcase>/g)).toHaveLength(2);
  });

  it('drops characters XML cannot carry', () => {
    const odd = formatJunitReport({
      ...report,
      results: [{ ...results[1]!, message: 'bad\u0000char\u0007' }],
    });
    expect(odd).toContain('message="badchar"');
  });
});

describe('a real run', () => {
  it('renders in every reporter without the key', async () => {
    const seller = await startSdkSeller({ defect: 'missing-body-sign' });
    const real = await runContract({ sellerUrl: seller.url, key: KEY, only: ['newInstance', 'security'] });
    for (const name of ['pretty', 'json', 'junit'] as const) {
      const text = formatContractReport(real, name);
      expect(text).not.toContain(KEY);
      expect(text).toContain('newInstance.body-sign-present');
    }
    expect(formatContractReport(real, 'pretty')).toMatch(/\d+ passed, 2 failed/);
  });
});
