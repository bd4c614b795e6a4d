#!/usr/bin/env node
// `npx --yes pnpm@10 run pack:local`: builds @koogallery-kit/sdk and @koogallery-kit/mock-server when their dist is
// missing, incomplete (e.g. the JavaScript-only build of `pnpm start`) or older than the sources — the full build:
// ESM, CommonJS, declarations — and packs them as the registry would publish them into ./dist-packages/, then
// prints the `npm install` line that installs them in another project. This is the "from a clone" path of
// docs/getting-started.md until the packages are on the npm registry (the guide test runs it).
//
// Exit status: 0 packed, 1 a build or pack failed, 2 usage error.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExec } from './pack-check/exec.mjs';
import { PUBLISHED_PACKAGES, buildPackage, buildReason, packPackage } from './pack-check/packages.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the tarballs go. */
export const PACK_DIR = join(ROOT, 'dist-packages');

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`Usage: npx --yes pnpm@10 run pack:local

Builds both packages and writes installable tarballs into ./dist-packages/ (earlier ones are removed), then
prints the npm install line for another project.`);
  process.exit(0);
}
if (args.length > 0) {
  console.error(`pack:local: unknown argument ${args[0]}; see npx --yes pnpm@10 run pack:local --help`);
  process.exit(2);
}

rmSync(PACK_DIR, { recursive: true, force: true });
mkdirSync(PACK_DIR, { recursive: true });
const tarballs = [];
for (const pkg of PUBLISHED_PACKAGES) {
  const reason = buildReason(ROOT, pkg);
  if (reason === undefined) console.log(`${pkg.name}: dist is up to date.`);
  else {
    console.log(`Building ${reason.text}…`);
    const built = await buildPackage(ROOT, pkg, 300_000);
    if (built.code !== 0) {
      console.error(`pack:local: the build of ${pkg.name} failed:\n${describeExec(built)}`);
      process.exit(1);
    }
  }
  const packed = await packPackage(ROOT, pkg, PACK_DIR, 120_000);
  if (packed.tarball === undefined) {
    console.error(`pack:local: packing ${pkg.name} failed:\n${describeExec(packed.result)}`);
    process.exit(1);
  }
  tarballs.push(packed.tarball);
}
console.log(`\nPacked into ${PACK_DIR}:`);
for (const file of readdirSync(PACK_DIR).sort()) console.log(`  ${file}`);
console.log(`\nInstall them in your project with:\n  npm install ${tarballs.join(' ')}`);
