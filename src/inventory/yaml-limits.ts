/**
 * What a YAML file may expand to. js-yaml resolves an alias to the anchored value itself,
 * a shared reference, so parsing a "billion laughs" document (each level a list of
 * aliases of the level before) is cheap: a few hundred bytes parse in microseconds. The
 * cost comes later, in whatever walks the result — the schema check, merging, rendering,
 * JSON — which sees every alias expanded: 28 s and 4 GB, then V8 gives up. So the parsed
 * value is walked once here the way those walkers would, with a budget, stopping at the
 * first place it runs over. js-yaml limits nesting itself, but not through aliases.
 */

/** Deepest nesting of mappings and lists; also given to js-yaml, which counts the same way but does not look through aliases. */
export const MAX_DEPTH = 100;

/**
 * The expanded size a file may reach — values counted once per place they appear, plus
 * the characters of every string and key — is the larger of this and four times the
 * file's length. A file without aliases stays under four times its length, so only
 * aliases can run over, and at most about this much further.
 */
const MIN_EXPANDED_SIZE = 1_000_000;
const SIZE_PER_CHARACTER = 4;

/** Where the walk stopped, and why. */
export interface ExpansionFault {
  /** Keys and indexes down to the value being expanded when the limit was hit. */
  readonly path: readonly (string | number)[];
  readonly limit: 'size' | 'depth';
  /** The size budget of this file (for the message). */
  readonly budget: number;
}

/** Walks `value`, parsed from a text of `textLength` characters; undefined when it is within the limits. */
export function expansionFault(value: unknown, textLength: number): ExpansionFault | undefined {
  const budget = Math.max(MIN_EXPANDED_SIZE, SIZE_PER_CHARACTER * textLength);
  const path: (string | number)[] = [];
  let left = budget;
  let hit: 'size' | 'depth' | undefined;

  // Recursion is safe: it never goes deeper than MAX_DEPTH.
  const walk = (v: unknown, depth: number): boolean => {
    left -= typeof v === 'string' ? 1 + v.length : 1;
    if (left < 0) return ((hit = 'size'), false);
    if (typeof v !== 'object' || v === null) return true;
    const array = Array.isArray(v);
    // Dates and !!binary buffers are leaves; only plain mappings and lists hold aliases.
    if (!array && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return true;
    if (depth > MAX_DEPTH) return ((hit = 'depth'), false);
    if (array) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        if (!walk(v[i], depth + 1)) return false;
        path.pop();
      }
      return true;
    }
    for (const key of Object.keys(v)) {
      left -= key.length;
      path.push(key);
      if (!walk((v as Record<string, unknown>)[key], depth + 1)) return false;
      path.pop();
    }
    return true;
  };

  if (walk(value, 1)) return undefined;
  return { path, limit: hit!, budget };
}
