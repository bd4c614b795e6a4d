/**
 * TypeScript/JavaScript code blocks of the docs: type-checked as one program against the SDK's sources, and —
 * for blocks flagged `run` — executed, with `expression; // <literal>` comments checked as assertions.
 */
import { join } from 'node:path';
import { isDeepStrictEqual, inspect } from 'node:util';
import ts from 'typescript';
import type { CodeBlock } from './markdown-blocks';

/**
 * Ambient placeholders a block may use without declaring them: the values a reader already has in their own
 * program (a handler, a client, a request). Everything else must be imported or declared by the block itself, so
 * a renamed export or option breaks the check. Typed with the SDK's own types.
 */
export const DOC_PRELUDE = `
type _Sdk = typeof import('@koogallery-kit/sdk');
declare const handler: import('@koogallery-kit/sdk').ProductionHandler;
declare const honoApp: import('hono').Hono;
declare const accessKey: string;
declare const reply: unknown;
declare const parsed: unknown;
declare const client: import('@koogallery-kit/sdk').KooGalleryClient;
declare const orderId: string;
declare function scheduleLater(delayMs: number | undefined): void;
declare const tenant: { domainName: string };
declare const clientId: string;
declare const clientSecret: string;
declare const redirectUri: string;
declare const req: { url: string };
declare const session: { state: string };
declare const db: {
  findInstanceByOrderLine(orderId: string, orderLineId: string): Promise<{ instanceId: string } | undefined>;
  insertInstance(row: { instanceId: string; orderId: string; orderLineId: string }): Promise<void>;
};
declare const redis: import('ioredis').Redis;
`;

/** Languages checked as TypeScript or JavaScript. */
export const TS_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'js', 'javascript']);

const isJs = (lang: string): boolean => lang === 'js' || lang === 'javascript';

/** Where a block's virtual file lives: inside packages/sdk so bare imports resolve like the SDK's tests. */
function virtualName(repoRoot: string, block: CodeBlock, index: number): string {
  const slug = block.file.replace(/[^A-Za-z0-9]+/g, '-');
  return join(
    repoRoot,
    'packages/sdk/test/docs/.blocks',
    `${slug}-L${block.line}-${index}.${isJs(block.lang) ? 'js' : 'ts'}`,
  );
}

/** Compiler options: the repository's strict base, with the SDK's entry points mapped to its sources. */
function compilerOptions(repoRoot: string): ts.CompilerOptions {
  const read = ts.readConfigFile(join(repoRoot, 'tsconfig.base.json'), (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot);
  return {
    ...parsed.options,
    noEmit: true,
    allowJs: true,
    checkJs: true,
    paths: {
      '@koogallery-kit/sdk': [join(repoRoot, 'packages/sdk/src/index.ts')],
      '@koogallery-kit/sdk/*': [join(repoRoot, 'packages/sdk/src/entries/*.ts')],
    },
  };
}

/** Problems of one block, as `file:line: message` strings with the Markdown line numbers. */
export interface BlockProblems {
  block: CodeBlock;
  problems: string[];
}

/**
 * Type-checks every block as its own module (an `export {}` is appended, so blocks never share names), with
 * {@link DOC_PRELUDE} as the only ambient context. Returns the blocks that have problems.
 */
export function typeCheckBlocks(repoRoot: string, blocks: readonly CodeBlock[]): BlockProblems[] {
  const options = compilerOptions(repoRoot);
  const files = new Map<string, { block: CodeBlock; text: string }>();
  blocks.forEach((block, i) =>
    files.set(virtualName(repoRoot, block, i), { block, text: `${block.code}\nexport {};\n` }),
  );
  const preludeName = join(repoRoot, 'packages/sdk/test/docs/.blocks/doc-prelude.d.ts');
  const host = ts.createCompilerHost(options, true);
  const readVirtual = (name: string): string | undefined =>
    name === preludeName ? DOC_PRELUDE : files.get(name)?.text;
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, shouldCreate) => {
    const text = readVirtual(name);
    return text === undefined
      ? getSourceFile(name, language, onError, shouldCreate)
      : ts.createSourceFile(name, text, language, true);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => readVirtual(name) !== undefined || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => readVirtual(name) ?? readFile(name);
  host.getCurrentDirectory = () => join(repoRoot, 'packages/sdk');

  const program = ts.createProgram({ rootNames: [preludeName, ...files.keys()], options, host });
  const out: BlockProblems[] = [];
  const preludeDiagnostics = [
    ...program.getSyntacticDiagnostics(program.getSourceFile(preludeName)),
    ...program.getSemanticDiagnostics(program.getSourceFile(preludeName)),
  ];
  if (preludeDiagnostics.length > 0) {
    throw new Error(
      `The docs prelude does not compile: ${preludeDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`,
    );
  }
  for (const [name, { block }] of files) {
    const sf = program.getSourceFile(name);
    if (!sf) throw new Error(`internal: no source file for ${name}`);
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    if (diagnostics.length === 0) continue;
    out.push({
      block,
      problems: diagnostics.map((d) => {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
        return `${block.file}:${block.line + 1 + line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      }),
    });
  }
  return out;
}

/** Parses `text` as a literal (string, number, boolean, null, or arrays/objects of literals); undefined otherwise. */
export function parseLiteralComment(text: string): { value: unknown } | undefined {
  const sf = ts.createSourceFile('comment.ts', `(${text});`, ts.ScriptTarget.ES2022, true);
  // Syntax errors are not exposed on the public SourceFile type; transpiling with diagnostics reports them.
  const syntaxErrors = ts.transpileModule(`(${text});`, { reportDiagnostics: true }).diagnostics ?? [];
  if (sf.statements.length !== 1 || syntaxErrors.length > 0) return undefined;
  const statement = sf.statements[0];
  if (!statement || !ts.isExpressionStatement(statement)) return undefined;
  const isLiteral = (n: ts.Node): boolean => {
    if (ts.isParenthesizedExpression(n)) return isLiteral(n.expression);
    if (ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return true;
    if (n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword) return true;
    if (n.kind === ts.SyntaxKind.NullKeyword) return true;
    if (ts.isPrefixUnaryExpression(n))
      return n.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(n.operand);
    if (ts.isArrayLiteralExpression(n)) return n.elements.every(isLiteral);
    if (ts.isObjectLiteralExpression(n)) {
      return n.properties.every(
        (p) =>
          ts.isPropertyAssignment(p) &&
          (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
          isLiteral(p.initializer),
      );
    }
    return false;
  };
  if (!isLiteral(statement.expression)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- evaluates a docs literal that isLiteral() checked above
  return { value: new Function(`return (${text});`)() as unknown };
}

/** One assertion found in a run block. */
interface Assertion {
  /** Start and end offsets of the statement in the block. */
  start: number;
  end: number;
  /** The expression's source (unwrapped from `console.log(…)`). */
  expression: string;
  /** The comment's literal source. */
  literal: string;
  /** 1-based line within the block. */
  line: number;
}

/** Top-level `expression; // literal` statements of a block. */
export function findAssertions(code: string): Assertion[] {
  const sf = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true);
  const out: Assertion[] = [];
  for (const statement of sf.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const comment = ts
      .getTrailingCommentRanges(code, statement.end)
      ?.find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia);
    if (!comment) continue;
    const literal = code.slice(comment.pos + 2, comment.end).trim();
    if (parseLiteralComment(literal) === undefined) continue;
    let expression: ts.Expression = statement.expression;
    if (
      ts.isCallExpression(expression) &&
      expression.getText(sf).startsWith('console.log(') &&
      expression.arguments.length === 1 &&
      expression.arguments[0]
    ) {
      expression = expression.arguments[0];
    }
    out.push({
      start: statement.getStart(sf),
      end: statement.end,
      expression: expression.getText(sf),
      literal,
      line: sf.getLineAndCharacterOfPosition(statement.getStart(sf)).line + 1,
    });
  }
  return out;
}

/** Modules a run block may import, loaded through vitest (so the SDK resolves to its sources). */
export type ModuleLoader = (specifier: string) => Promise<Record<string, unknown>> | undefined;

/** What running a block produced. */
export interface RunResult {
  /** Number of `// literal` assertions checked. */
  assertions: number;
  /** What the block printed with console.log / console.error. */
  output: string[];
}

/**
 * Runs a block: transpiled to CommonJS, `require` served by `load` (only allow-listed modules), and every
 * `expression; // literal` statement replaced by a deep-equality check. Rejects with `file:line: …` on the first
 * failure.
 */
export async function runBlock(block: CodeBlock, load: ModuleLoader): Promise<RunResult> {
  const assertions = findAssertions(block.code);
  let source = block.code;
  for (const a of [...assertions].reverse()) {
    source = `${source.slice(0, a.start)}__check(${a.expression}, ${a.literal}, ${a.line});${source.slice(a.end)}`;
  }
  const js = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      verbatimModuleSyntax: false,
      isolatedModules: true,
    },
  }).outputText;
  const specifiers = [...js.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
  const modules = new Map<string, unknown>();
  for (const specifier of specifiers) {
    const loading = load(specifier);
    if (loading === undefined) {
      throw new Error(`${block.file}:${block.line}: a run block may not import ${JSON.stringify(specifier)}`);
    }
    modules.set(specifier, { __esModule: true, ...(await loading) });
  }
  const output: string[] = [];
  const quietConsole = {
    log: (...args: unknown[]) =>
      output.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')),
    error: (...args: unknown[]) =>
      output.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')),
    warn: (...args: unknown[]) =>
      output.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')),
  };
  let checked = 0;
  const check = (actual: unknown, expected: unknown, line: number): void => {
    checked++;
    if (!isDeepStrictEqual(actual, expected)) {
      throw new Error(
        `${block.file}:${block.line + line}: the comment says ${inspect(expected)} but the expression gives ${inspect(actual)}`,
      );
    }
  };
  const asyncPrototype = Object.getPrototypeOf(async () => undefined) as {
    constructor: new (...args: string[]) => (...args: unknown[]) => Promise<void>;
  };
  const AsyncFunction = asyncPrototype.constructor;
  const fn = new AsyncFunction('require', 'exports', 'module', 'console', '__check', js);
  const exportsObject = {};
  try {
    await fn((s: string) => modules.get(s), exportsObject, { exports: exportsObject }, quietConsole, check);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`${block.file}:`)) throw error;
    throw new Error(
      `${block.file}:${block.line}: the block threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
  return { assertions: checked, output };
}
