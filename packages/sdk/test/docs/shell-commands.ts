/**
 * Shell blocks of the docs: every command must name a script, binary, file and flag that exists. A small shell
 * tokenizer (quotes, `\` continuations, `#` comments, `&&` `||` `|` `;` separators, redirections) splits a block
 * into commands; each command is checked by the rules of its program.
 */

/** The CLI of @koogallery-kit/mock-server as its `--help` output describes it. */
export interface CliDescription {
  /** Command name → every `--flag` (and `-h`) its `--help` text lists. */
  commands: ReadonlyMap<string, ReadonlySet<string>>;
  /** `trigger` actions listed in `koogallery-mock trigger --help`. */
  triggerActions: ReadonlySet<string>;
  /** Request fields of an activity `call` accepts as `--<field>` flags; undefined for an unknown activity. */
  callFields: (activity: string) => ReadonlySet<string> | undefined;
}

/** What the shell check knows about the repository. */
export interface ShellContext {
  /** Scripts of the root package.json. */
  rootScripts: ReadonlySet<string>;
  /** Workspace package name → its scripts. */
  packageScripts: ReadonlyMap<string, ReadonlySet<string>>;
  /** Names `npm install` / `pnpm add` may name: workspace packages and every declared dependency. */
  installable: ReadonlySet<string>;
  /** Binaries `npx` / `pnpm exec` may run (node_modules/.bin and workspace bins). */
  binaries: ReadonlySet<string>;
  /** True when a repository-relative path exists. */
  exists: (path: string) => boolean;
  /** Files the reader creates from snippets shown in the same document (e.g. `seller.ts`). */
  readerFiles: ReadonlySet<string>;
  cli: CliDescription;
}

/** Programs allowed without further checks (their arguments name nothing of this repository). */
const GENERIC = new Set([
  'cd',
  'mkdir',
  'export',
  'echo',
  'cat',
  'curl',
  'grep',
  'date',
  'git',
  'openssl',
  'redis-server',
]);

/** Splits a block into commands (arrays of words), dropping comments, redirections and env assignments. */
export function splitCommands(block: string): string[][] {
  const text = block.replace(/\\\n/g, ' ');
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unclosed ' in: ${block}`);
      word += text.slice(i + 1, close);
      inWord = true;
      i = close;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\') j++;
        word += text[j] ?? '';
      }
      if (j >= text.length) throw new Error(`unclosed " in: ${block}`);
      inWord = true;
      i = j;
    } else if (c === '\\') {
      word += text[i + 1] ?? '';
      inWord = true;
      i++;
    } else if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      endCommand();
    } else if (c === '\n' || c === ';') {
      endCommand();
    } else if (c === '&' || c === '|') {
      if (text[i + 1] === c) i++;
      endCommand();
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands
    .map((ws) => {
      const out: string[] = [];
      for (let i = 0; i < ws.length; i++) {
        const w = ws[i] ?? '';
        if (/^\d*>>?(&\d+)?$/.test(w) || w === '<') {
          if (!/&\d+$/.test(w)) i++; // skip the redirection target
          continue;
        }
        if (/^\d*>>?&?\S+$/.test(w)) continue; // 2>/dev/null
        out.push(w);
      }
      while (out.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(out[0] ?? '')) out.shift();
      return out;
    })
    .filter((ws) => ws.length > 0);
}

const packageName = (spec: string): string => {
  const at = spec.indexOf('@', 1);
  return at > 0 ? spec.slice(0, at) : spec;
};

/** A tarball `npx --yes pnpm@10 run pack:local` writes: `<dir>/koogallery-kit-<package>-<version or *>.tgz`. */
const PACKED_TARBALL = /(?:^|\/)koogallery-kit-(sdk|mock-server)-(?:\*|\d+\.\d+\.\d+[\w.-]*)\.tgz$/;

function checkInstall(args: readonly string[], ctx: ShellContext): string[] {
  return args
    .filter((a) => !a.startsWith('-'))
    .filter((a) => !PACKED_TARBALL.test(a))
    .map(packageName)
    .filter((name) => !ctx.installable.has(name))
    .map((name) => `"${name}" is neither a package of this repository nor a dependency any package declares`);
}

function checkFileArg(program: string, args: readonly string[], ctx: ShellContext): string[] {
  const file = args.find((a) => !a.startsWith('-'));
  if (file === undefined) return [`${program} needs a file`];
  if (ctx.exists(file) || ctx.readerFiles.has(file)) return [];
  return [
    `${program} ${file}: no such file in the repository, and no snippet of this page is saved under that name`,
  ];
}

/** Checks `koogallery-mock <args>` against the CLI's help output. */
export function checkCli(args: readonly string[], cli: CliDescription): string[] {
  const [command, ...rest] = args;
  if (command === undefined) return ['koogallery-mock needs a command'];
  if (command === '--help' || command === '-h' || command === '--version' || command === '-v') return [];
  const flags = cli.commands.get(command);
  if (!flags)
    return [`koogallery-mock has no command "${command}" (commands: ${[...cli.commands.keys()].join(', ')})`];
  const problems: string[] = [];
  const positional = rest[0] !== undefined && !rest[0].startsWith('-') ? rest[0] : undefined;
  let fields: ReadonlySet<string> | undefined;
  if (command === 'call') {
    if (positional === undefined) problems.push('koogallery-mock call needs an activity');
    else {
      fields = cli.callFields(positional);
      if (!fields) problems.push(`koogallery-mock call: unknown activity "${positional}"`);
    }
  } else if (command === 'trigger') {
    if (positional === undefined || !cli.triggerActions.has(positional)) {
      problems.push(
        `koogallery-mock trigger: unknown action "${positional ?? ''}" (actions: ${[...cli.triggerActions].join(', ')})`,
      );
    }
  } else if (command === 'help') {
    if (positional !== undefined && !cli.commands.has(positional))
      problems.push(`koogallery-mock help: no command "${positional}"`);
  }
  for (const arg of rest) {
    if (!arg.startsWith('-') || arg === '-') continue;
    const flag = arg.split('=')[0] ?? arg;
    if (flags.has(flag)) continue;
    if (fields && flag.startsWith('--')) {
      const field = flag.slice(2).replace(/-+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
      if (fields.has(field)) continue;
      problems.push(
        `koogallery-mock call ${positional ?? ''}: ${flag} is neither an option nor a request field`,
      );
      continue;
    }
    problems.push(`koogallery-mock ${command}: no option ${flag} in \`koogallery-mock ${command} --help\``);
  }
  return problems;
}

function checkPnpm(args: readonly string[], ctx: ShellContext): string[] {
  let filter: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--filter' || a === '-F') filter = args[++i];
    else if (a.startsWith('--filter=')) filter = a.slice('--filter='.length);
    else if (a === '-C' || a === '--dir') i++;
    else if (a === '-r' || a === '--recursive' || a === '-w' || a === '--silent' || a === '-s') continue;
    else break;
  }
  const command = args[i];
  const rest = args.slice(i + 1);
  if (command === undefined) return ['pnpm needs a command'];
  if (filter !== undefined && !ctx.packageScripts.has(filter))
    return [`pnpm --filter ${filter}: no such workspace package`];
  const scripts =
    filter === undefined ? ctx.rootScripts : (ctx.packageScripts.get(filter) ?? new Set<string>());
  switch (command) {
    case 'install':
    case 'i':
    case 'pack':
      return [];
    case 'add':
      return checkInstall(rest, ctx);
    case 'exec':
      return checkBinary(rest, ctx, 'pnpm exec');
    case 'run': {
      const script = rest[0];
      return script !== undefined && scripts.has(script) ? [] : [`pnpm run ${script ?? ''}: no such script`];
    }
    default:
      return scripts.has(command)
        ? []
        : [`pnpm ${command}: neither a pnpm command these docs use nor a script`];
  }
}

function checkBinary(args: readonly string[], ctx: ShellContext, via: string): string[] {
  const [bin, ...rest] = args;
  if (bin === undefined) return [`${via} needs a program`];
  if (bin === 'pnpm' || bin.startsWith('pnpm@')) return checkPnpm(rest, ctx);
  // `npx @koogallery-kit/mock-server <command>` runs the package's only bin, koogallery-mock.
  if (bin === 'koogallery-mock' || /^@koogallery-kit\/mock-server(@[^/]+)?$/.test(bin))
    return checkCli(rest, ctx.cli);
  if (bin === 'tsx' || bin === 'node') return checkFileArg(bin, rest, ctx);
  if (ctx.binaries.has(bin)) return [];
  return [`${via} ${bin}: no such binary in the workspace`];
}

/** Problems of one command (its words). */
export function checkCommand(words: readonly string[], ctx: ShellContext): string[] {
  const [program, ...args] = words;
  if (program === undefined) return [];
  if (program === 'npx') {
    // `--package <spec>` (a registry name or a local tarball) only says where the binary comes from.
    const rest = args.filter(
      (a, i) => a !== '-y' && a !== '--yes' && !a.startsWith('--package') && args[i - 1] !== '--package',
    );
    return checkBinary(rest, ctx, 'npx');
  }
  if (program === 'pnpm' || program.startsWith('pnpm@')) return checkPnpm(args, ctx);
  if (program === 'koogallery-mock') return checkCli(args, ctx.cli);
  if (program === 'tsx' || program === 'node') return checkFileArg(program, args, ctx);
  if (program === 'npm') {
    const [command, ...rest] = args;
    if (command === 'install' || command === 'i' || command === 'add') return checkInstall(rest, ctx);
    if (command === 'init') return [];
    return [`npm ${command ?? ''}: only npm install and npm init are used in these docs`];
  }
  if (program === 'bash' || program === 'sh') return checkFileArg(program, args, ctx);
  if (GENERIC.has(program)) {
    if (program === 'cd' && args[0]?.startsWith('packages/') && !ctx.exists(args[0])) {
      return [`cd ${args[0]}: no such directory`];
    }
    return [];
  }
  return [
    `unknown program "${program}" (allowed: npx, pnpm, npm, koogallery-mock, tsx, node, bash, ${[...GENERIC].join(', ')})`,
  ];
}

/** Every `--flag` and `-x` a help text lists. */
export function helpFlags(text: string): Set<string> {
  const flags = new Set<string>();
  for (const m of text.matchAll(/(?<![\w-])(--[a-z][a-z0-9-]*|-[a-z])\b/g)) flags.add(m[1] ?? '');
  return flags;
}

/** First words of the lines of a help section (`Commands`, `Buyer actions`…), up to the next blank line. */
export function helpSection(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === title);
  if (start < 0) return [];
  const out: string[] = [];
  for (let i = start + 1; i < lines.length && (lines[i] ?? '').trim() !== ''; i++) {
    const m = /^ {2}([a-z][\w-]*)/.exec(lines[i] ?? '');
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}
