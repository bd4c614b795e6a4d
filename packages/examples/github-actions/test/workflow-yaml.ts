// A small parser for the YAML subset GitHub Actions workflows use (block maps and lists, plain and quoted
// scalars, `|` and `>` block scalars, comments), so the test can check the workflow's structure without a YAML
// dependency. Anything outside the subset (flow collections, anchors, multi-document files) throws.

/** A parsed YAML node. Scalars stay strings (`20` → `'20'`); an empty value is null. */
export type YamlNode = string | null | YamlNode[] | { [key: string]: YamlNode };

interface Cursor {
  lines: string[];
  i: number;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isSkippable = (line: string): boolean => line.trim() === '' || line.trimStart().startsWith('#');

/** Index of the next line that carries content, from `i`. */
function nextContent(c: Cursor): number {
  let i = c.i;
  while (i < c.lines.length && isSkippable(c.lines[i] as string)) i += 1;
  return i;
}

function scalar(raw: string): string | null {
  let text = raw.trim();
  if (text.startsWith('"') || text.startsWith("'")) {
    const quote = text[0] as string;
    const end = text.indexOf(quote, 1);
    if (end < 0) throw new Error(`Unterminated quoted scalar: ${raw}`);
    return text.slice(1, end);
  }
  const comment = text.search(/\s#/);
  if (comment >= 0) text = text.slice(0, comment).trimEnd();
  if (text === '' || text === '~' || text === 'null') return null;
  if (/^[[{&*!]/.test(text)) throw new Error(`Unsupported YAML (flow collection, anchor or tag): ${raw}`);
  return text;
}

/** The block scalar after a `key: |` or `key: >` line at indentation `parent`. */
function blockScalar(c: Cursor, parent: number, style: string): string {
  const body: string[] = [];
  while (c.i < c.lines.length) {
    const line = c.lines[c.i] as string;
    if (line.trim() !== '' && indentOf(line) <= parent) break;
    body.push(line);
    c.i += 1;
  }
  while (body.length > 0 && (body.at(-1) as string).trim() === '') body.pop();
  const first = body.find((l) => l.trim() !== '');
  const cut = first === undefined ? 0 : indentOf(first);
  const lines = body.map((l) => l.slice(cut));
  const text = style.startsWith('>')
    ? lines.reduce(
        (acc, l) => (l === '' ? `${acc}\n` : acc === '' || acc.endsWith('\n') ? acc + l : `${acc} ${l}`),
        '',
      )
    : lines.join('\n');
  return style.endsWith('-') ? text : `${text}\n`;
}

function value(c: Cursor, indent: number, rest: string): YamlNode {
  const trimmed = rest.trim();
  if (/^[|>][-+]?$/.test(trimmed)) return blockScalar(c, indent, trimmed);
  if (trimmed !== '' && !trimmed.startsWith('#')) return scalar(trimmed);
  const next = nextContent(c);
  if (next >= c.lines.length) return null;
  const line = c.lines[next] as string;
  const nested = indentOf(line);
  // A list may sit at the same indentation as its key.
  if (nested > indent || (nested === indent && line.trimStart().startsWith('- '))) {
    c.i = next;
    return block(c, nested);
  }
  return null;
}

function map(c: Cursor, indent: number, out: Record<string, YamlNode> = {}): Record<string, YamlNode> {
  for (;;) {
    c.i = nextContent(c);
    const line = c.lines[c.i];
    if (line === undefined || indentOf(line) !== indent || line.trimStart().startsWith('- ')) return out;
    const match = /^([^:#]+?):(\s.*|)$/.exec(line.trim());
    if (!match) throw new Error(`Line ${c.i + 1}: expected "key: value", got ${JSON.stringify(line.trim())}`);
    c.i += 1;
    out[(match[1] as string).trim()] = value(c, indent, match[2] ?? '');
  }
}

function list(c: Cursor, indent: number): YamlNode[] {
  const out: YamlNode[] = [];
  for (;;) {
    c.i = nextContent(c);
    const line = c.lines[c.i];
    if (line === undefined || indentOf(line) !== indent || !line.trimStart().startsWith('- ')) return out;
    const item = line.trimStart().slice(2);
    if (/^[^:#'"]+?:(\s|$)/.test(item)) {
      // `- key: value` starts a map whose keys sit two columns further in.
      c.lines[c.i] = `${' '.repeat(indent + 2)}${item}`;
      out.push(map(c, indent + 2));
    } else {
      c.i += 1;
      out.push(item.trim() === '' ? value(c, indent, '') : scalar(item));
    }
  }
}

function block(c: Cursor, indent: number): YamlNode {
  const line = c.lines[nextContent(c)];
  return line?.trimStart().startsWith('- ') ? list(c, indent) : map(c, indent);
}

/** Parses a workflow file. Throws on anything outside the supported subset. */
export function parseWorkflowYaml(source: string): YamlNode {
  if (source.includes('\t')) throw new Error('Tabs are not allowed in YAML indentation.');
  const c: Cursor = { lines: source.replace(/\r\n/g, '\n').split('\n'), i: 0 };
  const root = block(c, 0);
  c.i = nextContent(c);
  if (c.i < c.lines.length) throw new Error(`Line ${c.i + 1}: unexpected indentation: ${c.lines[c.i]}`);
  return root;
}
