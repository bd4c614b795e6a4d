// The runtime shape of a module's public surface: every export name, sorted, with the kind of its value.
// Shared by the exports snapshot test (sources) and the packaging probes (installed tarballs, CJS and ESM), so
// both compare against the same committed snapshot.

/**
 * Kind of an exported value: `class`, `function`, `object`, `array`, `null`, or its `typeof`.
 * @param {unknown} value
 * @returns {string}
 */
export function kindOf(value) {
  if (typeof value === 'function') {
    return /^class[\s{]/.test(Function.prototype.toString.call(value)) ? 'class' : 'function';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Export name → kind, names in ascending (UTF-16) order. `__esModule`, the interop marker some CommonJS builds
 * carry, is not part of the API and is left out.
 * @param {Record<string, unknown>} moduleNamespace
 * @returns {Record<string, string>}
 */
export function describeExports(moduleNamespace) {
  /** @type {Record<string, string>} */
  const out = {};
  const names = Object.keys(moduleNamespace)
    .filter((name) => name !== '__esModule')
    .sort();
  for (const name of names) out[name] = kindOf(moduleNamespace[name]);
  return out;
}
