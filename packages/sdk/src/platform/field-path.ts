/**
 * Converts a validation issue path (JSON Pointer, `/info/0/appInfo/frontEndUrl`) into the field notation used in
 * problems and messages (`info[0].appInfo.frontEndUrl`). The root is ``.
 */
export function pointerToField(pointer: string): string {
  if (pointer === '' || pointer === '/') return '';
  const segments = pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The value at a JSON Pointer inside `root`, or `undefined`. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let current: unknown = root;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
