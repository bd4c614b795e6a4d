/**
 * Relative links of the checked Markdown files (docs/*.md but the pages owned elsewhere, and the SDK README)
 * must point at files that exist, and `#anchors` at headings that exist (GitHub's heading ids: lower case,
 * punctuation dropped, spaces as hyphens, `-1`, `-2`… for repeated headings).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, checkedMarkdownFiles } from './docs-context';

/** Markdown without its fenced code blocks and inline code spans (links and headings there do not count). */
function prose(markdown: string): string {
  return markdown.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\2[^\n]*$/gm, '');
}

/** GitHub's id of a heading text. */
export function headingId(text: string): string {
  return text
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every heading id of a Markdown file. */
export function headingIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingId(m[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  return ids;
}

/** Problems of the relative links of one file. */
function linkProblems(file: string): string[] {
  const markdown = readFileSync(join(REPO_ROOT, file), 'utf8');
  const problems: string[] = [];
  for (const m of prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1] ?? '';
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
    const [path = '', anchor] = target.split('#');
    const resolved = path === '' ? join(REPO_ROOT, file) : join(REPO_ROOT, dirname(file), path);
    if (!existsSync(resolved)) {
      problems.push(`${file}: link to ${target}: ${relative(REPO_ROOT, resolved)} does not exist`);
      continue;
    }
    if (
      anchor !== undefined &&
      resolved.endsWith('.md') &&
      !headingIds(readFileSync(resolved, 'utf8')).has(anchor)
    ) {
      problems.push(`${file}: link to ${target}: no heading with id "${anchor}"`);
    }
  }
  return problems;
}

describe('docs links', () => {
  it('point at files and headings that exist', () => {
    expect(checkedMarkdownFiles().flatMap(linkProblems)).toEqual([]);
  });

  it('compute GitHub heading ids', () => {
    expect(headingId('A lower-case `body-sign` header')).toBe('a-lower-case-body-sign-header');
    expect(headingId('License 2.0 interfaces')).toBe('license-20-interfaces');
    expect(headingId('APIG AK/SK (SDK-HMAC-SHA256)')).toBe('apig-aksk-sdk-hmac-sha256');
    expect([...headingIds('## Errors\n\n```md\n## Not a heading\n```\n\n## Errors\n')]).toEqual([
      'errors',
      'errors-1',
    ]);
  });
});
