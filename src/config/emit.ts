/**
 * Step 3 of remediation: type the ordered operations — enter and leave sections as the path
 * changes (with the platform's exit commands), and collapse runs of list items back into
 * one command (`switchport trunk allowed vlan add 10,20,30-32`, `vlan range 30-32`).
 */
import type { CompiledRules } from './compiled.js';
import type { Op } from './ops.js';
import { formatList } from './text.js';

/** The commands to type after `configure terminal` and before `end`. */
export interface Remediation {
  /** Exactly the lines to type, without indentation, section entries and exits included. */
  readonly commands: readonly string[];
  /** The same lines, indented, for display. */
  readonly lines: readonly { readonly text: string; readonly depth: number }[];
  readonly empty: boolean;
}

/** Longest collapsed list command we type; longer runs are split (CLIs cap a line's length). */
const MAX_COLLAPSED = 200;

/** Turns ordered ops into typed lines. */
export function emit(ops: readonly Op[], c: CompiledRules): Remediation {
  const lines: { text: string; depth: number }[] = [];
  const ctx: string[] = [];
  const leave = (depth: number): void => {
    while (ctx.length > depth) {
      const header = ctx.pop() as string;
      lines.push({ text: c.exitFor(header, ctx[ctx.length - 1]), depth: ctx.length });
    }
  };
  const goTo = (path: readonly string[]): void => {
    let common = 0;
    while (common < ctx.length && common < path.length && ctx[common] === path[common]) common++;
    leave(common);
    for (let i = common; i < path.length; i++) {
      lines.push({ text: path[i] as string, depth: i });
      ctx.push(path[i] as string);
    }
  };

  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Op;
    goTo(op.path);
    const run = collapsible(ops, i, c);
    if (run) {
      for (const text of run.commands) lines.push({ text, depth: op.path.length });
      i = run.last;
      continue;
    }
    // A multi-line block (banner) is typed line by line; most commands are one line.
    if (!op.text.includes('\n')) lines.push({ text: op.text, depth: op.path.length });
    else for (const text of op.text.split('\n')) lines.push({ text, depth: op.path.length });
    if (op.enters) ctx.push(op.text);
  }
  leave(0);
  return { commands: lines.map((l) => l.text), lines, empty: lines.length === 0 };
}

/**
 * A run of list items starting at `ops[i]` typed as collapsed commands: leaf items (`… add
 * 10`) of one rule in one section, or new sections with nothing typed inside (`vlan 30`)
 * whose list rule has a collapsed form.
 */
function collapsible(ops: readonly Op[], i: number, c: CompiledRules): { commands: string[]; last: number } | undefined {
  const op = ops[i] as Op;
  const parent = op.path.length ? op.path[op.path.length - 1] : undefined;
  const first = c.listItem(op.text, parent);
  if (!first || (op.enters && !bare(ops, i))) return undefined;
  const items = [first.item];
  let last = i;
  for (let j = i + 1; j < ops.length; j++) {
    const next = ops[j] as Op;
    if (next.enters !== op.enters || next.remove !== op.remove || !samePath(next.path, op.path)) break;
    if (next.enters && !bare(ops, j)) break;
    const item = c.listItem(next.text, parent);
    if (!item || item.rule !== first.rule) break;
    items.push(item.item);
    last = j;
  }
  if (items.length < 2) return undefined;
  const collapsedTemplate = first.rule.collapsed as string;
  const commands: string[] = [];
  let chunk: number[] = [];
  for (const item of items) {
    const candidate = [...chunk, item];
    if (chunk.length && collapsedTemplate.replace('{}', formatList(candidate)).length > MAX_COLLAPSED) {
      commands.push(collapsedTemplate.replace('{}', formatList(chunk)));
      chunk = [item];
    } else chunk = candidate;
  }
  if (chunk.length === 1 && commands.length === 0) return undefined;
  commands.push(chunk.length === 1 ? first.rule.item.replace('{}', String(chunk[0])) : collapsedTemplate.replace('{}', formatList(chunk)));
  return { commands, last };
}

function bare(ops: readonly Op[], i: number): boolean {
  const op = ops[i] as Op;
  const next = ops[i + 1];
  if (!next) return true;
  const inner = [...op.path, op.text];
  return !(next.path.length >= inner.length && inner.every((h, k) => next.path[k] === h));
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((h, k) => h === b[k]);
}
