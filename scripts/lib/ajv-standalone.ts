/**
 * Helpers of the generators that compile JSON Schemas into ajv **standalone** validators (dev-time only): the
 * schema copy they compile (annotations stripped) and the check that the generated code is self-contained.
 *
 * Used by packages/sdk/scripts/generate-schema-code.ts and packages/mock-server/scripts/generate-config-validator.ts.
 * Imports nothing, so it resolves and type-checks from any package that imports it.
 */

/** Options of {@link createAnnotationStripper}. */
export interface AnnotationStripperOptions {
  /** Keywords dropped wherever they stand in a schema position (e.g. `title`, `description`). */
  annotations: ReadonlySet<string>;
  /** Keywords whose value maps names to subschemas (`properties`, `$defs`, …): the names are data, never dropped. */
  schemaMaps: ReadonlySet<string>;
}

/**
 * Creates a function returning a deep copy of a schema without pure annotations: they do not change validation
 * and would only be embedded in the generated code. `enum` and `const` values are data and copied as they are.
 */
export function createAnnotationStripper(options: AnnotationStripperOptions): (schema: unknown) => unknown {
  const { annotations, schemaMaps } = options;
  const strip = (node: unknown, isSchemaMap: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => strip(item, false));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (isSchemaMap) out[key] = strip(value, false);
      else if (key === 'enum' || key === 'const') out[key] = value;
      else if (!annotations.has(key)) out[key] = strip(value, schemaMaps.has(key));
    }
    return out;
  };
  return (schema) => strip(schema, false);
}

/**
 * Whether standalone code still loads a module at run time (`require(…)`, an `import` statement) or compiles code
 * (`new Function`, `new Ajv`). Generated validators must be self-contained: a generator fails when this is true and
 * names the schema keyword to avoid.
 */
export function needsRuntimeModule(code: string): boolean {
  return /\brequire\s*\(|^\s*import[\s{*]/m.test(code) || /new Function|\bnew Ajv/.test(code);
}

/** `text` as a doc comment at `indent`: one line when it fits on one, else one ` * ` line per line of `text`. */
function docComment(text: string, indent = ''): string[] {
  if (!text.includes('\n')) return [`${indent}/** ${text} */`];
  return [`${indent}/**`, ...text.split('\n').map((line) => `${indent} * ${line}`), `${indent} */`];
}

/** Options of {@link validatorDeclarations}. */
export interface ValidatorDeclarationOptions {
  /** The interface of one error object as ajv reports it. */
  error: {
    /** Interface name, e.g. `RawValidationError`. */
    name: string;
    /** Its doc comment (a `\n` makes it multi-line). */
    doc: string;
    /** Doc comment of `instancePath`. Default: none. */
    instancePathDoc?: string;
    /** Doc comment of `schemaPath`. Default: none. */
    schemaPathDoc?: string;
  };
  /** The interface of a validator function: `(data) => boolean` leaving the last call's errors on `errors`. */
  validator: {
    /** Interface name, e.g. `StandaloneValidator`. */
    name: string;
    /** Its doc comment (a `\n` makes it multi-line). */
    doc: string;
  };
}

/**
 * The TypeScript declaration lines (for a `.d.ts` beside standalone code) of ajv's error objects and of a
 * validator function: the error interface, an empty line, the validator interface.
 */
export function validatorDeclarations(options: ValidatorDeclarationOptions): string[] {
  const { error, validator } = options;
  return [
    ...docComment(error.doc),
    `export interface ${error.name} {`,
    ...(error.instancePathDoc === undefined ? [] : docComment(error.instancePathDoc, '  ')),
    '  instancePath: string;',
    ...(error.schemaPathDoc === undefined ? [] : docComment(error.schemaPathDoc, '  ')),
    '  schemaPath: string;',
    '  keyword: string;',
    '  params: Record<string, unknown>;',
    '  message?: string;',
    '}',
    '',
    ...docComment(validator.doc),
    `export interface ${validator.name} {`,
    '  (data: unknown): boolean;',
    `  errors?: ${error.name}[] | null;`,
    '}',
  ];
}
