// The README's shell blocks name only what exists: the repository's checker of documentation commands
// (packages/sdk/test/docs) checks every command — scripts, binaries, `koogallery-mock` commands and their flags,
// directories — and the script's own options are the ones its --help lists. `sqlite3` (the SQLite shell) is the
// one program it uses beyond the checker's generic ones.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { describeCli, shellContext } from '../../../sdk/test/docs/docs-context';
import { extractCodeBlocks } from '../../../sdk/test/docs/markdown-blocks';
import { checkCommand, splitCommands, type ShellContext } from '../../../sdk/test/docs/shell-commands';
import { HELP } from '../src';

const README = 'packages/examples/reconciliation/README.md';
const blocks = extractCodeBlocks(
  README,
  readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8'),
);
const commands = blocks.filter((b) => b.lang === 'sh').flatMap((b) => splitCommands(b.code));
let ctx: ShellContext;

beforeAll(async () => {
  ctx = shellContext(await describeCli(), blocks);
}, 60_000);

it('every command of the README exists, with the flags its help lists', () => {
  expect(commands.length).toBeGreaterThan(8);
  const problems = commands
    .filter((words) => words[0] !== 'sqlite3')
    .flatMap((words) => checkCommand(words, ctx).map((p) => `${words.join(' ')}: ${p}`));
  expect(problems).toEqual([]);
  expect(commands.some((words) => words[0] === 'sqlite3')).toBe(true);
});

it("the script's options in the README are the ones its --help lists", () => {
  const runs = commands.filter((w) => w.includes('start') && w.includes('--period'));
  expect(runs.length).toBe(2);
  for (const words of runs) {
    for (const flag of words.filter((w) => w.startsWith('--') && w !== '--yes')) {
      expect(HELP, flag).toContain(`${flag} `);
    }
  }
});
