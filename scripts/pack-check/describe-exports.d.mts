/** Kind of an exported value: `class`, `function`, `object`, `array`, `null`, or its `typeof`. */
export declare function kindOf(value: unknown): string;
/** Export name → kind, names in ascending (UTF-16) order, without the `__esModule` interop marker. */
export declare function describeExports(moduleNamespace: Record<string, unknown>): Record<string, string>;
