/**
 * The machine line recorded with every run: CPU, cores, memory, OS, Node, load, the versions of everything
 * measured, and the commit. Ratios are comparable across machines; absolute numbers only with this line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, SDK_DIR } from './paths';

/** What the run was measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  v8: string;
  /** 1/5/15-minute load averages when the run started (other work on a shared machine shows up here). */
  loadAverage: number[];
  /** Versions of the measured packages and the tools measuring them. */
  packages: Record<string, string>;
  /** `git rev-parse --short HEAD`, with `+dirty` when the tree has uncommitted changes. */
  commit: string;
}

/** Where each package's package.json is read (root devDeps, and express from the SDK's devDeps). */
const PACKAGE_DIRS: Record<string, string> = {
  '@koogallery-kit/sdk': SDK_DIR,
  mitata: join(REPO_ROOT, 'node_modules/mitata'),
  autocannon: join(REPO_ROOT, 'node_modules/autocannon'),
  stripe: join(REPO_ROOT, 'node_modules/stripe'),
  standardwebhooks: join(REPO_ROOT, 'node_modules/standardwebhooks'),
  svix: join(REPO_ROOT, 'node_modules/svix'),
  '@octokit/webhooks-methods': join(REPO_ROOT, 'node_modules/@octokit/webhooks-methods'),
  express: join(SDK_DIR, 'node_modules/express'),
  tsx: join(REPO_ROOT, 'node_modules/tsx'),
};

function packageVersion(dir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'not installed';
  }
}

function gitCommit(): string {
  try {
    const opts = { cwd: REPO_ROOT, encoding: 'utf8' as const, timeout: 5_000, stdio: 'pipe' as const };
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], opts).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

/** Collects the machine line. */
export function collectMachine(): MachineInfo {
  const list = cpus();
  const packages: Record<string, string> = {};
  for (const [name, dir] of Object.entries(PACKAGE_DIRS)) packages[name] = packageVersion(dir);
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    packages,
    commit: gitCommit(),
  };
}

/** One-line rendering, e.g. `Intel Xeon × 2 cores, 7.8 GB, Linux 6.1, Node v20.20.2, load 0.52`. */
export function machineLine(m: MachineInfo): string {
  return (
    `${m.cpuModel} × ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node} (V8 ${m.v8}), ` +
    `load ${m.loadAverage.join('/')} at start, commit ${m.commit}`
  );
}

/** One-line rendering of the package versions. */
export function versionsLine(m: MachineInfo): string {
  return Object.entries(m.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
}
