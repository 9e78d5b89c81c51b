/**
 * The config diff for humans: a unified diff of the two normalised configs, with secrets
 * masked (passwords, `secret 5 …`, `password 7 …`, SNMP communities, keys).
 *
 * A line diff of two whole configs (Myers, as the `diff` package computes it) costs time
 * in proportion to lines × differences: 3.5 s for two 50k-line configs 10 % apart. The
 * normalised texts are blocks (a line and the lines indented under it) whose siblings are
 * in one canonical order, so blocks are paired by a walk of both sorted lists, level by
 * level: linear in lines. The `diff` package only formats the hunks.
 */
import { FILE_HEADERS_ONLY, formatPatch, type StructuredPatchHunk } from 'diff';
import type { ConfigRules } from '../platforms/config-rules.js';
import { compile, type CompiledRules } from './compiled.js';
import { normalise } from './serialise.js';

/** `text` with every secret the platform knows replaced by `<masked>`, line by line. */
export function maskSecrets(text: string, rules: ConfigRules): string {
  const c = compile(rules);
  return text
    .split('\n')
    .map((line) => c.mask(line))
    .join('\n');
}

/**
 * A unified diff of the normalised configs, secrets masked; '' when they are equal. The
 * diff is computed before masking, so a changed password still shows as a changed line.
 */
export function unifiedDiff(running: string, desired: string, rules: ConfigRules, labels: { from?: string; to?: string } = {}): string {
  const c = compile(rules);
  return maskSecrets(diffNormalised(normalise(running, rules), normalise(desired, rules), c, labels), rules);
}

/** Lines of one kind in a row: unchanged, only in the old text, or only in the new. */
interface Change {
  lines: string[];
  readonly kind: ' ' | '-' | '+';
}

/** The unified diff (3 lines of context, unmasked) of two normalised texts; '' when equal. */
export function diffNormalised(a: string, b: string, c: CompiledRules, labels: { from?: string; to?: string } = {}): string {
  if (a === b) return '';
  const changes = new Changes();
  blockChanges(linesOf(a), linesOf(b), 0, c, changes);
  const hunks = toHunks(changes.list, 3);
  return formatPatch({ oldFileName: labels.from ?? 'running', newFileName: labels.to ?? 'desired', oldHeader: undefined, newHeader: undefined, hunks }, FILE_HEADERS_ONLY);
}

/** The lines of a normalised text (which ends with a line break unless empty). */
function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Leading spaces of a line. */
function indent(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 0x20) i++;
  return i;
}

/** Start of each block of `lines` at `depth` (a line indented `depth` or less), and the end. */
function blockStarts(lines: readonly string[], depth: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (i === 0 || indent(lines[i] as string) <= depth) out.push(i);
  out.push(lines.length);
  return out;
}

/**
 * The changes from `a` to `b` (lines of one level, `depth` spaces in), block by block:
 * siblings are printed in the platform's order, so a walk of the two block lists pairs
 * the blocks of one header; a block on one side only is removed or added whole, and a
 * pair that differs is compared the same way one level down. Whatever the pairing, every
 * line of `a` and of `b` is taken once, in order: the result is always a correct diff.
 */
function blockChanges(a: readonly string[], b: readonly string[], depth: number, c: CompiledRules, out: Changes): void {
  const sa = blockStarts(a, depth);
  const sb = blockStarts(b, depth);
  const key = (line: string): string => c.sortKey(line.trim());
  let i = 0;
  let j = 0;
  while (i < sa.length - 1 || j < sb.length - 1) {
    const headA = i < sa.length - 1 ? (a[sa[i] as number] as string) : undefined;
    const headB = j < sb.length - 1 ? (b[sb[j] as number] as string) : undefined;
    const order = headA === undefined ? 1 : headB === undefined ? -1 : headA === headB ? 0 : key(headA) < key(headB) ? -1 : 1;
    if (order < 0) {
      out.push('-', a, sa[i] as number, sa[i + 1] as number);
      i++;
    } else if (order > 0) {
      out.push('+', b, sb[j] as number, sb[j + 1] as number);
      j++;
    } else {
      const [a0, a1, b0, b1] = [sa[i] as number, sa[i + 1] as number, sb[j] as number, sb[j + 1] as number];
      if (sameLines(a, a0, a1, b, b0, b1)) out.push(' ', a, a0, a1);
      else {
        // The same header on both sides, different lines under it: one level down.
        out.push(' ', a, a0, a0 + 1);
        blockChanges(a.slice(a0 + 1, a1), b.slice(b0 + 1, b1), depth + 1, c, out);
      }
      i++;
      j++;
    }
  }
}

function sameLines(a: readonly string[], a0: number, a1: number, b: readonly string[], b0: number, b1: number): boolean {
  if (a1 - a0 !== b1 - b0) return false;
  for (let k = 0; k < a1 - a0; k++) if (a[a0 + k] !== b[b0 + k]) return false;
  return true;
}

/**
 * The change list being built: consecutive lines of one kind are one change, and between
 * two runs of unchanged lines the removed lines come before the added ones (as diffs are
 * read: `- description uplink` then `+ description core`, whatever their sort order).
 */
class Changes {
  readonly list: Change[] = [];
  push(kind: Change['kind'], lines: readonly string[], from: number, to: number): void {
    if (from >= to) return;
    const list = this.list;
    let target = list[list.length - 1];
    if (kind === '-' && target?.kind === '+') {
      // Removals join the removals before the additions of this changed stretch.
      const prev = list[list.length - 2];
      if (prev?.kind === '-') target = prev;
      else list.splice(list.length - 1, 0, (target = { kind, lines: [] }));
    } else if (!target || target.kind !== kind) list.push((target = { kind, lines: [] }));
    for (let k = from; k < to; k++) target.lines.push(lines[k] as string);
  }
}

/**
 * Hunks of a unified diff with `context` lines around each change; changes closer than
 * twice the context share a hunk. The same hunks as the `diff` package makes from the
 * same changes.
 */
function toHunks(changes: readonly Change[], context: number): StructuredPatchHunk[] {
  const hunks: StructuredPatchHunk[] = [];
  let oldStart = 0;
  let newStart = 0;
  let lines: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  let open = false;
  for (let i = 0; i < changes.length; i++) {
    const ch = changes[i] as Change;
    if (ch.kind !== ' ') {
      if (!open) {
        // Start a hunk with the context before it.
        open = true;
        const prev = changes[i - 1];
        lines = prev ? prev.lines.slice(-context).map((l) => ` ${l}`) : [];
        oldStart = oldLine - lines.length;
        newStart = newLine - lines.length;
      }
      for (const l of ch.lines) lines.push(ch.kind + l);
      if (ch.kind === '+') newLine += ch.lines.length;
      else oldLine += ch.lines.length;
      continue;
    }
    if (open) {
      if (ch.lines.length <= context * 2 && i < changes.length - 1) {
        // Close enough to the next change: one hunk.
        for (const l of ch.lines) lines.push(` ${l}`);
      } else {
        const size = Math.min(ch.lines.length, context);
        for (const l of ch.lines.slice(0, size)) lines.push(` ${l}`);
        hunks.push({ oldStart, oldLines: oldLine - oldStart + size, newStart, newLines: newLine - newStart + size, lines });
        open = false;
        lines = [];
      }
    }
    oldLine += ch.lines.length;
    newLine += ch.lines.length;
  }
  if (open) hunks.push({ oldStart, oldLines: oldLine - oldStart, newStart, newLines: newLine - newStart, lines });
  return hunks;
}
