/**
 * YAML loading that remembers where every node came from. js-yaml builds plain values and
 * forgets positions; its `listener` option reports each node as it is opened and closed,
 * which is enough to rebuild the node tree with offsets and map every JSON pointer
 * (`/devices/sw1/mgmt/host`) to a line and column. Schema and cross-reference problems
 * can then point at the exact spot in the user's file.
 */
import yaml from 'js-yaml';
import type { InputProblem } from '../errors.js';
import { expansionFault, MAX_DEPTH, type ExpansionFault } from './yaml-limits.js';

/** A 1-based place in a file. */
interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where a value sits, and for a mapping entry where its key sits. */
export interface NodePlace {
  readonly value: Position;
  readonly key?: Position;
}

/** A parsed YAML file with the positions of its nodes. */
export interface PositionedYaml {
  /** Path as shown to users (relative to the project root). */
  readonly file: string;
  readonly value: unknown;
  /** Place of the value at `pointer`, or of its nearest ancestor that has one. */
  place(pointer: string): NodePlace;
}

/** The outcome of parsing: the document, or the syntax problem that stopped js-yaml. */
type YamlParse = { readonly ok: true; readonly doc: PositionedYaml } | { readonly ok: false; readonly problem: InputProblem };

interface RawNode {
  open: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: RawNode[];
}

/** js-yaml's load options; its type definitions predate `maxDepth`. */
type LoadOptions = yaml.LoadOptions & { maxDepth?: number };

/** The part of js-yaml's loader state the listener reads. */
interface ListenerState {
  readonly position: number;
  readonly kind: string | null;
  readonly result: unknown;
}

/** Escapes one JSON-pointer segment (RFC 6901), the way ajv spells `instancePath`. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Parses `text` (the content of `file`). Positions are needed only for problems and a
 * few messages, so the node tree with offsets is built on the first `place()` call, by a
 * second parse with js-yaml's listener: a valid inventory pays for one plain parse.
 * A value that aliases expand beyond the limits of yaml-limits.ts is a problem too.
 */
export function parseYaml(text: string, file: string): YamlParse {
  let value: unknown;
  try {
    const options: LoadOptions = { filename: file, maxDepth: MAX_DEPTH };
    value = yaml.load(text, options);
  } catch (err) {
    if (err instanceof yaml.YAMLException) return { ok: false, problem: syntaxProblem(err, text, file) };
    throw err;
  }
  let tree: { top: RawNode | undefined } | undefined;
  let lines: number[] | undefined;
  const at = (offset: number): Position => toPosition((lines ??= lineStarts(text)), offset);
  const fallback: NodePlace = { value: { line: 1, column: 1 } };
  const doc: PositionedYaml = {
    file,
    value,
    // Places are looked up only for problems and device sources, so they are computed on
    // demand by walking the node tree, with a key index built once per mapping visited.
    place(pointer: string): NodePlace {
      tree ??= { top: nodeTree(text) };
      const top = tree.top;
      if (top === undefined) return fallback;
      let node = unwrap(top);
      let keyNode: RawNode | undefined;
      const segments = pointer === '' ? [] : pointer.slice(1).split('/');
      for (const seg of segments) {
        const entry = childOf(node, seg.replace(/~1/g, '/').replace(/~0/g, '~'));
        if (entry === undefined) break;
        node = unwrap(entry.value);
        keyNode = entry.key;
      }
      const keyPos = keyNode === undefined ? undefined : at(contentStart(text, keyNode.open, keyNode.end) ?? keyNode.open);
      const start = contentStart(text, node.open, node.end);
      const valuePos = start === undefined ? (keyPos ?? at(node.open)) : at(start);
      return keyPos === undefined ? { value: valuePos } : { value: valuePos, key: keyPos };
    },
  };
  const fault = expansionFault(value, text.length);
  return fault === undefined ? { ok: true, doc } : { ok: false, problem: expansionProblem(doc, fault) };
}

/** The alias (or nested collection) at which the value ran over a limit, in plain words. */
function expansionProblem(doc: PositionedYaml, fault: ExpansionFault): InputProblem {
  const pos = doc.place(fault.path.map((s) => `/${pointerSegment(s)}`).join('')).value;
  const location = { file: doc.file, line: pos.line, column: pos.column };
  if (fault.limit === 'depth') {
    return {
      location,
      message: `nested deeper than ${MAX_DEPTH} levels (through aliases)`,
      hint: 'an anchor that holds an alias of itself, or anchors stacked in anchors, nest without end; write the value out',
    };
  }
  return {
    location,
    message: `YAML aliases expand this file to more than ${fault.budget.toLocaleString('en-US')} values and characters`,
    hint: 'an alias repeats its anchor\'s whole content, and anchors that hold aliases multiply with each level ("billion laughs"); alias only small anchors, or write the values out',
  };
}

/** Parses again, recording each node's offsets as js-yaml opens and closes it. */
function nodeTree(text: string): RawNode | undefined {
  const root: RawNode = { open: 0, end: 0, kind: null, result: undefined, children: [] };
  const stack: RawNode[] = [root];
  yaml.load(text, {
    maxDepth: MAX_DEPTH,
    listener(this: unknown, event: string, state: ListenerState) {
      if (event === 'open') {
        stack.push({ open: state.position, end: state.position, kind: null, result: undefined, children: [] });
        return;
      }
      const node = stack.pop();
      if (node === undefined) return;
      node.end = state.position;
      node.kind = state.kind;
      node.result = state.result;
      stack[stack.length - 1]?.children.push(node);
    },
  } as LoadOptions);
  return root.children[0];
}

/** js-yaml composes a block sequence item as a node wrapping the node of its content. */
function unwrap(outer: RawNode): RawNode {
  let node = outer;
  while (node.children.length === 1 && node.children[0]!.result === node.result && node.children[0]!.kind === node.kind) node = node.children[0]!;
  return node;
}

const indexes = new WeakMap<RawNode, Map<string, { key: RawNode | undefined; value: RawNode }>>();

/** The entry `segment` of a mapping or sequence node (undefined when there is none). */
function childOf(node: RawNode, segment: string): { key: RawNode | undefined; value: RawNode } | undefined {
  let index = indexes.get(node);
  if (index === undefined) {
    index = new Map();
    const kids = node.children;
    // Children of a mapping alternate key, value. A flow mapping entry without a value
    // (`{ a, b: 1 }`) breaks the pairing; then only the mapping itself has a place.
    if (node.kind === 'mapping' && kids.length % 2 === 0) {
      for (let i = 0; i < kids.length; i += 2) {
        if (kids[i]!.result !== '<<') index.set(String(kids[i]!.result), { key: kids[i]!, value: kids[i + 1]! });
      }
    } else if (node.kind === 'sequence' && Array.isArray(node.result) && node.result.length === kids.length) {
      kids.forEach((child, i) => index!.set(String(i), { key: undefined, value: child }));
    }
    indexes.set(node, index);
  }
  return index.get(segment);
}

/**
 * A node is opened before js-yaml skips the whitespace and comments in front of it; the
 * content starts at the first character that is neither. `undefined` for an empty node.
 */
function contentStart(text: string, from: number, end: number): number | undefined {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */) {
      while (i < end && text.charCodeAt(i) !== 0x0a) i++;
    } else return i;
  }
  return undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function toPosition(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** js-yaml's reasons, reworded for someone who has just edited an inventory file. */
function syntaxProblem(err: yaml.YAMLException, text: string, file: string): InputProblem {
  const mark = (err as yaml.YAMLException & { mark?: { line: number; column: number; position: number } }).mark;
  const location = mark ? { file, line: mark.line + 1, column: mark.column + 1 } : { file };
  const reason = err.reason;
  if (reason === 'duplicated mapping key') {
    const key = mark ? keyAt(text, mark.position) : undefined;
    return {
      location,
      message: `duplicate key${key ? ` "${key}"` : ''}: a key may appear only once in a mapping`,
      hint: 'remove or rename one of them (other YAML tools would silently keep only the last)',
    };
  }
  if (reason.startsWith('tab characters must not be used in indentation')) {
    return { location, message: 'tab character in indentation: YAML indents with spaces only', hint: 'replace the tab with spaces' };
  }
  if (reason.startsWith('expected a single document')) {
    return { location, message: 'more than one YAML document (---) in one file', hint: 'keep one document per file' };
  }
  if (reason.startsWith('nesting exceeded maxDepth')) {
    return { location, message: `nested deeper than ${MAX_DEPTH} levels`, hint: 'flatten the structure: no inventory or rules file needs this depth' };
  }
  if (reason === 'bad indentation of a mapping entry') {
    return { location, message: `YAML syntax error: ${reason}`, hint: 'indent nested keys more than their parent, and quote a value that contains ": "' };
  }
  return { location, message: `YAML syntax error: ${reason}`, hint: 'check the indentation and the quotes and brackets on this line and the one before' };
}

function keyAt(text: string, offset: number): string | undefined {
  const m = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^:\n]+?))\s*:/.exec(text.slice(offset, offset + 200));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}
