/** True for a non-null object that is not an array: a JSON object once parsed (the one such check of both packages). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
