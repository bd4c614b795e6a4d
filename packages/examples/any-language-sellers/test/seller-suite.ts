// One test suite for every non-Node example seller: its command-line tools reproduce the §12.3 vectors, and the
// running seller passes the conformance suite, run as a seller's CI runs it (the built `koogallery-mock contract`
// command with the JSON reporter), with no failure and no warning.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractReport } from '@koogallery-kit/mock-server';
import {
  AES_IV,
  AES_VECTORS,
  BODY_SIGNS,
  CANONICAL_SIGNATURE,
  REQUEST_SIGNATURES,
  VECTOR_KEY,
} from './vectors';

const CLI = fileURLToPath(new URL('../../../mock-server/dist/cli.js', import.meta.url));
/** The key the seller and the suite share in these tests. */
const SUITE_KEY = 'any-language-seller-test-key';
const requireAll = process.env['KGK_REQUIRE_ALL'] === '1';

/** How to run one seller: the command (and leading arguments) that starts it or runs one of its tools. */
export interface SellerCommand {
  command: string;
  args: string[];
  cwd: string;
}

export interface NonNodeSeller {
  /** e.g. "Java seller". */
  name: string;
  /** Why the seller cannot run here (a missing tool), or undefined when it can. */
  missing: () => string | undefined;
  /** Builds the seller into `workDir` if it needs building; returns how to run it. */
  prepare: (workDir: string) => SellerCommand;
}

/** Runs one of the seller's tools (`sign-request`, `encrypt`, …) with `input` on stdin; returns stdout, trimmed. */
function runTool(seller: SellerCommand, args: string[], input = ''): string {
  const result = spawnSync(seller.command, [...seller.args, ...args], {
    cwd: seller.cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, KOOGALLERY_ACCESS_KEY: VECTOR_KEY },
    timeout: 30_000,
  });
  expect(result.status, `${args[0]} failed: ${result.stderr}`).toBe(0);
  return result.stdout.trim();
}

interface RunningSeller {
  productionUrl: string;
  stop: () => Promise<void>;
}

/** Starts the seller on a free port and waits for its "listening on URL" line. */
function startSeller(seller: SellerCommand): Promise<RunningSeller> {
  const child = spawn(seller.command, seller.args, {
    cwd: seller.cwd,
    env: { ...process.env, KOOGALLERY_ACCESS_KEY: SUITE_KEY, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ productionUrl: match[1]!, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`the seller exited (${code}) before listening:\n${output}`)),
    );
    child.once('error', reject);
  });
}

/** `koogallery-mock contract … --reporter json --output FILE`: the exit status and the parsed report. */
function runContractCli(
  productionUrl: string,
  reportFile: string,
): Promise<{ code: number; report: ContractReport }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, 'contract', '--seller-url', productionUrl, '--reporter', 'json', '--output', reportFile],
      { env: { ...process.env, KOOGALLERY_ACCESS_KEY: SUITE_KEY }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        resolve({ code: code ?? 1, report: JSON.parse(readFileSync(reportFile, 'utf8')) as ContractReport });
      } catch (error) {
        reject(
          new Error(`no report from koogallery-mock contract (exit ${code}): ${stderr}`, { cause: error }),
        );
      }
    });
  });
}

export function describeNonNodeSeller(spec: NonNodeSeller): void {
  const missing = spec.missing();
  if (missing !== undefined && !requireAll) {
    console.warn(`[${spec.name}] skipped: ${missing}`);
    describe.skip(spec.name, () => it('needs its language runtime', () => {}));
    return;
  }

  describe(spec.name, () => {
    let workDir: string;
    let seller: SellerCommand;

    beforeAll(() => {
      if (missing !== undefined) throw new Error(`KGK_REQUIRE_ALL=1 but ${missing}`);
      workDir = mkdtempSync(path.join(tmpdir(), 'kgk-any-language-'));
      seller = spec.prepare(workDir);
    }, 120_000);

    afterAll(() => {
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('signs V2 requests as the §12.3 (a) and (b) vectors', () => {
      for (const v of REQUEST_SIGNATURES) {
        expect(runTool(seller, ['sign-request', v.nonce, v.timestamp], v.body), v.name).toBe(v.signature);
      }
    });

    it('re-serialises a non-canonical body (sorted keys, nulls dropped) as the §12.3 (a2) vector', () => {
      const v = CANONICAL_SIGNATURE;
      expect(runTool(seller, ['canonical-sign-request', v.nonce, v.timestamp], v.body)).toBe(
        v.canonicalSignature,
      );
      expect(runTool(seller, ['sign-request', v.nonce, v.timestamp], v.body)).toBe(v.rawSignature);
    });

    it('renders Body-Sign as the §12.3 (c) vectors', () => {
      for (const v of BODY_SIGNS) expect(runTool(seller, ['body-sign'], v.body)).toBe(v.header);
    });

    it('encrypts and decrypts credentials as the §12.3 (g) vectors (AES-256 and AES-128)', () => {
      for (const v of AES_VECTORS) {
        expect(runTool(seller, ['encrypt', v.encryptType, AES_IV, v.plaintext]), v.plaintext).toBe(v.wire);
        expect(runTool(seller, ['decrypt', v.encryptType, v.wire])).toBe(v.plaintext);
      }
    });

    it('passes koogallery-mock contract with no failure and no warning', async () => {
      const running = await startSeller(seller);
      try {
        const { code, report } = await runContractCli(
          running.productionUrl,
          path.join(workDir, 'report.json'),
        );
        const failed = report.results
          .filter((r) => r.status === 'failed')
          .map((r) => `${r.id}: ${r.message}`);
        expect(failed).toEqual([]);
        expect(report.summary.failed).toBe(0);
        const warned = report.results
          .filter((r) => r.status === 'warned')
          .map((r) => `${r.id}: ${r.message}`);
        expect(warned).toEqual([]);
        expect(report.summary.warned).toBe(0);
        expect(code).toBe(0);
        // Every interface of the PERIOD matrix and every security check was judged, not skipped.
        expect(report.summary.passed).toBeGreaterThan(100);
        const security = report.results.filter((r) => r.id.startsWith('security.'));
        expect(security.length).toBeGreaterThanOrEqual(8);
        expect(security.every((r) => r.status === 'passed')).toBe(true);
      } finally {
        await running.stop();
      }
    }, 120_000);
  });
}
