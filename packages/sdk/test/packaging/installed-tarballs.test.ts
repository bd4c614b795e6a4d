// Packaging proven from the outside: scripts/pack-check.mjs packs both packages with pnpm, installs the tarballs
// with npm into a throwaway project, requires and imports every entry point with a real call through each, runs
// the installed `koogallery-mock --help`, and lints the tarballs with publint and attw. This test runs it once
// and asserts each part. It needs npm registry access (or a warm npm cache) for the packages' dependencies.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_POINTS, readExportsSnapshot } from './entry-points';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SDK = '@koogallery-kit/sdk';
const MOCK = '@koogallery-kit/mock-server';
/** Whole run: builds only a missing dist (~1 min); the install takes ~10–60 s depending on npm's cache. */
const RUN_LIMIT_MS = 420_000;

interface CheckOutcome {
  ok: boolean;
  ms: number;
  detail: string;
}
interface ProbeResult {
  specifier: string;
  ok: boolean;
  exports?: Record<string, string>;
  check?: string;
  error?: string;
}
interface Report {
  ok: boolean;
  checks: Record<string, CheckOutcome>;
  packages: Record<
    string,
    { tarball?: string; files?: string[]; manifest?: Record<string, unknown>; missing?: string[] }
  >;
  probes: Record<string, ProbeResult[] | undefined>;
  bin?: { code: number | null; stdout: string; stderr: string };
  stale: string[];
}

let workDir: string;
let report: Report;
let output = '';

function runPackCheck(reportFile: string, dir: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // Build only a missing dist: rebuilding one other test files may be using would break them mid-run.
      [join(ROOT, 'scripts/pack-check.mjs'), '--report', reportFile, '--work-dir', dir, '--build', 'missing'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS - 10_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The outcome of one check, failing with the check's own output when it did not pass. */
function expectCheck(name: string): CheckOutcome {
  const check = report.checks[name];
  expect(check, `check "${name}" did not run; pack-check output:\n${output}`).toBeDefined();
  expect(check!.ok, `${name} failed:\n${check!.detail}`).toBe(true);
  return check!;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kgk-pack-test-'));
  const reportFile = join(workDir, 'report.json');
  const code = await runPackCheck(reportFile, join(workDir, 'work'));
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  } catch {
    throw new Error(`pack-check wrote no report (exit ${String(code)}):\n${output}`);
  }
}, RUN_LIMIT_MS);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('packed tarballs', () => {
  it.each([SDK, MOCK])('%s packs with package.json, README, LICENSE and every file it points at', (name) => {
    expectCheck(`pack ${name}`);
    const packed = report.packages[name]!;
    expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
    expect(packed.missing, 'files package.json points at but the tarball lacks').toEqual([]);
    expect(packed.files!.some((file) => file.startsWith('src/') || file.startsWith('test/'))).toBe(false);
  });

  it('the SDK tarball ships the JSON Schemas and both OpenAPI documents', () => {
    const files = report.packages[SDK]!.files!;
    expect(files).toEqual(
      expect.arrayContaining([
        'schemas/v2/new-instance-request.json',
        'openapi/production-interfaces.openapi.json',
        'openapi/open-apis.openapi.json',
      ]),
    );
  });

  it('the packed mock server depends on the SDK version being packed, not on workspace:*', () => {
    const sdk = report.packages[SDK]!.manifest!;
    const mock = report.packages[MOCK]!.manifest!;
    const dependencies = mock['dependencies'] as Record<string, string>;
    expect(dependencies[SDK]).toBe(sdk['version']);
    expect(JSON.stringify(mock)).not.toContain('workspace:');
  });

  it.each([SDK, MOCK])('publint passes on %s (strict)', (name) => {
    expectCheck(`publint ${name}`);
  });

  it.each([SDK, MOCK])('are-the-types-wrong passes on %s (every resolution mode)', (name) => {
    expectCheck(`attw ${name}`);
  });
});

describe('installed from the tarballs', () => {
  it('npm installs both tarballs together', () => {
    expectCheck('install');
  });

  describe.each(['require', 'import'])('%s', (format) => {
    it.each(Object.keys(ENTRY_POINTS))(
      '%s loads, answers a real call and exports what the sources export',
      (specifier) => {
        const results = report.probes[format];
        expect(
          results,
          `the ${format} probe produced no results:\n${report.checks[format]?.detail}`,
        ).toBeDefined();
        const result = results!.find((r) => r.specifier === specifier);
        expect(result, `${specifier} was not probed`).toBeDefined();
        expect(result!.ok, `${format}('${specifier}'): ${result!.error}`).toBe(true);
        expect(result!.check).toEqual(expect.any(String));
        expect(
          result!.exports,
          `the built ${specifier} does not export what exports.snapshot.json records${report.stale.length > 0 ? ` (${report.stale.join(' ')})` : ''}`,
        ).toEqual(readExportsSnapshot()[specifier]);
      },
    );

    it.each(['schemas', 'openapi'])('serves the data files of export "./%s/*"', (dir) => {
      const results = report.probes[format]?.filter((r) => r.specifier === `${SDK}/${dir}/*`) ?? [];
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) expect(result.ok, result.error).toBe(true);
    });
  });

  it('the installed koogallery-mock bin prints its usage for --help and exits 0', () => {
    expect(report.bin, report.checks['bin']?.detail).toBeDefined();
    expect(report.bin!.code, report.checks['bin']!.detail).toBe(0);
    expect(report.bin!.stdout).toMatch(/usage/i);
    expect(report.bin!.stdout).toContain('koogallery-mock');
  });

  it('every check of the run passed', () => {
    const failed = Object.entries(report.checks).filter(([, c]) => !c.ok);
    expect(failed.map(([name, c]) => `${name}: ${c.detail}`)).toEqual([]);
  });
});
