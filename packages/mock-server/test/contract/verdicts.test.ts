/**
 * The suite's verdicts on sellers written from the spec (spec-sellers.ts, no SDK): a correct-but-unusual seller
 * passes with warnings, a broken one fails with a message (and a root-cause headline) naming its defect, and no
 * report carries a credential the seller returned.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatContractReport,
  runContract,
  type CheckStatus,
  type ContractOptions,
  type ContractReport,
} from '../../src/contract';
import { V1_BUYER } from '../../src/contract/bodies';
import {
  PLANTED_PASSWORD,
  PLANTED_USER,
  closeSpecSellers,
  startSpecSeller,
  startSpecV1Seller,
  type SpecBehaviour,
} from './spec-sellers';
import { BASIC_INTERFACES } from './sellers';

afterAll(closeSpecSellers);

const KEY = 'spec-seller-key-0001';

const statusOf = (report: ContractReport, id: string): CheckStatus | undefined =>
  report.results.find((r) => r.id === id)?.status;
const ids = (report: ContractReport, status: CheckStatus): string[] =>
  report.results.filter((r) => r.status === status).map((r) => r.id);
const result = (report: ContractReport, id: string) => report.results.find((r) => r.id === id);

async function run(
  behaviour: SpecBehaviour | undefined,
  o: Partial<ContractOptions> = {},
): Promise<ContractReport> {
  const seller = await startSpecSeller(KEY, behaviour);
  try {
    return await runContract({ sellerUrl: seller.url, key: KEY, ...o });
  } finally {
    await seller.close();
  }
}

describe('correct but unusual sellers pass with warnings', () => {
  it('a plain spec seller passes with no warning', async () => {
    const report = await run(undefined);
    expect(ids(report, 'failed')).toEqual([]);
    expect(ids(report, 'warned')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('Body-Sign without the space after the comma: body-sign-format warns on every interface, nothing fails', async () => {
    const report = await run('no-space-body-sign');
    expect(ids(report, 'failed')).toEqual([]);
    expect(ids(report, 'warned').sort()).toEqual(BASIC_INTERFACES.map((n) => `${n}.body-sign-format`).sort());
    expect(report.summary.warned).toBe(BASIC_INTERFACES.length);
    expect(report.ok).toBe(true);
    expect(statusOf(report, 'newInstance.body-sign-valid')).toBe('passed');
    expect(statusOf(report, 'errors.reply-format')).toBe('passed');
    expect(statusOf(report, 'lifecycle.renew')).toBe('passed');
    expect(result(report, 'newInstance.body-sign-format')?.message).toMatch(/spaced differently/);
    expect(formatContractReport(report, 'pretty')).toMatch(/passed, 7 warned, 0 failed/);
    const junit = formatContractReport(report, 'junit');
    expect(junit).toContain('<property name="warning"');
    expect(junit).toContain('failures="0"');
  });

  it('--strict turns those warnings into failures', async () => {
    const report = await run('no-space-body-sign', { strict: true, only: ['newInstance'] });
    expect(statusOf(report, 'newInstance.body-sign-format')).toBe('failed');
    expect(result(report, 'newInstance.body-sign-format')?.message).toMatch(/strict/);
    expect(report.summary.warned).toBe(0);
    expect(report.ok).toBe(false);
  });

  it('refusing a missing or stale timestamp or nonce with 000002 warns; a bad signature still needs 000001', async () => {
    const report = await run('refuses-000002', { only: ['security'] });
    for (const id of [
      'security.stale-timestamp',
      'security.future-timestamp',
      'security.missing-timestamp',
      'security.missing-nonce',
      'security.replayed-nonce',
    ]) {
      expect(statusOf(report, id), id).toBe('warned');
    }
    expect(result(report, 'security.missing-nonce')?.message).toMatch(
      /refused .* with 000002 .* rather than 000001/,
    );
    expect(statusOf(report, 'security.wrong-signature')).toBe('passed');
    expect(statusOf(report, 'security.missing-signature')).toBe('passed');
    expect(ids(report, 'failed')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('returned credentials pass, and no report — pretty, json, junit, programmatic — contains them', async () => {
    const report = await run('returns-credentials');
    expect(ids(report, 'failed')).toEqual([]);
    const texts = [
      JSON.stringify(report),
      formatContractReport(report, 'pretty'),
      formatContractReport(report, 'json'),
      formatContractReport(report, 'junit'),
    ];
    for (const text of texts) {
      expect(text).not.toContain(PLANTED_PASSWORD);
      expect(text).not.toContain(PLANTED_USER);
    }
    // Masked like signatures: first characters and length kept.
    const shown = report.results.flatMap((r) => r.exchanges).map((x) => x.reply?.body ?? '');
    expect(shown.join('\n')).toContain(`"password":"Pl…(${PLANTED_PASSWORD.length} chars)"`);
  });
});

describe('broken sellers fail with a message naming the defect', () => {
  it('a stateless seller that reports any requested id fails the controls', async () => {
    const report = await run('stateless-echo');
    expect(statusOf(report, 'lifecycle.control-unknown-instance')).toBe('failed');
    expect(statusOf(report, 'lifecycle.control-released-instance')).toBe('failed');
    expect(statusOf(report, 'lifecycle.control-distinct-orders')).toBe('passed');
    expect(statusOf(report, 'robustness.unknown-instance')).toBe('failed');
    expect(result(report, 'lifecycle.control-unknown-instance')?.message).toMatch(
      /never created: the seller echoes any instanceId back/,
    );
    // The controls are production calls: no testFlag.
    expect(report.rootCauses.map((c) => c.id)).toEqual(['stateless']);
    expect(report.rootCauses[0]?.checks.sort()).toEqual([
      'lifecycle.control-released-instance',
      'lifecycle.control-unknown-instance',
      'robustness.unknown-instance',
    ]);
    expect(formatContractReport(report, 'pretty').split('\n').length).toBeLessThan(60);
    const control = result(report, 'lifecycle.control-unknown-instance');
    expect(control?.exchanges[0]?.request.body).not.toContain('testFlag');
    expect(report.ok).toBe(false);
  });

  it('a raw Chinese memo fails queryInstance.field-values', async () => {
    const report = await run('raw-memo', { only: ['queryInstance'] });
    expect(statusOf(report, 'queryInstance.field-values')).toBe('failed');
    expect(result(report, 'queryInstance.field-values')?.message).toMatch(
      /info\[0\]\.appInfo\.memo .*\\uXXXX/,
    );
    expect(statusOf(report, 'queryInstance.body-sign-valid')).toBe('passed');
  });

  it('a pay-per-use seller without usageInfo fails queryInstance.required-fields and the lifecycle query', async () => {
    const report = await run('no-usage-info', { chargingMode: 'ON_DEMAND' });
    expect(statusOf(report, 'queryInstance.required-fields')).toBe('failed');
    expect(result(report, 'queryInstance.required-fields')?.message).toMatch(
      /usageInfo is missing.*ON_DEMAND/,
    );
    expect(statusOf(report, 'lifecycle.query-instance')).toBe('failed');
    // The same seller is fine for a period product.
    const period = await run('no-usage-info', { only: ['queryInstance'] });
    expect(ids(period, 'failed')).toEqual([]);
  });

  it('a wrong key: one root cause at the top, "check --key"', async () => {
    const report = await run('other-key');
    expect(report.rootCauses.map((c) => c.id)).toEqual(['wrong-key']);
    expect(report.rootCauses[0]?.headline).toMatch(/every signed call was answered 000001.*check --key/i);
    const pretty = formatContractReport(report, 'pretty');
    const firstFailure = pretty.indexOf('Root causes');
    expect(firstFailure).toBeGreaterThan(0);
    expect(pretty.slice(firstFailure)).toMatch(/^Root causes\n\n1\) Every signed call was answered 000001/);
    expect(pretty.split('\n').length).toBeLessThan(60);
    expect(formatContractReport(report, 'junit')).toContain(
      'Root cause: Every signed call was answered 000001',
    );
    expect(formatContractReport(report, 'json')).toContain('"rootCause": "wrong-key"');
  });

  it('an HTML 415 error page: one root cause, the page cut to its first lines, under 60 lines', async () => {
    const report = await run('html-415');
    expect(report.rootCauses.map((c) => c.id)).toEqual(['reply-format']);
    expect(report.rootCauses[0]?.headline).toMatch(/HTTP 415 \(text\/html\).*body parser/);
    const pretty = formatContractReport(report, 'pretty');
    expect(pretty.split('\n').length).toBeLessThan(60);
    expect(pretty).toContain('HTML page cut');
    expect(pretty).not.toContain('Frame30');
    // The wrong verdicts of before: no Body-Sign is not a header-name pass, a 415 is not "synchronous".
    expect(statusOf(report, 'newInstance.body-sign-name')).toBe('skipped');
    expect(result(report, 'lifecycle.async-polling')?.message).not.toMatch(/synchronously/);
    expect(result(report, 'lifecycle.async-polling')?.message).toMatch(/newInstance failed/);
  });
});

describe('optional interfaces and replies without resultCode', () => {
  it('an HTTP 400 without resultCode fails result-code, and the failure says the interface is optional', async () => {
    const report = await run('no-optional-interfaces', { only: ['changeInstanceCheck', 'upgradeInstance'] });
    for (const name of ['changeInstanceCheck', 'upgradeInstance']) {
      expect(statusOf(report, `${name}.result-code`), name).toBe('failed');
      expect(statusOf(report, `${name}.http-status`), name).toBe('failed');
      expect(result(report, `${name}.result-code`)?.message).toMatch(/HTTP 400\) carries no resultCode/);
      expect(result(report, `${name}.result-code`)?.message).toMatch(
        new RegExp(`${name} is optional for this charging mode: implement it or pass \`--skip ${name}\``),
      );
    }
    // Required interfaces never say so.
    const required = await run('html-415', { only: ['newInstance.http-status'] });
    expect(result(required, 'newInstance.http-status')?.message).not.toMatch(/optional/);
  });
});

describe('V1 sellers', () => {
  it('a correct V1 seller gets encrypted mobilePhone/email, and a raw "+" in authToken is accepted', async () => {
    const seller = await startSpecV1Seller(KEY);
    const report = await runContract({ sellerUrl: seller.url, key: KEY, protocol: 'v1' });
    await seller.close();
    expect(statusOf(report, 'v1NewInstance.field-values')).toBe('passed');
    expect(statusOf(report, 'robustness.v1-raw-plus-auth-token')).toBe('passed');
    expect(seller.contacts).toContainEqual({ ...V1_BUYER });
    expect(JSON.stringify(report)).not.toContain(PLANTED_PASSWORD);
  });

  it('credentials encrypted under another encryptType than declared fail, naming both', async () => {
    const seller = await startSpecV1Seller(KEY, { encryptWith: 2, declare: 1 });
    const report = await runContract({ sellerUrl: seller.url, key: KEY, protocol: 'v1' });
    await seller.close();
    expect(statusOf(report, 'v1NewInstance.field-values')).toBe('failed');
    expect(statusOf(report, 'v1QueryInstance.field-values')).toBe('failed');
    const failure = result(report, 'v1NewInstance.field-values');
    expect(failure?.message).toMatch(
      /encrypted as encryptType 2 \(AES-128-CBC\), but the reply declares encryptType 1/,
    );
    expect(failure?.fix).toMatch(/§7\.6/);
  });

  it('a seller that form-decodes authToken fails the raw "+" check', async () => {
    const seller = await startSpecV1Seller(KEY, { noPlusRepair: true });
    const report = await runContract({
      sellerUrl: seller.url,
      key: KEY,
      protocol: 'v1',
      only: ['robustness.v1-raw-plus-auth-token'],
    });
    await seller.close();
    expect(statusOf(report, 'robustness.v1-raw-plus-auth-token')).toBe('failed');
    expect(result(report, 'robustness.v1-raw-plus-auth-token')?.message).toMatch(/reads the '\+' as a space/);
  });
});
