/**
 * Every fenced code block of docs/*.md (except the pages other modules own, see DOCS_OWNED_ELSEWHERE) and of
 * packages/sdk/README.md is checked. The rules:
 *
 * 1. Language. The fence names one of: ts, typescript, js, javascript, sh, bash, shell, json, yaml, yml, text.
 *    A block without a language, or with another one, fails.
 * 2. Snippets. `<!-- snippet: <path> -->` on the last non-blank line before the fence: the block must equal the file
 *    (repository-relative path; trailing whitespace ignored), or with `<path>#<name>` the lines between
 *    `// #region <name>` and `// #endregion` (`# #region` in YAML/shell), dedented. Region marker lines are never
 *    shown. The file must be tested: a `*.test.ts` file, or a file a test imports or opens by a relative path.
 *    A snippet block is not checked further (its file is type-checked and run where it lives).
 * 3. TypeScript / JavaScript. Every other ts/js block is type-checked under the repository's strict compiler
 *    options against the SDK's sources, each block as its own module. The only names a block may use without
 *    importing or declaring them are the placeholders of DOC_PRELUDE (`handler`, `client`, `req`…), typed with the
 *    SDK's types. So a renamed export, option or method fails the check.
 *    A block flagged `run` (```` ```ts run ````) is also executed: it may import only the SDK's entry points and
 *    `node:crypto`, and every top-level `expression; // <literal>` statement is an assertion — the expression
 *    (unwrapped from `console.log(…)`) must deep-equal the literal (string, number, boolean, null, or arrays and
 *    objects of those). A comment that is not a literal (`// e.g. …`) is prose.
 * 4. Shell. Each command of an sh/bash/shell block must name something that exists: `npx pnpm@10 <x>` / `pnpm <x>`
 *    a pnpm command (install, add, exec, run) or a script of the root package.json (of the package with
 *    `--filter`); `npm install <names>` workspace packages or declared dependencies; `koogallery-mock <command>`
 *    a command of the CLI's `--help` and only flags its `<command> --help` lists (`call <activity>` also takes the
 *    activity's request fields as `--<field>`, `trigger <action>` needs a listed action; `npx
 *    @koogallery-kit/mock-server <command>` and `npx --package <tarball> koogallery-mock` alike); `npx <bin>` /
 *    `pnpm exec <bin>` a binary of the workspace; `tsx` / `node` / `bash` a file of the repository or the name of
 *    a snippet file shown on the same page. Only a few generic programs (cd, export, curl…) are not checked.
 * 5. JSON blocks parse; with `<!-- schema: <name> -->` before the fence, they also validate against that schema:
 *    an SDK schema name (`newInstanceRequest`…) or `koogallery-mock-config` (the mock's `--config` file).
 * 6. YAML blocks must be snippets (no YAML parser is a dependency). Text blocks (diagrams, output) are free.
 *
 * The last describe block feeds the checker broken blocks to show that each rule can fail.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSchemaName, validateSchema, describeIssues } from '../../src';
import type { CodeBlock } from './markdown-blocks';
import { extractCodeBlocks } from './markdown-blocks';
import { REPO_ROOT, checkedBlocks, checkedMarkdownFiles, describeCli, shellContext } from './docs-context';
import { checkCommand, splitCommands } from './shell-commands';
import type { CliDescription } from './shell-commands';
import { isTested, snippetText, testedFiles } from './snippet-files';
import { TS_LANGS, runBlock, typeCheckBlocks } from './ts-blocks';
import type { ModuleLoader } from './ts-blocks';

const LANGS = new Set([...TS_LANGS, 'sh', 'bash', 'shell', 'json', 'yaml', 'yml', 'text']);
const SHELL = new Set(['sh', 'bash', 'shell']);
const at = (b: CodeBlock): string => `${b.file}:${b.line}`;

/** Modules a `run` block may import. */
const RUNNABLE: Record<string, () => Promise<Record<string, unknown>>> = {
  '@koogallery-kit/sdk': () => import('@koogallery-kit/sdk'),
  '@koogallery-kit/sdk/testing': () => import('@koogallery-kit/sdk/testing'),
  '@koogallery-kit/sdk/platform': () => import('@koogallery-kit/sdk/platform'),
  '@koogallery-kit/sdk/fetch': () => import('@koogallery-kit/sdk/fetch'),
  '@koogallery-kit/sdk/node': () => import('@koogallery-kit/sdk/node'),
  '@koogallery-kit/sdk/express': () => import('@koogallery-kit/sdk/express'),
  'node:crypto': () => import('node:crypto'),
};
const load: ModuleLoader = (specifier) => RUNNABLE[specifier]?.();

/** Validators of schemas that are not the SDK's: name → problems of a value. */
type ExtraSchemas = Readonly<Record<string, (value: unknown) => string[]>>;

/** Problems of the rules that need no compiler: language, markers, snippets, JSON, YAML. */
function staticProblems(
  blocks: readonly CodeBlock[],
  tested: ReadonlySet<string>,
  extraSchemas: ExtraSchemas = {},
): string[] {
  const problems: string[] = [];
  for (const b of blocks) {
    if (!LANGS.has(b.lang)) {
      problems.push(`${at(b)}: fence language "${b.lang}" is not one of ${[...LANGS].join(', ')}`);
      continue;
    }
    const unknownFlags = b.flags.filter((f) => !(f === 'run' && TS_LANGS.has(b.lang)));
    if (unknownFlags.length > 0) problems.push(`${at(b)}: unknown fence flag(s) ${unknownFlags.join(' ')}`);
    const m = b.marker;
    if (m?.kind === 'unknown') problems.push(`${at(b)}: unknown marker <!-- ${m.text} -->`);
    if (m?.kind === 'snippet') {
      const expected = snippetText(REPO_ROOT, m.path, m.region);
      if (!expected.ok) problems.push(`${at(b)}: ${expected.error}`);
      else if (expected.text !== b.code) {
        problems.push(
          `${at(b)}: differs from ${m.path}${m.region ? `#${m.region}` : ''}; copy the file's text into the block`,
        );
      }
      if (!isTested(tested, m.path)) problems.push(`${at(b)}: ${m.path} is not used by any test`);
      if (b.flags.includes('run'))
        problems.push(`${at(b)}: a snippet block is not run from the docs (its test runs it)`);
      continue;
    }
    if (m?.kind === 'schema' && b.lang !== 'json')
      problems.push(`${at(b)}: a schema marker needs a json block`);
    if (b.lang === 'json') {
      let value: unknown;
      try {
        value = JSON.parse(b.code);
      } catch (error) {
        problems.push(`${at(b)}: not JSON (${error instanceof Error ? error.message : String(error)})`);
        continue;
      }
      if (m?.kind === 'schema') {
        const extra = extraSchemas[m.schema];
        if (extra) problems.push(...extra(value).map((p) => `${at(b)}: breaks ${m.schema}: ${p}`));
        else if (!isSchemaName(m.schema)) problems.push(`${at(b)}: unknown schema "${m.schema}"`);
        else {
          const result = validateSchema(m.schema, value);
          if (!result.ok) problems.push(`${at(b)}: breaks ${m.schema}: ${describeIssues(result.issues)}`);
        }
      }
    }
    if ((b.lang === 'yaml' || b.lang === 'yml') && m === undefined) {
      problems.push(`${at(b)}: a YAML block must be a snippet of a tested file`);
    }
  }
  return problems;
}

/** Problems of the shell blocks of one page. */
function shellProblems(pageBlocks: readonly CodeBlock[], cli: CliDescription): string[] {
  const ctx = shellContext(cli, pageBlocks);
  return pageBlocks
    .filter((b) => SHELL.has(b.lang) && b.marker?.kind !== 'snippet')
    .flatMap((b) => {
      try {
        return splitCommands(b.code).flatMap((words) =>
          checkCommand(words, ctx).map((p) => `${at(b)}: \`${words.join(' ')}\`: ${p}`),
        );
      } catch (error) {
        return [`${at(b)}: ${error instanceof Error ? error.message : String(error)}`];
      }
    });
}

const blocks = checkedBlocks();
const byFile = new Map<string, CodeBlock[]>();
for (const b of blocks) byFile.set(b.file, [...(byFile.get(b.file) ?? []), b]);
const isCode = (b: CodeBlock): boolean => TS_LANGS.has(b.lang) && b.marker?.kind !== 'snippet';

let cli: CliDescription;
let tested: Set<string>;
let extraSchemas: ExtraSchemas;
beforeAll(async () => {
  cli = await describeCli();
  tested = testedFiles(REPO_ROOT);
  // The mock's configuration file, validated by the mock's own validator (computed path: see describeCli).
  const configModule = join(REPO_ROOT, 'packages/mock-server/src/config/index.ts');
  const { validateMockConfig } = (await import(/* @vite-ignore */ configModule)) as {
    validateMockConfig: (value: unknown) => Array<{ path: string; message: string }>;
  };
  extraSchemas = {
    'koogallery-mock-config': (value) => validateMockConfig(value).map((p) => `${p.path}: ${p.message}`),
  };
});

describe('docs code blocks', () => {
  it('covers every page of docs/ (but the ones owned elsewhere) and the SDK README', () => {
    const files = checkedMarkdownFiles();
    expect(files).toContain('packages/sdk/README.md');
    for (const page of ['README', 'getting-started', 'production-interfaces', 'signatures', 'retries']) {
      expect(files).toContain(`docs/${page}.md`);
    }
    for (const page of ['result-codes', 'migrating-from-v1', 'troubleshooting'])
      expect(files).toContain(`docs/${page}.md`);
    expect(blocks.length).toBeGreaterThan(40);
  });

  it('use an allowed language; snippets equal their tested files; JSON parses and validates', () => {
    expect(staticProblems(blocks, tested, extraSchemas)).toEqual([]);
  });

  it('type-check (TypeScript and JavaScript blocks)', { timeout: 180_000 }, () => {
    const problems = typeCheckBlocks(REPO_ROOT, blocks.filter(isCode)).flatMap((p) => p.problems);
    expect(problems).toEqual([]);
  });

  it('name only existing scripts, binaries, commands and flags (shell blocks)', () => {
    const problems = [...byFile.values()].flatMap((pageBlocks) => shellProblems(pageBlocks, cli));
    expect(problems).toEqual([]);
  });

  describe.each(
    [...byFile.entries()].filter(([, bs]) => bs.some((b) => isCode(b) && b.flags.includes('run'))),
  )('run blocks of %s', (_file, pageBlocks) => {
    it.each(pageBlocks.filter((b) => isCode(b) && b.flags.includes('run')).map((b) => [b.line, b] as const))(
      'line %i runs and its // assertions hold',
      async (_line, block) => {
        await expect(runBlock(block, load)).resolves.toMatchObject({
          assertions: expect.any(Number) as number,
        });
      },
    );
  });

  it('every snippet file under test/docs/snippets is shown in the docs', () => {
    const dir = join(REPO_ROOT, 'packages/sdk/test/docs/snippets');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const full = join(d, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) files.push(relative(REPO_ROOT, full));
      }
    };
    walk(dir);
    const shown = new Set(blocks.flatMap((b) => (b.marker?.kind === 'snippet' ? [b.marker.path] : [])));
    expect(files.filter((f) => !shown.has(f))).toEqual([]);
  });
});

describe('the docs check fails on broken blocks', () => {
  const page = (markdown: string): CodeBlock[] => extractCodeBlocks('docs/example.md', markdown);

  it('an unknown language, an unclosed fence, a missing language', () => {
    expect(staticProblems(page('```python\nprint(1)\n```\n'), new Set())).toEqual([
      expect.stringContaining('fence language "python"'),
    ]);
    expect(staticProblems(page('```\nplain\n```\n'), new Set())).toEqual([
      expect.stringContaining('fence language ""'),
    ]);
    expect(() => page('```ts\nconst a = 1;\n')).toThrow(/never closed/);
  });

  it('a snippet that differs from its file, names a missing region or an untested file', () => {
    const readmeSeller = 'packages/sdk/test/handler/fixtures/readme-seller.ts';
    const copy = readFileSync(join(REPO_ROOT, readmeSeller), 'utf8').trimEnd();
    const ok = page(`<!-- snippet: ${readmeSeller} -->\n\`\`\`ts\n${copy}\n\`\`\`\n`);
    expect(staticProblems(ok, tested)).toEqual([]);
    const changed = page(
      `<!-- snippet: ${readmeSeller} -->\n\`\`\`ts\n${copy.replace('tenants', 'tenant')}\n\`\`\`\n`,
    );
    expect(staticProblems(changed, tested)).toEqual([expect.stringContaining('differs from')]);
    const region = page(`<!-- snippet: ${readmeSeller}#nope -->\n\`\`\`ts\nx\n\`\`\`\n`);
    expect(staticProblems(region, tested)).toEqual([expect.stringContaining('no "#region nope"')]);
    const untested = page('<!-- snippet: vitest.config.ts -->\n```ts\nx\n```\n');
    expect(staticProblems(untested, tested)).toEqual(
      expect.arrayContaining([expect.stringContaining('is not used by any test')]),
    );
  });

  it('JSON that does not parse or breaks its schema', () => {
    expect(staticProblems(page('```json\n{"a":1,}\n```\n'), new Set())).toEqual([
      expect.stringContaining('not JSON'),
    ]);
    const tooLong = `<!-- schema: newInstanceResponse -->\n\`\`\`json\n{"resultCode":"000000","instanceId":"${'x'.repeat(65)}"}\n\`\`\`\n`;
    expect(staticProblems(page(tooLong), new Set())).toEqual([expect.stringContaining('instanceId')]);
    const badConfig =
      '<!-- schema: koogallery-mock-config -->\n```json\n{"retrySchedules":{"newInstance":{"kind":"often"}}}\n```\n';
    const configProblems = staticProblems(page(badConfig), new Set(), extraSchemas);
    expect(configProblems.length).toBeGreaterThan(0);
    expect(configProblems.every((p) => p.includes('breaks koogallery-mock-config: retrySchedules'))).toBe(
      true,
    );
  });

  it('a renamed function, a wrong option, an undeclared name', { timeout: 180_000 }, () => {
    const broken = page(
      [
        "```ts\nimport { signRequests } from '@koogallery-kit/sdk';\nsignRequests;\n```",
        "```ts\nimport { createClient } from '@koogallery-kit/sdk';\ncreateClient({ accessKey: 'a', secretKey: 's', regin: 'cn' });\n```",
        '```ts\nconsole.log(platform);\n```',
        "```ts\nimport { createFetchHandler } from '@koogallery-kit/sdk/fetch';\nconst h = createFetchHandler(handler);\nvoid h;\n```",
      ].join('\n\n'),
    );
    const problems = typeCheckBlocks(REPO_ROOT, broken);
    expect(problems.map((p) => p.block.line)).toEqual([1, 6, 11]);
    expect(problems.flatMap((p) => p.problems).join('\n')).toMatch(/signRequests[\s\S]*regin[\s\S]*platform/);
  });

  it('a run block whose // comment is wrong, or that imports something else', async () => {
    const [wrong, foreign, prose] = page(
      [
        '```ts run\nimport { canonicalJson } from \'@koogallery-kit/sdk\';\ncanonicalJson({ b: 1, a: 2 }); // \'{"b":1,"a":2}\'\n```',
        "```ts run\nimport { readFileSync } from 'node:fs';\nreadFileSync;\n```",
        "```ts run\nimport { canonicalJson } from '@koogallery-kit/sdk';\ncanonicalJson({ b: 1, a: 2 }); // e.g. sorted\n```",
      ].join('\n\n'),
    );
    await expect(runBlock(wrong as CodeBlock, load)).rejects.toThrow(/docs\/example\.md:3: the comment says/);
    await expect(runBlock(foreign as CodeBlock, load)).rejects.toThrow(/may not import "node:fs"/);
    await expect(runBlock(prose as CodeBlock, load)).resolves.toMatchObject({ assertions: 0 });
  });

  it('a renamed CLI flag or command, an unknown script, binary, package or file', () => {
    const broken = page(
      [
        '```sh',
        'koogallery-mock contract --seller-uri http://127.0.0.1:8080/produce',
        'koogallery-mock serve --port 8787',
        'koogallery-mock call newInstance --seller-url http://x --instance-idd i-1',
        'koogallery-mock trigger buy --product crm',
        'npx pnpm@10 startt',
        'npx pnpm@10 exec tsx scripts/nope.ts',
        'npm install @koogallery-kit/sdkk',
        'npx koogallery-mok --help',
        'python3 x.py',
        'npx --yes @koogallery-kit/mock-server contrakt --seller-url http://x',
        '```',
      ].join('\n'),
    );
    const problems = shellProblems(broken, cli);
    expect(problems).toHaveLength(10);
    for (const text of [
      '--seller-uri',
      '"serve"',
      '--instance-idd',
      '"buy"',
      'startt',
      'scripts/nope.ts',
      'sdkk',
      'koogallery-mok',
      'python3',
      '"contrakt"',
    ]) {
      expect(problems.some((p) => p.includes(text))).toBe(true);
    }
    const fine = page(
      '```sh\nKOOGALLERY_ACCESS_KEY=k koogallery-mock contract --seller-url http://127.0.0.1:8080/produce \\\n  --key "$KEY" --reporter junit --output report.xml  # CI\n```',
    );
    expect(shellProblems(fine, cli)).toEqual([]);
  });
});
