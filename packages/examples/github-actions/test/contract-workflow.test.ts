// contract.yml, the GitHub Actions workflow a seller copies: its structure (parsed without a YAML dependency), the
// `koogallery-mock` flags it uses (each must exist in the CLI's --help), and its "wait" and "contract" steps run
// for real against the Fetch example seller, producing the JUnit report the upload step keeps.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchSellerApp, serveFetch } from '@koogallery-kit/example-fetch-seller';
import type { FetchServer } from '@koogallery-kit/example-fetch-seller';
import { parseWorkflowYaml } from './workflow-yaml';
import type { YamlNode } from './workflow-yaml';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOW = readFileSync(path.join(PACKAGE_DIR, 'contract.yml'), 'utf8');
const CLI = fileURLToPath(new URL('../../../mock-server/dist/cli.js', import.meta.url));

type Step = Record<string, YamlNode>;
const asMap = (node: YamlNode | undefined): Record<string, YamlNode> => {
  expect(node, 'a mapping').toBeTypeOf('object');
  expect(Array.isArray(node)).toBe(false);
  return node as Record<string, YamlNode>;
};

const workflow = asMap(parseWorkflowYaml(WORKFLOW));
const job = asMap(asMap(workflow['jobs'])['contract']);
const env = asMap(job['env']) as Record<string, string>;
const steps = job['steps'] as Step[];
const stepNamed = (name: string): Step => {
  const step = steps.find((s) => s['name'] === name);
  expect(step, `step "${name}"`).toBeDefined();
  return step as Step;
};
const run = (name: string): string => stepNamed(name)['run'] as string;

/** Runs a step's script with /bin/sh the way the runner does (bash -e there; these scripts are POSIX). */
function runStep(script: string, o: { cwd: string; env: Record<string, string> }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      '/bin/sh',
      ['-c', script],
      {
        cwd: o.cwd,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...o.env },
        timeout: 90_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('parseWorkflowYaml', () => {
  it('reads maps, lists of maps, quoted and plain scalars, comments and both block scalar styles', () => {
    const parsed = parseWorkflowYaml(
      [
        '# comment',
        'a: 1 # trailing',
        'b: "x # not a comment"',
        'list:',
        '  - name: one',
        '    run: |',
        '      echo 1',
        '      echo 2',
        '  - plain',
        'folded: >',
        '  one',
        '  two',
        'empty:',
      ].join('\n'),
    );
    expect(parsed).toEqual({
      a: '1',
      b: 'x # not a comment',
      list: [{ name: 'one', run: 'echo 1\necho 2\n' }, 'plain'],
      folded: 'one two\n',
      empty: null,
    });
  });

  it('refuses what it does not understand instead of guessing', () => {
    expect(() => parseWorkflowYaml('a: [1, 2]')).toThrow(/Unsupported/);
    expect(() => parseWorkflowYaml('a:\n\tb: 1')).toThrow(/Tabs/);
    expect(() => parseWorkflowYaml('just text')).toThrow(/expected "key: value"/);
  });
});

describe('contract.yml', () => {
  it('runs on pushes and pull requests, on ubuntu, with a throwaway key and the seller URL in the job env', () => {
    expect(Object.keys(asMap(workflow['on']))).toEqual(['push', 'pull_request']);
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(env['KOOGALLERY_ACCESS_KEY']).toMatch(/test/);
    expect(env['SELLER_URL']).toBe(`http://127.0.0.1:${env['PORT']}/koogallery/produce`);
  });

  it('installs, starts the seller in the background, waits for it, runs the contract, then uploads the report', () => {
    const order = steps.map((s) => s['name']);
    expect(order).toEqual([
      'Check out',
      'Set up Node.js',
      'Install',
      'Start the seller in the background',
      'Wait for the seller',
      'Conformance suite',
      'Upload the report',
      'Stop the seller',
    ]);
    expect(stepNamed('Check out')['uses']).toMatch(/^actions\/checkout@v\d+$/);
    expect(Number(asMap(stepNamed('Set up Node.js')['with'])['node-version'])).toBeGreaterThanOrEqual(20);
    expect(run('Install').trim()).toBe('npm ci');
    expect(run('Start the seller in the background')).toMatch(/npm start .*&\n/);
    expect(run('Wait for the seller')).toContain('curl -s -o /dev/null "$SELLER_URL"');

    const contract = run('Conformance suite');
    expect(contract).toMatch(/^npx koogallery-mock contract /);
    expect(contract).toContain('--reporter junit');
    expect(contract).not.toContain('--key'); // the key comes from $KOOGALLERY_ACCESS_KEY
    const output = /--output (\S+)/.exec(contract)?.[1];
    expect(output).toBeDefined();

    const upload = stepNamed('Upload the report');
    expect(upload['uses']).toMatch(/^actions\/upload-artifact@v\d+$/);
    expect(upload['if']).toBe('always()');
    expect((asMap(upload['with'])['path'] as string).split('\n')).toContain(output);
    expect(stepNamed('Stop the seller')['if']).toBe('always()');
  });

  it('uses only koogallery-mock commands and flags the CLI documents in its --help', async () => {
    const invocations = steps
      .map((s) => s['run'])
      .filter((r): r is string => typeof r === 'string')
      .flatMap((r) => [...r.matchAll(/koogallery-mock\s+(\w+)([^\n]*)/g)]);
    expect(invocations.length).toBeGreaterThan(0);
    expect(existsSync(CLI), `${CLI} is missing: build with npx pnpm@10 build`).toBe(true);
    for (const [, command, rest] of invocations) {
      const help = await runStep(`node "${CLI}" ${command} --help`, { cwd: PACKAGE_DIR, env: {} });
      expect(help.code, help.stderr).toBe(0);
      const flags = [...(rest ?? '').matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((m) => m[1] as string);
      expect(flags.length).toBeGreaterThan(0);
      for (const flag of flags)
        expect(help.stdout, `${command} ${flag}`).toMatch(new RegExp(`^\\s+${flag}(?![\\w-])`, 'm'));
    }
  });
});

describe('the wait and contract steps, run for real against the Fetch example seller', () => {
  let seller: FetchServer;
  let project: string;
  let sellerUrl: string;

  beforeAll(async () => {
    const app = createFetchSellerApp({ accessKey: env['KOOGALLERY_ACCESS_KEY'] as string, logger: {} });
    seller = await serveFetch(app.fetch, { port: 0 });
    sellerUrl = `${seller.url}${app.productionPath}`;
    // A seller's project: koogallery-mock is a devDependency (this package's node_modules), npx finds it there.
    project = mkdtempSync(path.join(tmpdir(), 'kgk-gha-'));
    writeFileSync(path.join(project, 'package.json'), '{ "private": true }\n');
    symlinkSync(path.join(PACKAGE_DIR, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    await seller.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('waits for the seller, then passes the contract and writes the JUnit report', async () => {
    const stepEnv = { ...env, SELLER_URL: sellerUrl, npm_config_yes: 'true', CI: 'true' };
    const wait = await runStep(run('Wait for the seller'), { cwd: project, env: stepEnv });
    expect(wait.code, wait.stdout + wait.stderr).toBe(0);

    const contract = await runStep(run('Conformance suite'), { cwd: project, env: stepEnv });
    expect(contract.code, contract.stdout + contract.stderr).toBe(0);
    const output = /--output (\S+)/.exec(run('Conformance suite'))?.[1] as string;
    const report = readFileSync(path.join(project, output), 'utf8');
    expect(report).toMatch(/^<\?xml/);
    expect(report).toMatch(/<testsuites[^>]* failures="0"/);
    expect(report).toContain('<testcase');
  }, 120_000);
});
