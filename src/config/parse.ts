/**
 * Parses config text into a tree by indentation, with the platform's rules: comments and
 * separators dropped, section terminators dropped (structure, not content), volatile
 * top-level lines dropped, multi-line blocks read whole, default lines dropped, list lines
 * expanded, repeated sections merged.
 */
import type { ConfigRules } from '../platforms/config-rules.js';
import { SwitchyardError } from '../errors.js';
import { compile, type CompiledRules } from './compiled.js';
import { Node, type ConfigTree } from './node.js';
import { collapse, indentOf } from './text.js';

/** Parses `text` (a `show running-config` or a desired config) into a tree. Throws `CONFIG_PARSE` on an unterminated block. */
export function parseConfig(text: string, rules: ConfigRules): ConfigTree {
  return parseTree(text, compile(rules));
}

/**
 * Reads a multi-line block starting at `lines[start]` (whose normalised text is `first`):
 * the body is kept verbatim (trailing blanks cut) up to the line holding the delimiter.
 */
export function readBlock(lines: readonly string[], start: number, first: string, opening: { delim: string; rest: string }): { text: string; end: number } {
  if (opening.rest.includes(opening.delim)) return { text: first, end: start };
  const body = [first];
  for (let j = start + 1; j < lines.length; j++) {
    const raw = (lines[j] as string).replace(/\s+$/, '');
    body.push(raw);
    if (raw.includes(opening.delim)) return { text: body.join('\n'), end: j };
  }
  throw new SwitchyardError('CONFIG_PARSE', `line ${start + 1}: \`${first}\` is never closed by \`${opening.delim}\``, {
    hint: `a multi-line block ends at the next line containing its delimiter ${opening.delim}`,
  });
}

/** Parses with compiled rules; the engine's own entry point (returns the mutable tree). */
export function parseTree(text: string, c: CompiledRules): Node {
  const root = new Node('', undefined, -1, 0);
  const stack: { node: Node; indent: number }[] = [{ node: root, indent: -1 }];
  const lines = text.split(/\r?\n/);
  // While >= 0, lines indented deeper than this belong to a dropped line and are dropped too.
  let skipIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const indent = indentOf(raw);
    if (indent === raw.length) continue;
    if (skipIndent >= 0) {
      if (indent > skipIndent) continue;
      skipIndent = -1;
    }
    const text = collapse(raw);
    if (c.isComment(text) || c.isTerminator(text)) continue;
    while (stack.length > 1 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    const parent = (stack[stack.length - 1] as { node: Node }).node;
    const parentText = parent === root ? undefined : parent.text;
    if (parent === root && c.isVolatile(text)) {
      skipIndent = indent;
      continue;
    }
    const opening = c.blockStart(text);
    if (opening) {
      const block = readBlock(lines, i, text, opening);
      addLine(parent, block.text, i + 1, c);
      i = block.end;
      continue;
    }
    if (c.isDefault(text, parentText)) {
      skipIndent = indent;
      continue;
    }
    const list = c.expandList(text, parentText);
    if (list) {
      let last: Node | undefined;
      for (const item of list.lines) if (!c.isDefault(item, parentText)) last = addLine(parent, item, i + 1, c);
      if (last) stack.push({ node: last, indent });
      else skipIndent = indent;
      continue;
    }
    stack.push({ node: addLine(parent, text, i + 1, c), indent });
  }
  root.size = countNodes(root);
  return root;
}

/**
 * Adds a line under `parent`: in a keyed section a repeated text returns the existing node
 * (so `vlan range 10,20` and a later `vlan 10` section are one VLAN); a section that may
 * hold a sequence keeps every line.
 */
export function addLine(parent: Node, text: string, line: number, c: CompiledRules): Node {
  const before = parent.children.length;
  const node = parent.add(text, line, parent.orderedRule === undefined);
  if (parent.children.length > before) node.orderedRule = c.ordered(text, parent.depth < 0 ? undefined : parent.text);
  return node;
}

function countNodes(node: Node): number {
  let n = 0;
  for (const c of node.children) n += 1 + countNodes(c);
  return n;
}
