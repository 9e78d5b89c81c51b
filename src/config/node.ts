/**
 * The config tree: one node per line, children in order, looked up by their text in O(1).
 */
import type { OrderedSectionRule } from '../platforms/config-rules.js';

/** One line of a config and the lines indented under it. */
interface ConfigNode {
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

const NO_CHILDREN: readonly Node[] = Object.freeze([]);
/** Children count above which a section gets a Map from text to child. */
const INDEX_FROM = 32;

/**
 * The mutable node behind {@link ConfigNode}; only src/config sees this class. Leaves
 * (most lines) allocate no child array and no index: configs of 200k lines stay cheap.
 */
export class Node implements ConfigTree {
  /**
   * The children; or, while a section is deferred (see {@link defer}), the raw text of its
   * lines. One field for both: a config has tens of thousands of nodes, and every field of
   * a node is memory the garbage collector copies.
   */
  private kids: Node[] | string | undefined = undefined;
  /** What few nodes need, kept apart so the many leaves stay small (and the GC fast). */
  private x: Extras | undefined = undefined;

  constructor(
    readonly text: string,
    readonly parent: Node | undefined,
    readonly line: number,
  ) {}

  /** 0 for top-level lines, -1 for the root (counted, not stored: configs nest three deep at most). */
  get depth(): number {
    let d = -1;
    for (let n = this.parent; n; n = n.parent) d++;
    return d;
  }

  get children(): readonly Node[] {
    if (typeof this.kids === 'string') this.expand();
    return (this.kids as Node[] | undefined) ?? NO_CHILDREN;
  }

  /**
   * Leaves a top-level section's lines unparsed until something asks for them: `src` is
   * the raw text of its children, parsed into this node by the root's expander (see
   * {@link deferWith}). Remediation compares unparsed sections by their text, so a section
   * unchanged between running and desired (most of them) is never broken into nodes.
   */
  defer(src: string): void {
    this.kids = src;
  }

  /** On the root: how its deferred sections are parsed (one function per tree). */
  deferWith(expand: (node: Node, src: string) => void): void {
    (this.x ??= {}).expander = expand;
  }

  /** True when both sections are still unparsed and their raw text is the same (so, parsed with the same rules, they are equal). */
  sameSource(other: Node): boolean {
    return typeof this.kids === 'string' && this.kids === other.kids;
  }

  private expand(): void {
    const src = this.kids;
    if (typeof src !== 'string') return;
    this.kids = undefined;
    // Deferred sections are top-level: the parent is the root, which holds the expander.
    let root = this.parent;
    while (root?.parent) root = root.parent;
    const expand = root?.x?.expander;
    if (!expand) throw new Error('a deferred section outside a parsed tree');
    expand(this, src);
  }

  /** Set on sections whose children may be a sequence with repeats; see {@link OrderedSectionRule}. */
  get orderedRule(): OrderedSectionRule | undefined {
    return this.x?.orderedRule;
  }
  set orderedRule(rule: OrderedSectionRule | undefined) {
    if (rule || this.x) (this.x ??= {}).orderedRule = rule;
  }

  /** Removed by a command in `predict`; skipped everywhere. */
  get dead(): boolean {
    return this.x?.dead === true;
  }

  /** Cached sort key (rank + natural key). */
  get sortKey(): string | undefined {
    return this.x?.sortKey;
  }
  set sortKey(key: string | undefined) {
    (this.x ??= {}).sortKey = key;
  }

  /** Per-parent indexes built on demand by `predict`. */
  get siblings(): SiblingIndex | undefined {
    return this.x?.siblings;
  }
  set siblings(index: SiblingIndex | undefined) {
    (this.x ??= {}).siblings = index;
  }

  /** Number of nodes below this one. */
  get size(): number {
    let n = 0;
    for (const c of this.live()) n += 1 + c.size;
    return n;
  }

  child(text: string): Node | undefined {
    if (typeof this.kids === 'string') this.expand();
    const byText = this.x?.byText;
    if (byText) return byText.get(text);
    const kids = this.kids as Node[] | undefined;
    if (kids) {
      for (let i = 0; i < kids.length; i++) {
        const k = kids[i] as Node;
        if (k.text === text && !k.dead) return k;
      }
    }
    return undefined;
  }

  /**
   * True when the children are a sequence (order matters, repeats allowed): the section
   * matches an ordered rule and not every child matches its `unlessChildren`.
   */
  isOrdered(): boolean {
    const r = this.orderedRule;
    if (!r) return false;
    if (!r.unlessChildren) return true;
    const kids = this.children;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i] as Node;
      if (!c.dead && !r.unlessChildren.test(c.text)) return true;
    }
    return false;
  }

  /** Live children; in a keyed section only the first of equal texts. Shares the child array when nothing is filtered. */
  live(): readonly Node[] {
    if (typeof this.kids === 'string') this.expand();
    const kids = this.kids as Node[] | undefined;
    if (!kids) return NO_CHILDREN;
    if (!this.x?.holes && (this.orderedRule === undefined || this.isOrdered())) return kids;
    const ordered = this.isOrdered();
    return kids.filter((c) => !c.dead && (ordered || this.child(c.text) === c));
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
    // child() expands a deferred section first.
    const existing = this.child(text);
    if (merge && existing) return existing;
    // A keyed section with a repeated text (possible only while an ordered rule decides) is filtered by live().
    if (existing) (this.x ??= {}).holes = true;
    return this.append(text, line, existing !== undefined);
  }

  /**
   * Appends a child the caller knows is new (no live child has its text, unless `repeated`):
   * the parser has just looked, and a second lookup in a section of 10k lines is not free.
   */
  append(text: string, line: number, repeated = false): Node {
    if (typeof this.kids === 'string') this.expand();
    const node = new Node(text, this, line);
    const kids = (this.kids as Node[] | undefined) ?? (this.kids = []);
    kids.push(node);
    const byText = this.x?.byText;
    if (byText) {
      if (!repeated) byText.set(text, node);
    } else if (kids.length > INDEX_FROM) {
      // Small sections are searched; a Map per section would cost more than it saves.
      const index = new Map<string, Node>();
      for (const k of kids) if (!k.dead && !index.has(k.text)) index.set(k.text, k);
      (this.x ??= {}).byText = index;
    }
    this.siblings?.add(node);
    return node;
  }

  /**
   * Called by the parser when a section's last line has been read: a small child array
   * is copied to its exact size (an array grown by push holds room for 17), since every
   * surviving array is copied by the young-generation collector, and most sections have
   * a handful of lines.
   */
  seal(): void {
    const kids = this.kids;
    if (Array.isArray(kids) && kids.length <= 16) this.kids = kids.slice();
  }

  /** Marks this node removed and drops it from its parent's indexes. */
  kill(): void {
    if (this.dead) return;
    (this.x ??= {}).dead = true;
    const p = this.parent;
    if (!p) return;
    (p.x ??= {}).holes = true;
    p.siblings?.remove(this);
    const byText = p.x.byText;
    if (byText?.get(this.text) === this) {
      byText.delete(this.text);
      // A section with repeated lines may hold another copy of this text.
      const other = p.children.find((c) => !c.dead && c.text === this.text);
      if (other) byText.set(this.text, other);
    }
  }
}

/** The rarely set fields of a node. */
interface Extras {
  orderedRule?: OrderedSectionRule | undefined;
  dead?: boolean;
  /** Some child was removed or repeated: live() must filter. */
  holes?: boolean;
  sortKey?: string | undefined;
  siblings?: SiblingIndex | undefined;
  /** First live child of each text (only for sections of more than INDEX_FROM children). */
  byText?: Map<string, Node> | undefined;
  /** On the root: parses a deferred section. */
  expander?: ((node: Node, src: string) => void) | undefined;
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
