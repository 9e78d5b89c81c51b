/**
 * The config tree: one node per line, children in order, looked up by their text in O(1).
 */
import type { OrderedSectionRule } from '../platforms/config-rules.js';

/** One line of a config and the lines indented under it. */
export interface ConfigNode {
  /** Normalised text (one space between words); a multi-line block (banner) keeps its lines joined by `\n`. The root's text is ''. */
  readonly text: string;
  /** 0 for top-level lines, -1 for the root. */
  readonly depth: number;
  readonly parent: ConfigNode | undefined;
  /** Children in the order they were read (the normalised text sorts them). */
  readonly children: readonly ConfigNode[];
  /** 1-based line number in the source text (0 when made by a command). */
  readonly line: number;
  /** The child with this exact text, if any. */
  child(text: string): ConfigNode | undefined;
}

/** A parsed config: the root node (text '') whose children are the top-level lines. */
export interface ConfigTree extends ConfigNode {
  /** Number of nodes below the root. */
  readonly size: number;
}

/** The mutable node behind {@link ConfigNode}; only src/config sees this class. */
export class Node implements ConfigTree {
  readonly children: Node[] = [];
  /** First live child of each text. */
  readonly index = new Map<string, Node>();
  /** Set on sections whose children may be a sequence with repeats; see {@link OrderedSectionRule}. */
  orderedRule: OrderedSectionRule | undefined;
  /** Removed by a command in `predict`; skipped everywhere. */
  dead = false;
  /** Cached sort key (rank + natural key). */
  sortKey: string | undefined;
  /** Per-parent indexes built on demand by `predict`. */
  siblings: SiblingIndex | undefined;
  size = 0;

  constructor(
    readonly text: string,
    readonly parent: Node | undefined,
    readonly depth: number,
    readonly line: number,
  ) {}

  child(text: string): Node | undefined {
    return this.index.get(text);
  }

  /**
   * True when the children are a sequence (order matters, repeats allowed): the section
   * matches an ordered rule and not every child matches its `unlessChildren`.
   */
  isOrdered(): boolean {
    const r = this.orderedRule;
    if (!r) return false;
    if (!r.unlessChildren) return true;
    for (const c of this.children) if (!c.dead && !r.unlessChildren.test(c.text)) return true;
    return false;
  }

  /** Live children; in a keyed section only the first of equal texts. */
  *live(): Iterable<Node> {
    const ordered = this.isOrdered();
    for (const c of this.children) if (!c.dead && (ordered || this.index.get(c.text) === c)) yield c;
  }

  /** Header texts from the top-level ancestor down to this node (the path of its children). */
  path(): string[] {
    const out: string[] = [];
    if (this.depth < 0) return out;
    out.push(this.text);
    for (let n = this.parent; n && n.depth >= 0; n = n.parent) out.push(n.text);
    return out.reverse();
  }

  /** Appends a child; with `merge`, returns the existing live child of the same text instead. */
  add(text: string, line: number, merge: boolean): Node {
    if (merge) {
      const existing = this.index.get(text);
      if (existing && !existing.dead) return existing;
    }
    const node = new Node(text, this, this.depth + 1, line);
    this.children.push(node);
    if (!this.index.has(text) || this.index.get(text)?.dead) this.index.set(text, node);
    this.siblings?.add(node);
    return node;
  }

  /** Marks this node removed and drops it from its parent's indexes. */
  kill(): void {
    if (this.dead) return;
    this.dead = true;
    const p = this.parent;
    if (!p) return;
    p.siblings?.remove(this);
    if (p.index.get(this.text) === this) {
      p.index.delete(this.text);
      // A section with repeated lines may hold another copy of this text.
      if (p.orderedRule) {
        const other = p.children.find((c) => !c.dead && c.text === this.text);
        if (other) p.index.set(this.text, other);
      }
    }
  }
}

/** Indexes over a node's children for `predict`: by word prefix, by idempotent key, by object name. */
export class SiblingIndex {
  readonly byPrefix = new Map<string, Set<Node>>();
  readonly byKey = new Map<string, Set<Node>>();
  readonly byObject = new Map<string, Set<Node>>();

  constructor(
    private readonly keysOf: (node: Node) => { prefixes: readonly string[]; key: string | undefined; objects: readonly string[] },
    children: Iterable<Node>,
  ) {
    for (const c of children) if (!c.dead) this.add(c);
  }

  add(node: Node): void {
    const k = this.keysOf(node);
    for (const p of k.prefixes) put(this.byPrefix, p, node);
    if (k.key !== undefined) put(this.byKey, k.key, node);
    for (const o of k.objects) put(this.byObject, o, node);
  }

  remove(node: Node): void {
    const k = this.keysOf(node);
    for (const p of k.prefixes) this.byPrefix.get(p)?.delete(node);
    if (k.key !== undefined) this.byKey.get(k.key)?.delete(node);
    for (const o of k.objects) this.byObject.get(o)?.delete(node);
  }
}

function put(map: Map<string, Set<Node>>, key: string, node: Node): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(node);
}
