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
 * Reads a multi-line block whose first line (normalised) is `first`: the body is kept
 * verbatim (trailing blanks cut) up to the line holding the delimiter. `next` gives the
 * following raw lines; `at` is the first line's number, for the error.
 */
export function readBlock(next: () => string | undefined, at: number, first: string, opening: { delim: string; rest: string }): string {
  if (opening.rest.includes(opening.delim)) return first;
  const body = [first];
  for (let raw = next(); raw !== undefined; raw = next()) {
    const line = raw.replace(/\s+$/, '');
    body.push(line);
    if (line.includes(opening.delim)) return body.join('\n');
  }
  throw new SwitchyardError('CONFIG_PARSE', `line ${at}: \`${first}\` is never closed by \`${opening.delim}\``, {
    hint: `a multi-line block ends at the next line containing its delimiter ${opening.delim}`,
  });
}

/** Parses with compiled rules; the engine's own entry point (returns the mutable tree). */
export function parseTree(text: string, c: CompiledRules): Node {
  const root = new Node('', undefined, -1, 0);
  // Open sections and their indentation, innermost last.
  const nodes: Node[] = [root];
  const indents: number[] = [-1];
  // Lines are cut one at a time rather than split into an array: on a 200k-line config
  // the array would outlive every young-generation collection of the parse.
  let pos = 0;
  let lineNo = 0;
  const next = (): string | undefined => {
    if (pos > text.length) return undefined;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    return line;
  };
  // While >= 0, lines indented deeper than this belong to a dropped line and are dropped too.
  let skipIndent = -1;
  for (let raw = next(); raw !== undefined; raw = next()) {
    const indent = indentOf(raw);
    if (indent === raw.length) continue;
    if (skipIndent >= 0) {
      if (indent > skipIndent) continue;
      skipIndent = -1;
    }
    const text = collapse(raw);
    if (c.isComment(text) || c.isTerminator(text)) continue;
    while (nodes.length > 1 && (indents[indents.length - 1] as number) >= indent) {
      nodes.pop();
      indents.pop();
    }
    const parent = nodes[nodes.length - 1] as Node;
    const parentText = parent === root ? undefined : parent.text;
    if (parent === root && c.isVolatile(text)) {
      skipIndent = indent;
      continue;
    }
    const line = lineNo;
    const opening = c.blockStart(text);
    if (opening) {
      addLine(parent, readBlock(next, line, text, opening), line, c);
      continue;
    }
    if (c.isDefault(text, parentText)) {
      skipIndent = indent;
      continue;
    }
    const list = c.expandList(text, parentText);
    let node: Node | undefined;
    if (list) {
      for (const item of list.lines) if (!c.isDefault(item, parentText)) node = addLine(parent, item, line, c);
    } else node = addLine(parent, text, line, c);
    if (!node) skipIndent = indent;
    else {
      nodes.push(node);
      indents.push(indent);
    }
  }
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
