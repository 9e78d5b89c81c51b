/**
 * Parses config text into a tree by indentation, with the platform's rules: comments and
 * separators dropped, section terminators dropped (structure, not content), volatile
 * top-level lines dropped, multi-line blocks read whole, default lines dropped, list lines
 * expanded, repeated sections merged.
 */
import type { ConfigRules, ListRule } from '../platforms/config-rules.js';
import { SwitchyardError } from '../errors.js';
import { compile, type CompiledRules } from './compiled.js';
import { Node, type ConfigTree } from './node.js';
import { collapse, collapseInside, formatList, parseList } from './text.js';

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
  const root = new Node('', undefined, 0);
  root.deferWith((n, src) => parseInto(n, 0, src, n.line, c));
  parseInto(root, -1, text, 0, c);
  return root;
}

/**
 * Parses `source` (whose first line is line `firstLine + 1`) into `base`, a node whose own
 * line is indented by `baseIndent` (-1 for the root). At the top level a section is not
 * parsed but deferred with its raw text (see Node.defer): parsing is a scan of its
 * indentation until remediation or the tree API needs its lines.
 */
function parseInto(base: Node, baseIndent: number, source: string, firstLine: number, c: CompiledRules): void {
  const top = base.parent === undefined;
  // Open sections and their indentation, innermost last.
  const nodes: Node[] = [base];
  const indents: number[] = [baseIndent];
  // The previous line, opened as a section only when the next line is indented deeper:
  // most lines are leaves, and the stack then never grows (no array growth per section).
  let last: Node | undefined;
  let lastIndent = 0;
  // Lines are cut one at a time rather than split into an array: on a 200k-line config
  // the array would outlive every young-generation collection of the parse.
  let pos = 0;
  let lineNo = firstLine;
  // While >= 0, lines indented deeper than this belong to a dropped line and are dropped too.
  let skipIndent = -1;
  const end = { pos: 0, lines: 0 };
  const len = source.length;
  while (pos <= len) {
    // The line is cut by its offsets: skipped and comment lines are never copied out, and
    // a line is sliced once, already trimmed, rather than sliced and then trimmed.
    const start = pos;
    let eol = source.indexOf('\n', pos);
    if (eol < 0) eol = len;
    pos = eol + 1;
    lineNo++;
    if (eol > start && source.charCodeAt(eol - 1) === 13) eol--;
    let s = start;
    while (s < eol) {
      const ch = source.charCodeAt(s);
      if (ch !== 0x20 && ch !== 0x09) break;
      s++;
    }
    if (s === eol) continue;
    const indent = s - start;
    if (skipIndent >= 0) {
      if (indent > skipIndent) continue;
      skipIndent = -1;
    }
    let text: string;
    const head = source.charCodeAt(s);
    const tail = source.charCodeAt(eol - 1);
    if (head > 0x20 && head < 0x7f && tail > 0x20 && tail < 0x7f) {
      // Plain ASCII at both ends: what trim() would cut is exactly the indentation.
      if (c.commentAt(source, s)) continue;
      text = collapseInside(source.slice(s, eol));
      if (!c.plainComments && c.isComment(text)) continue;
    } else {
      text = collapse(source.slice(start, eol));
      if (c.isComment(text)) continue;
    }
    if (c.isTerminator(text)) continue;
    if (last && indent > lastIndent) {
      nodes.push(last);
      indents.push(lastIndent);
    }
    last = undefined;
    while (nodes.length > 1 && (indents[indents.length - 1] as number) >= indent) {
      (nodes.pop() as Node).seal();
      indents.pop();
    }
    const parent = nodes[nodes.length - 1] as Node;
    const atTop = parent === base && top;
    const parentText = atTop ? undefined : parent.text;
    if (atTop && c.isVolatile(text)) {
      skipIndent = indent;
      continue;
    }
    const line = lineNo;
    const opening = c.blockStart(text);
    if (opening) {
      // Made only here (blocks are rare): a closure per parsed section would cost more than the lines.
      const next = (): string | undefined => {
        if (pos > source.length) return undefined;
        let end = source.indexOf('\n', pos);
        if (end < 0) end = source.length;
        const raw = source.charCodeAt(end - 1) === 13 ? source.slice(pos, end - 1) : source.slice(pos, end);
        pos = end + 1;
        lineNo++;
        return raw;
      };
      addLine(parent, readBlock(next, line, text, opening), line, c);
      continue;
    }
    if (c.isDefault(text, parentText)) {
      skipIndent = indent;
      continue;
    }
    const change = c.listChange(text, parentText);
    if (change) {
      changeList(parent, change, line, c);
      skipIndent = indent;
      continue;
    }
    const list = c.expandList(text, parentText);
    let node: Node | undefined;
    if (list) {
      const items = list.lines;
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as string;
        if (!c.isDefault(item, parentText)) node = addLine(parent, item, line, c);
      }
    } else {
      if (atTop && indent === 0 && !parent.child(text)) {
        // A new top-level section: find where its indented lines end, keep them unparsed.
        sectionEnd(source, pos, end);
        node = parent.append(text, line);
        node.orderedRule = c.ordered(text, undefined);
        if (end.pos > pos) {
          node.defer(source.slice(pos, end.pos));
          pos = end.pos;
          lineNo += end.lines;
          continue;
        }
      } else node = addLine(parent, text, line, c);
    }
    if (!node) skipIndent = indent;
    else {
      last = node;
      lastIndent = indent;
    }
  }
  for (let i = nodes.length - 1; i >= 0; i--) (nodes[i] as Node).seal();
}

/**
 * Where the indented lines after a top-level line end: the offset just past the last
 * indented line (blank lines inside count; blank lines after do not), and how many lines
 * that is, written to `out` (one object per parse, not per line). Looks only at the first
 * character of each line.
 */
function sectionEnd(text: string, from: number, out: { pos: number; lines: number }): void {
  let q = from;
  let end = from;
  let n = 0;
  let endLines = 0;
  while (q < text.length) {
    const ch = text.charCodeAt(q);
    let eol = text.indexOf('\n', q);
    if (eol < 0) eol = text.length;
    const blank = ch === 10 || ch === 13;
    if (!blank && ch !== 32 && ch !== 9) break;
    n++;
    if (!blank) {
      end = Math.min(eol + 1, text.length);
      endLines = n;
    }
    q = eol + 1;
  }
  out.pos = end;
  out.lines = endLines;
}

/**
 * Applies `… add LIST` / `… remove LIST` to the canonical list line of `parent` (IOS
 * `switchport trunk allowed vlan`): the line is replaced by one with the new list; with no
 * line, the list starts from the rule's `whenAbsent` (every VLAN), and a list equal to it
 * is not printed.
 */
export function changeList(parent: Node, change: { rule: ListRule; adds: boolean; items: number[] }, line: number, c: CompiledRules): void {
  const { rule } = change;
  const absent = rule.whenAbsent === undefined ? [] : (parseList(rule.whenAbsent) ?? []);
  let current: Node | undefined;
  for (const n of parent.live()) {
    if (c.listItems(rule, n.text)) {
      current = n;
      break;
    }
  }
  const items = new Set(current ? c.listItems(rule, current.text) : absent);
  for (const n of change.items) {
    if (change.adds) items.add(n);
    else items.delete(n);
  }
  current?.kill();
  const text = rule.item.replace('{}', formatList([...items]));
  if (items.size && text !== rule.item.replace('{}', formatList(absent))) addLine(parent, text, line, c);
}

/**
 * Adds a line under `parent`: in a keyed section a repeated text returns the existing node
 * (so `vlan range 10,20` and a later `vlan 10` section are one VLAN); a section that may
 * hold a sequence keeps every line.
 */
export function addLine(parent: Node, text: string, line: number, c: CompiledRules): Node {
  const before = parent.children.length;
  const node = parent.add(text, line, parent.orderedRule === undefined);
  if (parent.children.length > before) node.orderedRule = c.ordered(text, parent.parent === undefined ? undefined : parent.text);
  return node;
}
