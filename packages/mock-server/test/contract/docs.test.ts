/**
 * docs/conformance.md documents every check: each id outside the console checks literally, the console checks as
 * `<interface>.<aspect>` with every aspect and every interface named.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractHelpText } from '../../src/cli/commands/contract';
import { CONSOLE_ASPECTS, CONTRACT_CHECKS } from '../../src/contract';

const doc = readFileSync(new URL('../../../../docs/conformance.md', import.meta.url), 'utf8');
const aspectIds = new Set(CONSOLE_ASPECTS.map((a) => a.id));
const isConsole = (id: string): boolean => aspectIds.has(id.slice(id.indexOf('.') + 1));

describe('docs/conformance.md', () => {
  it('lists every check id that is not a console aspect, with a row of its own', () => {
    for (const c of CONTRACT_CHECKS.filter((x) => !isConsole(x.id))) {
      expect(doc, c.id).toMatch(new RegExp(`^\\| \`${c.id.replace('.', '\\.')}\` \\|`, 'm'));
    }
  });

  it('gives every check and every console aspect its verdict rules and spec section', () => {
    const rows = [...CONTRACT_CHECKS.filter((x) => !isConsole(x.id)).map((c) => c.id), ...[...aspectIds]].map(
      (id) => doc.split('\n').find((line) => line.startsWith(`| \`${id}\` |`)) ?? id,
    );
    for (const row of rows) {
      const cells = row.split(' | ');
      expect(cells.length, row).toBe(4);
      expect(cells[2], row).toMatch(/fail/);
      expect(cells[2], row).toMatch(/§\d/);
    }
  });

  it('documents the three verdicts and --strict', () => {
    for (const word of [
      '`passed`',
      '`warned`',
      '`failed`',
      '`skipped`',
      '--strict',
      'Root causes',
      'redactCredentials',
    ]) {
      expect(doc).toContain(word.replace('Root causes', 'Root causes first'));
    }
  });

  it('documents every console aspect and every interface that has console checks', () => {
    for (const aspect of aspectIds) expect(doc).toMatch(new RegExp(`^\\| \`${aspect}\` \\|`, 'm'));
    const interfaces = new Set(CONTRACT_CHECKS.filter((c) => isConsole(c.id)).map((c) => c.group));
    for (const name of interfaces) expect(doc).toContain(name);
  });
});

describe('the README section "Conformance suite"', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Conformance suite'));

  it('exists and carries a GitHub Actions job that runs the suite with the JUnit reporter', () => {
    expect(readme).toContain('## Conformance suite');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(yaml).toMatch(/runs-on: ubuntu-latest/);
    expect(yaml).toMatch(/koogallery-mock contract/);
    expect(yaml).toMatch(/--reporter junit --output contract-report\.xml/);
    expect(yaml).toMatch(/actions\/upload-artifact/);
  });

  it('documents every option of the command', () => {
    const options = contractHelpText().match(/^ {2}(--[a-z-]+)/gm) ?? [];
    expect(options.length).toBeGreaterThan(10);
    for (const option of options.map((o) => o.trim())) {
      expect(section, option).toContain(option);
    }
  });
});
