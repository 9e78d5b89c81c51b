/**
 * The normalised text of a config: what configs are compared in. One line per node,
 * one space of indentation per level, siblings in the platform's print order (then natural
 * order) — except in sections that are sequences — and empty persistent sections left out.
 */
import type { ConfigRules, PersistentSectionRule } from '../platforms/config-rules.js';
import { compile, type CompiledRules } from './compiled.js';
import type { Node } from './node.js';
import { parseTree } from './parse.js';

/**
 * Canonical text of a config: volatile lines dropped, lists expanded, whitespace collapsed,
 * siblings in a fixed order. Two configs that mean the same normalise to the same text.
 */
export function normalise(text: string, rules: ConfigRules): string {
  const c = compile(rules);
  return serialise(parseTree(text, c), c);
}

/** The normalised text of a parsed tree. */
export function serialise(root: Node, c: CompiledRules): string {
  const out: string[] = [];
  write(root, '', c, out);
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Writes the children of `node`, each indented by `indent`. */
function write(node: Node, indent: string, c: CompiledRules, out: string[]): void {
  const parentText = node.parent === undefined ? undefined : node.text;
  const kids = sortedChildren(node, c);
  const deeper = kids.length ? `${indent} ` : indent;
  for (let i = 0; i < kids.length; i++) {
    const child = kids[i] as Node;
    const at = out.length;
    out.push(indent + child.text);
    write(child, deeper, c, out);
    // A persistent section with nothing in it is what the device has anyway.
    if (out.length === at + 1 && c.persistent(child.text, parentText)) out.length = at;
  }
}

/** Live children in canonical order (a sequence keeps its order). */
function sortedChildren(node: Node, c: CompiledRules): Node[] {
  const live = node.live();
  if (node.isOrdered()) return [...live];
  for (const n of live) n.sortKey ??= c.sortKey(n.text);
  return [...live].sort((a, b) => ((a.sortKey as string) < (b.sortKey as string) ? -1 : (a.sortKey as string) > (b.sortKey as string) ? 1 : 0));
}

/** True when `node` is a persistent section holding nothing that prints: the same as its absence. */
export function isVoid(node: Node, c: CompiledRules): boolean {
  if (!persistentRule(node, c)) return false;
  const kids = node.live();
  for (let i = 0; i < kids.length; i++) if (!isVoid(kids[i] as Node, c)) return false;
  return true;
}

/** The persistent-section rule of `node`. */
export function persistentRule(node: Node, c: CompiledRules): PersistentSectionRule | undefined {
  const parent = node.parent && node.parent.parent ? node.parent.text : undefined;
  return c.persistent(node.text, parent);
}
