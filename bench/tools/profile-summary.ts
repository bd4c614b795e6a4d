/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`, or `npx pnpm@10 bench -- --cpu-prof <dir>`): self time
 * per origin (SDK dist, node internals, each package, GC, idle) and the top functions by self time, with a
 * source-map-free location (file:line of the built code).
 *
 * Usage: npx tsx bench/tools/profile-summary.ts <file.cpuprofile> [--top 25] [--filter <substring of url>]
 *          [--inclusive fnA,fnB] [--requests N]
 *
 * `--inclusive` adds the inclusive time (self + callees) of the named functions, summed over every call site that
 * is not nested in another frame of the same name; `--requests` divides times by a request count (µs/request).
 *
 * Note: V8 samples wall-clock time of the main thread. On a machine with more runnable threads than cores a
 * thread preempted right after a syscall is charged to that syscall (typically `writev`); compare with the process
 * CPU time the harness reports before reading such a frame as CPU cost.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Coarse origin of a frame, for the first table. */
export function origin(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native/builtin)';
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/packages/sdk/dist/')) return 'SDK dist';
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match?.[1] !== undefined) return `pkg ${match[1]}`;
  if (url.includes('/bench/')) return 'bench harness';
  return 'other';
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      filter: { type: 'string' },
      inclusive: { type: 'string' },
      requests: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (file === undefined) {
    console.error(
      'Usage: npx tsx bench/tools/profile-summary.ts <file.cpuprofile> [--top 25] [--filter <url part>]',
    );
    process.exitCode = 64;
    return;
  }
  const top = Number(values.top);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs.entries()]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((a, [, us]) => a + us, 0);
  const busy = total - idle;

  const origins = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)') continue;
    origins.set(origin(frame), (origins.get(origin(frame)) ?? 0) + us);
    if (values.filter !== undefined && !frame.url.includes(values.filter)) continue;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url === '' ? '' : `${basename(frame.url)}:${frame.lineNumber + 1}`}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const pct = (us: number): string => `${((us / busy) * 100).toFixed(1)}%`.padStart(6);
  console.log(
    `${basename(file)}: ${(total / 1000).toFixed(0)} ms sampled, ${(busy / 1000).toFixed(0)} ms busy (idle excluded)\n`,
  );
  console.log('Self time by origin (% of busy):');
  for (const [name, us] of [...origins].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${pct(us)}  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  }
  console.log(
    `\nTop ${top} functions by self time${values.filter === undefined ? '' : ` (url contains ${values.filter})`}:`,
  );
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${pct(us)}  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  }
  if (values.inclusive !== undefined) {
    const requests = values.requests === undefined ? undefined : Number(values.requests);
    const inclusive = inclusiveTimes(profile, selfUs);
    console.log(
      `\nInclusive time${requests === undefined ? '' : ` (µs per request over ${requests} requests)`}:`,
    );
    for (const name of values.inclusive.split(',')) {
      let us = 0;
      for (const node of profile.nodes) {
        if (node.callFrame.functionName !== name) continue;
        // Skip frames nested in a frame of the same name (recursion, or async re-entry) to avoid double counting.
        let parent = node.parent === undefined ? undefined : byId.get(node.parent);
        let nested = false;
        while (parent !== undefined) {
          if (parent.callFrame.functionName === name) nested = true;
          parent = parent.parent === undefined ? undefined : byId.get(parent.parent);
        }
        if (!nested) us += inclusive.get(node.id) ?? 0;
      }
      const perRequest = requests === undefined ? '' : `  ${(us / requests).toFixed(2).padStart(8)} µs/req`;
      console.log(`  ${pct(us)}  ${(us / 1000).toFixed(1).padStart(8)} ms${perRequest}  ${name}`);
    }
  }
}

/** Inclusive (self + descendants) time per node id, µs. Also links `parent`. */
function inclusiveTimes(profile: CpuProfile, selfUs: Map<number, number>): Map<number, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      const c = byId.get(child);
      if (c !== undefined) c.parent = node.id;
    }
  }
  const memo = new Map<number, number>();
  const visit = (id: number): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    let total = selfUs.get(id) ?? 0;
    for (const child of node?.children ?? []) total += visit(child);
    memo.set(id, total);
    return total;
  };
  for (const node of profile.nodes) visit(node.id);
  return memo;
}

main();
