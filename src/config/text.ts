/**
 * Small text helpers of the config engine: whitespace, natural sort keys, VLAN-style lists.
 */

const BLANKS = /[ \t]+/g;

/** A line's normalised text: no indentation, no trailing blanks, runs of blanks as one space. */
export function collapse(line: string): string {
  return collapseInside(line.trim());
}

/** {@link collapse} for text known to have no blank at either end (the parser checks). */
export function collapseInside(t: string): string {
  // Most lines are already single-spaced: skip the regex for them.
  return t.includes('  ') || t.includes('\t') ? t.replace(BLANKS, ' ') : t;
}

/**
 * A string that sorts like `text` in natural order (`eth-0-2` before `eth-0-10`): each run of
 * digits becomes its length (as one low code unit) followed by the digits, so plain `<`
 * compares numbers by value. Leading zeros are dropped.
 */
export function naturalKey(text: string): string {
  // A scan, not a replace with a callback: every line of a normalised config is sorted by
  // this key (a sixth of `normalise` on a 50k-line config went to the regex version).
  let out = '';
  let from = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < len && isDigit(text.charCodeAt(end))) end++;
    // Leading zeros dropped, one digit kept.
    let start = i;
    while (start < end - 1 && text.charCodeAt(start) === 0x30) start++;
    out += text.slice(from, i) + String.fromCharCode(1 + Math.min(end - start, 0xfff0)) + text.slice(start, end);
    from = end;
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function isDigit(ch: number): boolean {
  return ch >= 0x30 && ch <= 0x39;
}

/** Upper bound on the items one list may expand to (a VLAN id is at most 4094; guards against `1-99999999`). */
const MAX_LIST_ITEMS = 65_536;

/**
 * Largest item of a list. Past 2^53 a number cannot be counted up by one (the expansion
 * loop would never end), so a list with a longer number is not a list: the line is kept
 * as written. Far above any VLAN, port or sequence number.
 */
const MAX_ITEM = 0x7fff_ffff;

/**
 * Parses `10,20,30-32` into `[10, 20, 30, 31, 32]`; `undefined` when the text is not such a
 * list (then the line is kept as written). Blanks around the items are allowed. A scan, not
 * split-and-regex: every trunk port of a config has such a list.
 */
export function parseList(text: string): number[] | undefined {
  const out: number[] = [];
  const len = text.length;
  let i = 0;
  for (;;) {
    while (i < len && isBlank(text.charCodeAt(i))) i++;
    const lo = digitsAt(text, i);
    if (lo.end === i) return undefined;
    i = lo.end;
    let hi = lo.value;
    if (i < len && text.charCodeAt(i) === 0x2d) {
      const h = digitsAt(text, i + 1);
      if (h.end === i + 1) return undefined;
      i = h.end;
      hi = h.value;
    }
    while (i < len && isBlank(text.charCodeAt(i))) i++;
    if (hi > MAX_ITEM || hi < lo.value || out.length + (hi - lo.value) >= MAX_LIST_ITEMS) return undefined;
    for (let n = lo.value; n <= hi; n++) out.push(n);
    if (i === len) return out;
    if (text.charCodeAt(i) !== 0x2c) return undefined;
    i++;
  }
}

function isBlank(ch: number): boolean {
  return ch === 0x20 || ch === 0x09;
}

/** The decimal number starting at `i` and where it ends (`end === i`: none). */
function digitsAt(text: string, i: number): { value: number; end: number } {
  let value = 0;
  let end = i;
  for (; end < text.length; end++) {
    const d = text.charCodeAt(end) - 0x30;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  return { value, end };
}

/** True when `items` is strictly ascending (so already sorted and without repeats). */
export function isAscending(items: readonly number[]): boolean {
  for (let i = 1; i < items.length; i++) if ((items[i] as number) <= (items[i - 1] as number)) return false;
  return true;
}

/** Ascending numeric order for `sort` (one function, not a closure per call). */
export function byNumber(a: number, b: number): number {
  return a - b;
}

/** Formats numbers as a sorted, de-duplicated list with ranges: `[32, 10, 31, 30]` → `10,30-32`. */
export function formatList(items: readonly number[]): string {
  const sorted = isAscending(items) ? items : [...new Set(items)].sort(byNumber);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Expands a template: `$1`…`$9` are capture groups of `m`, `$0` is `whole` (the whole line).
 * A group that did not take part expands to nothing.
 */
export function expandTemplate(template: string, m: ArrayLike<string | undefined>, whole: string): string {
  // A scan rather than a replace callback: this runs for every negation with a rule.
  let out = '';
  let from = 0;
  for (let i = template.indexOf('$'); i >= 0 && i < template.length - 1; i = template.indexOf('$', i + 1)) {
    const d = template.charCodeAt(i + 1) - 48;
    if (d < 0 || d > 9) continue;
    out += template.slice(from, i) + (d === 0 ? whole : (m[d] ?? ''));
    from = i + 2;
    i++;
  }
  return from === 0 ? template : out + template.slice(from);
}
