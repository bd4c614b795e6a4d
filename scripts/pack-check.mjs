#!/usr/bin/env node
// Packaging proven from the outside: packs @koogallery-kit/sdk and @koogallery-kit/mock-server with pnpm, installs
// the tarballs with npm into a throwaway project, requires and imports every entry point with a real call through
// each, runs the installed `koogallery-mock --help`, and lints both tarballs with publint and attw.
//
//   node scripts/pack-check.mjs [--report FILE] [--work-dir DIR] [--keep] [--build stale|missing|never]
//
//   --report FILE   also write the full result as JSON (read by packages/sdk/test/packaging/installed-tarballs.test.ts)
//   --work-dir DIR  where to pack and install; kept afterwards (default: a new directory under the OS temp dir,
//                   removed at the end)
//   --keep          keep the default work directory
//   --build WHEN    build a package first when its dist is `stale` (missing, or older than its sources; the
//                   default), only when it is `missing`, or `never` (a missing dist then fails the run). A stale
//                   dist that is not rebuilt is reported in `stale`.
//
// Exit code 0 when every check passed, 1 otherwise, 2 on a usage error. Needs npm registry access for the
// packages' dependencies (npm's cache is preferred).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  installTarballs,
  runInstalledBin,
  runProbeScript,
  writeConsumerProject,
} from './pack-check/consumer.mjs';
import { describeExec } from './pack-check/exec.mjs';
import { runAttw, runPublint } from './pack-check/lint.mjs';
import {
  PUBLISHED_PACKAGES,
  buildPackage,
  buildReason,
  packPackage,
  readTarball,
  referencedFiles,
} from './pack-check/packages.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Files every published package must carry besides what its package.json points at. */
export const ALWAYS_PUBLISHED = Object.freeze(['package.json', 'README.md', 'LICENSE']);

/** Deadlines of each step, ms. */
export const TIME_LIMITS = Object.freeze({
  build: 240_000,
  pack: 90_000,
  install: 240_000,
  probe: 90_000,
  bin: 30_000,
  lint: 90_000,
});

/**
 * @typedef {{ ok: boolean, ms: number, detail: string }} CheckOutcome
 * @typedef {{ tarball?: string, files?: string[], manifest?: Record<string, any>, missing?: string[] }} PackedPackage
 *   `missing`: files the tarball lacks: {@link ALWAYS_PUBLISHED} and every file its package.json points at (main,
 *   types, exports, bin)
 * @typedef {{ ok: boolean, workDir: string, checks: Record<string, CheckOutcome>,
 *   packages: Record<string, PackedPackage>, probes: Record<string, unknown[] | undefined>,
 *   bin?: { code: number | null, stdout: string, stderr: string }, stale: string[] }} PackCheckReport
 *   `stale`: why a dist that was used as it is may not match its sources (`--build missing`)
 */

/**
 * Runs every packaging check. Never throws for a failing check: each is an entry of `checks`.
 * @param {{ workDir?: string, build?: 'stale' | 'missing' | 'never', log?: (line: string) => void }} [options]
 *   `build` defaults to `'stale'`.
 * @returns {Promise<PackCheckReport>}
 */
export async function runPackCheck(options = {}) {
  const log = options.log ?? (() => {});
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'kgk-pack-check-'));
  const tarballDir = join(workDir, 'tarballs');
  const consumerDir = join(workDir, 'consumer');
  mkdirSync(tarballDir, { recursive: true });
  /** @type {PackCheckReport} */
  const report = { ok: false, workDir, checks: {}, packages: {}, probes: {}, stale: [] };
  const buildWhen = options.build ?? 'stale';
  const record = (name, ok, ms, detail) => {
    report.checks[name] = { ok, ms, detail };
    log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${Math.round(ms / 100) / 10} s)`);
    if (!ok) log(detail.replace(/^/gm, '     '));
  };

  for (const pkg of PUBLISHED_PACKAGES) {
    const reason = buildReason(ROOT, pkg);
    if (reason === undefined) continue;
    const missing = reason.missing.length > 0;
    if (buildWhen === 'never' || (buildWhen === 'missing' && !missing)) {
      if (missing) {
        record(`build ${pkg.name}`, false, 0, `${reason.text}; run \`npx pnpm@10 run build\` first.`);
      } else {
        report.stale.push(`${reason.text}; run \`npx pnpm@10 run build\` to check the current sources.`);
        log(`warning: ${reason.text} (not rebuilt)`);
      }
      continue;
    }
    log(`building ${pkg.name} (${reason.text})`);
    const built = await buildPackage(ROOT, pkg, TIME_LIMITS.build);
    record(`build ${pkg.name}`, built.code === 0, built.ms, describeExec(built));
  }

  for (const pkg of PUBLISHED_PACKAGES) {
    const { result, tarball } = await packPackage(ROOT, pkg, tarballDir, TIME_LIMITS.pack);
    const ok = result.code === 0 && tarball !== undefined;
    /** @type {PackedPackage} */
    const packed = {};
    if (ok) {
      const { files, manifest } = await readTarball(tarball, workDir);
      const expected = [...ALWAYS_PUBLISHED, ...referencedFiles(manifest)];
      const missing = expected.filter((file) => !files.includes(file));
      Object.assign(packed, { tarball, files, manifest, missing });
    }
    report.packages[pkg.name] = packed;
    const complete = ok && packed.missing?.length === 0;
    record(
      `pack ${pkg.name}`,
      complete,
      result.ms,
      !ok ? describeExec(result) : complete ? `${tarball}` : `${tarball} lacks ${packed.missing?.join(', ')}`,
    );
  }
  const tarballs = PUBLISHED_PACKAGES.map((pkg) => report.packages[pkg.name]?.tarball);

  const lint = async () => {
    for (const pkg of PUBLISHED_PACKAGES) {
      const tarball = report.packages[pkg.name]?.tarball;
      for (const [tool, run] of /** @type {const} */ ([
        ['publint', runPublint],
        ['attw', runAttw],
      ])) {
        if (tarball === undefined) {
          record(`${tool} ${pkg.name}`, false, 0, 'not run: the package was not packed');
          continue;
        }
        const result = await run(ROOT, tarball, TIME_LIMITS.lint);
        record(`${tool} ${pkg.name}`, result.code === 0, result.ms, describeExec(result, 12_000));
      }
    }
  };

  const consume = async () => {
    if (tarballs.some((t) => t === undefined)) {
      for (const name of ['install', 'require', 'import', 'bin']) {
        record(name, false, 0, 'not run: a package was not packed');
      }
      return;
    }
    writeConsumerProject(consumerDir);
    const installed = await installTarballs(
      consumerDir,
      /** @type {string[]} */ (tarballs),
      TIME_LIMITS.install,
    );
    record('install', installed.code === 0, installed.ms, describeExec(installed));
    if (installed.code !== 0) {
      for (const name of ['require', 'import', 'bin']) record(name, false, 0, 'not run: the install failed');
      return;
    }
    for (const [name, script] of /** @type {const} */ ([
      ['require', 'check-require.cjs'],
      ['import', 'check-import.mjs'],
    ])) {
      const { result, results } = await runProbeScript(consumerDir, script, TIME_LIMITS.probe);
      report.probes[name] = results;
      const failed = (results ?? []).filter((r) => !r.ok);
      const ok = result.code === 0 && Array.isArray(results) && failed.length === 0;
      const detail = !Array.isArray(results)
        ? describeExec(result)
        : failed.length > 0
          ? failed.map((r) => `${r.specifier}: ${r.error}`).join('\n')
          : results.map((r) => `${r.specifier}: ${r.check}`).join('\n');
      record(name, ok, result.ms, detail);
    }
    const bin = await runInstalledBin(consumerDir, TIME_LIMITS.bin);
    report.bin = { code: bin.code, stdout: bin.stdout, stderr: bin.stderr };
    const usage = /usage/i.test(bin.stdout) && bin.stdout.includes('koogallery-mock');
    record(
      'bin',
      bin.code === 0 && usage,
      bin.ms,
      bin.code === 0 && !usage ? `no usage text printed\n${describeExec(bin)}` : describeExec(bin),
    );
  };

  await Promise.all([lint(), consume()]);
  report.ok = Object.values(report.checks).every((c) => c.ok);
  return report;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        report: { type: 'string' },
        'work-dir': { type: 'string' },
        keep: { type: 'boolean', default: false },
        build: { type: 'string', default: 'stale' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\nRun with --help for the options.`,
    );
    process.exit(2);
  }
  if (values.help) {
    console.log(
      'Usage: node scripts/pack-check.mjs [--report FILE] [--work-dir DIR] [--keep] [--build stale|missing|never]\n' +
        'Packs both packages, installs the tarballs into a throwaway project, requires/imports every entry point,\n' +
        'runs `koogallery-mock --help`, and runs publint and attw on the tarballs.',
    );
    return;
  }
  const build = values.build;
  if (build !== 'stale' && build !== 'missing' && build !== 'never') {
    console.error(`--build takes stale, missing or never, not ${JSON.stringify(build)}.`);
    process.exit(2);
  }
  const workDir = values['work-dir'] ? resolve(values['work-dir']) : undefined;
  if (workDir) mkdirSync(workDir, { recursive: true });
  const report = await runPackCheck({
    workDir,
    build,
    log: (line) => console.log(line),
  });
  if (values.report) writeFileSync(resolve(values.report), `${JSON.stringify(report, null, 2)}\n`);
  if (values.keep || workDir) console.log(`work directory kept: ${report.workDir}`);
  else rmSync(report.workDir, { recursive: true, force: true });
  const failed = Object.entries(report.checks).filter(([, c]) => !c.ok);
  console.log(
    failed.length === 0
      ? `pack-check: all ${Object.keys(report.checks).length} checks passed`
      : `pack-check: ${failed.length} failed: ${failed.map(([name]) => name).join(', ')}`,
  );
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
