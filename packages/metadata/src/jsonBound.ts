/**
 * Upper bounds of the UTF-8 size of `JSON.stringify(value)`, so that the answer's size cap
 * (extract.ts) serialises nothing in the common case: 6 bytes per UTF-16 unit covers every
 * escape, 24 any number or literal.
 */

/** The bound of a value. A sub-object whose bound was counted as it was built (`known`) is not walked again. */
export function jsonUpperBound(value: unknown, known?: { value: object; bound: number }): number {
  if (typeof value === 'string') return value.length * 6 + 2;
  if (typeof value !== 'object' || value === null) return 24;
  if (known && value === known.value) return known.bound;
  let total = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) total += jsonUpperBound(value[i], known) + 1;
    return total;
  }
  // for…in with value[key]: V8's fastest walk of an object's own keys and values (Object.keys, values or entries cost more).
  for (const key in value) total += memberBound(key, jsonUpperBound((value as Record<string, unknown>)[key], known));
  return total;
}

/** The bound of one `"key":value,` member of an object, given its value's bound. */
export function memberBound(key: string, valueBound: number): number {
  return key.length * 6 + 4 + valueBound;
}
