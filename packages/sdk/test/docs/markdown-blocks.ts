/**
 * Fenced code blocks of a Markdown file, with the marker comment on the line before each (CommonMark fences:
 * three or more backticks or tildes, indented at most three spaces, closed by the same character at least as
 * many times). Indented code blocks are not used in these docs and are not recognised.
 */

/**
 * A marker on the last non-blank line before a fence: `<!-- snippet: path#region -->` or `<!-- schema: name -->`.
 */
export type BlockMarker =
  | { kind: 'snippet'; path: string; region: string | undefined }
  | { kind: 'schema'; schema: string }
  | { kind: 'unknown'; text: string };

/** One fenced code block. */
export interface CodeBlock {
  /** Path of the Markdown file relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Language: the first word of the info string, lower-cased (`''` when absent). */
  lang: string;
  /** The other words of the info string, e.g. `['run']` for ```` ```ts run ````. */
  flags: string[];
  /** The content: every line between the fences, joined with `\n`, no trailing newline. */
  code: string;
  /** Marker comment on the last non-blank line before the opening fence, if any. */
  marker: BlockMarker | undefined;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const MARKER = /^\s*<!--\s*(.*?)\s*-->\s*$/;

function parseMarker(line: string | undefined): BlockMarker | undefined {
  const m = line === undefined ? null : MARKER.exec(line);
  if (!m) return undefined;
  const text = m[1] ?? '';
  const snippet = /^snippet:\s*(\S+)$/.exec(text);
  if (snippet) {
    const [path, region] = (snippet[1] ?? '').split('#');
    return {
      kind: 'snippet',
      path: path ?? '',
      region: region === undefined || region === '' ? undefined : region,
    };
  }
  const schema = /^schema:\s*(\S+)$/.exec(text);
  if (schema) return { kind: 'schema', schema: schema[1] ?? '' };
  // Other HTML comments (generated-table markers…) are not block markers unless they look like one.
  if (/^(snippet|schema|check)\b/i.test(text)) return { kind: 'unknown', text };
  return undefined;
}

/**
 * Every fenced code block of `markdown`. An unclosed fence is reported as an error (it would swallow the rest of
 * the document).
 */
export function extractCodeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = (open[1] ?? '').length;
    const fence = open[2] ?? '';
    const info = (open[3] ?? '').trim();
    if (fence.startsWith('`') && info.includes('`')) continue; // not a fence (inline code)
    const [lang = '', ...flags] = info.split(/\s+/).filter((w) => w !== '');
    const body: string[] = [];
    let closed = false;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const text = lines[j] ?? '';
      const close = /^( {0,3})(`{3,}|~{3,})\s*$/.exec(text);
      if (close && close[2]?.[0] === fence[0] && (close[2]?.length ?? 0) >= fence.length) {
        closed = true;
        break;
      }
      // Content lines lose up to `indent` leading spaces, as CommonMark specifies.
      body.push(text.replace(new RegExp(`^ {0,${indent}}`), ''));
    }
    if (!closed) throw new Error(`${file}:${i + 1}: the code fence ${fence} is never closed.`);
    blocks.push({
      file,
      line: i + 1,
      lang: lang.toLowerCase(),
      flags,
      code: body.join('\n'),
      marker: parseMarker(lines.slice(0, i).findLast((l) => l.trim() !== '')),
    });
    i = j;
  }
  return blocks;
}
