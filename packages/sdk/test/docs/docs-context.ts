/**
 * What the docs check reads from the repository: the Markdown files it covers, package scripts and
 * dependencies, binaries, and the `koogallery-mock` CLI's help output.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTERFACES, SCHEMA_FILES, isInterfaceName } from '../../src';
import { extractCodeBlocks } from './markdown-blocks';
import type { CodeBlock } from './markdown-blocks';
import { helpFlags, helpSection } from './shell-commands';
import type { CliDescription, ShellContext } from './shell-commands';

/** Repository root (absolute, no trailing slash). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/**
 * docs/ pages written and owned by other modules, left out of this check (they follow their own conventions);
 * every other page of docs/ is checked, including pages added later.
 */
export const DOCS_OWNED_ELSEWHERE: readonly string[] = ['docs/conformance.md'];

/** Markdown files whose code blocks are checked, repository-relative. */
export function checkedMarkdownFiles(): string[] {
  const docs = readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
    .filter((path) => !DOCS_OWNED_ELSEWHERE.includes(path))
    .sort();
  return [...docs, 'packages/sdk/README.md'];
}

/** Every code block of the checked files. */
export function checkedBlocks(): CodeBlock[] {
  return checkedMarkdownFiles().flatMap((file) =>
    extractCodeBlocks(file, readFileSync(join(REPO_ROOT, file), 'utf8')),
  );
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readJson = (path: string): PackageJson => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

/** package.json of the root and of every workspace package. */
function workspacePackages(): Array<{ dir: string; json: PackageJson }> {
  const dirs = ['packages/sdk', 'packages/mock-server'];
  for (const name of readdirSync(join(REPO_ROOT, 'packages/examples')))
    dirs.push(`packages/examples/${name}`);
  return dirs
    .filter((dir) => existsSync(join(REPO_ROOT, dir, 'package.json')))
    .map((dir) => ({ dir, json: readJson(join(REPO_ROOT, dir, 'package.json')) }));
}

/** Request fields of an interface, from its JSON Schema's top-level `properties`. */
function requestFields(activity: string): Set<string> | undefined {
  if (!isInterfaceName(activity)) return undefined;
  const file = SCHEMA_FILES[INTERFACES[activity].request];
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/sdk/schemas', file), 'utf8')) as {
    properties?: Record<string, unknown>;
  };
  return new Set(Object.keys(schema.properties ?? {}));
}

type RunCli = (
  argv: readonly string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void; env?: Record<string, string> },
) => Promise<number>;

/** Runs `koogallery-mock <argv>` in process and returns what it printed. */
async function cliOutput(runCli: RunCli, argv: readonly string[]): Promise<string> {
  let out = '';
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (out += s), env: {} });
  if (code !== 0) throw new Error(`koogallery-mock ${argv.join(' ')} exited with ${code}: ${out}`);
  return out;
}

/**
 * The CLI as its help output describes it. The module path is computed so that the SDK's type-check does not
 * pull the mock-server sources in; vitest resolves it at run time.
 */
export async function describeCli(): Promise<CliDescription & { mainHelp: string }> {
  const mainPath = join(REPO_ROOT, 'packages/mock-server/src/cli/main.ts');
  const { runCli } = (await import(/* @vite-ignore */ mainPath)) as { runCli: RunCli };
  const mainHelp = await cliOutput(runCli, ['--help']);
  const commands = new Map<string, Set<string>>();
  const helpTexts = new Map<string, string>();
  for (const command of helpSection(mainHelp, 'Commands')) {
    const text = command === 'help' ? '-h, --help' : await cliOutput(runCli, [command, '--help']);
    helpTexts.set(command, text);
    commands.set(command, helpFlags(text));
  }
  const trigger = helpTexts.get('trigger') ?? '';
  const triggerActions = new Set([
    ...helpSection(trigger, 'Buyer actions'),
    ...helpSection(trigger, 'Clock and jobs'),
    ...helpSection(trigger, 'Reading'),
    ...helpSection(trigger, 'Settlement'),
  ]);
  const callHelp = helpTexts.get('call') ?? '';
  return {
    mainHelp,
    commands,
    triggerActions,
    // An activity counts only when `call --help` lists it too.
    callFields: (activity) =>
      new RegExp(`\\b${activity}\\b`).test(callHelp) ? requestFields(activity) : undefined,
  };
}

/** The shell context for one Markdown file (reader files = snippet files shown on that page). */
export function shellContext(cli: CliDescription, blocks: readonly CodeBlock[]): ShellContext {
  const root = readJson(join(REPO_ROOT, 'package.json'));
  const packages = workspacePackages();
  const installable = new Set<string>();
  const binaries = new Set<string>(
    existsSync(join(REPO_ROOT, 'node_modules/.bin')) ? readdirSync(join(REPO_ROOT, 'node_modules/.bin')) : [],
  );
  const packageScripts = new Map<string, Set<string>>();
  for (const { json } of [{ json: root }, ...packages]) {
    for (const deps of [json.dependencies, json.devDependencies, json.peerDependencies]) {
      for (const name of Object.keys(deps ?? {})) installable.add(name);
    }
  }
  for (const { json } of packages) {
    if (json.name === undefined) continue;
    installable.add(json.name);
    packageScripts.set(json.name, new Set(Object.keys(json.scripts ?? {})));
    if (typeof json.bin === 'object') for (const bin of Object.keys(json.bin)) binaries.add(bin);
  }
  const readerFiles = new Set<string>();
  for (const block of blocks) {
    if (block.marker?.kind === 'snippet') readerFiles.add(basename(block.marker.path));
  }
  return {
    rootScripts: new Set(Object.keys(root.scripts ?? {})),
    packageScripts,
    installable,
    binaries,
    exists: (path) => existsSync(join(REPO_ROOT, path)),
    readerFiles,
    cli,
  };
}
