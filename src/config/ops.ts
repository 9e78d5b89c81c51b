/**
 * Step 1 of remediation: compare the running and desired trees section by section and list
 * the operations — negations of lines only in running, additions of lines only in desired —
 * applying the platform's idempotent, persistent, ordered-section and cascade rules.
 * Ordering is step 2 (./ordering.ts), typing is step 3 (./emit.ts).
 */
import { expandTemplate } from './text.js';
import type { CompiledRules } from './compiled.js';
import type { Node } from './node.js';
import { isVoid, persistentRule } from './serialise.js';

/** One command to type in one section. */
export interface Op {
  /** Position in comparison order (removals of a section first, then its additions, in desired order). */
  readonly seq: number;
  /** Headers of the section it is typed in (empty at the top level). */
  readonly path: readonly string[];
  /** The command (a multi-line block keeps its lines joined by `\n`). */
  readonly text: string;
  /** A negation (or a reset). */
  readonly remove: boolean;
  /** Adds a section header: the section is entered and its children follow. */
  readonly enters: boolean;
  /** Typed after everything else (`no shutdown`). */
  readonly late: boolean;
  /** Running nodes this op deletes (a negation) or replaces (an idempotent command). */
  readonly removed: Node[];
  /** The desired node this op adds. */
  readonly added: Node | undefined;
  /** The op that creates the new section this op is typed in. */
  readonly parentOp: Op | undefined;
  /** Ops that must come first. */
  readonly after: Op[];
}

/** Lists the operations that turn `running` into `desired` (both parsed with the same rules). */
export function listOps(running: Node, desired: Node, c: CompiledRules): Op[] {
  const b = new OpBuilder(c);
  b.section(running, desired, []);
  return b.ops;
}

const NO_NODES: readonly Node[] = Object.freeze([]);

/** For each of `ds` (children of a desired section), the running child of `r` with its text. */
function runningPeers(r: Node, ds: readonly Node[]): (Node | undefined)[] {
  const out = new Array<Node | undefined>(ds.length);
  for (let i = 0; i < ds.length; i++) out[i] = r.child((ds[i] as Node).text);
  return out;
}

/** `path` and one more header, without the spread (this runs for every section compared). */
function below(path: readonly string[], header: string): string[] {
  const out = new Array<string>(path.length + 1);
  for (let i = 0; i < path.length; i++) out[i] = path[i] as string;
  out[path.length] = header;
  return out;
}

class OpBuilder {
  readonly ops: Op[] = [];

  constructor(private readonly c: CompiledRules) {}

  /** Compares the children of one section present on both sides (or only in running, whose lines are negated). */
  section(r: Node | undefined, d: Node | undefined, path: readonly string[]): void {
    const c = this.c;
    const parent = path.length ? path[path.length - 1] : undefined;
    // Running lines replaced by a desired line of the same idempotent key, by that line.
    let replaced: Map<Node, Node[]> | undefined;
    // This section's negations by text: the same command twice is typed once.
    const negations: Negations = { byText: undefined };
    // The running line of each desired line, looked up once: the removals below need to
    // know which desired lines are new, the additions after them which are not.
    const ds = d ? d.live() : NO_NODES;
    const peers = r && ds.length ? runningPeers(r, ds) : NO_NODES;
    if (r) {
      let byKey: Map<string, Node> | undefined;
      const rs = r.live();
      for (let i = 0; i < rs.length; i++) {
        const rc = rs[i] as Node;
        const dc = d?.child(rc.text);
        if (dc && rc.sameSource(dc)) continue;
        // An empty persistent section is the same as none, on either side.
        if ((dc && !dc.dead && !isVoid(dc, c)) || isVoid(rc, c)) continue;
        const persistent = persistentRule(rc, c);
        if (persistent) {
          // The device keeps the section (a port cannot be deleted): clear it instead.
          if (persistent.reset) this.negation(path, expandTemplate(persistent.reset, [], rc.text), [rc], negations);
          else this.section(rc, undefined, below(path, rc.text));
          continue;
        }
        const key = d ? c.idempotentKey(rc.text, parent) : undefined;
        if (key !== undefined && d) {
          byKey ??= this.addedByKey(ds, peers, parent);
          const by = byKey.get(key);
          if (by) {
            // The new line replaces this one on the device: no negation (a `no description X` would even fail).
            replaced ??= new Map();
            const old = replaced.get(by);
            if (old) old.push(rc);
            else replaced.set(by, [rc]);
            continue;
          }
        }
        this.negation(path, c.negate(rc.text, parent), [rc], negations);
      }
    }
    if (!d) return;
    for (let i = 0; i < ds.length; i++) {
      const dc = ds[i] as Node;
      const rc = peers[i];
      // Unchanged text, unchanged section: not even parsed.
      if (rc && rc.sameSource(dc)) continue;
      if (isVoid(dc, c)) continue;
      if (rc && !rc.dead) {
        if (rc.isOrdered() || dc.isOrdered()) {
          if (!sameSequence(rc, dc)) {
            // A sequence cannot be edited in place: delete it and type it again.
            const gone = this.negation(path, c.negate(rc.text, parent), [rc], negations);
            this.subtree(dc, path, undefined, [gone], []);
          }
        } else if (rc.children.length || dc.children.length) {
          this.section(rc, dc, below(path, dc.text));
        }
        continue;
      }
      this.subtree(dc, path, undefined, [], replaced?.get(dc) ?? []);
    }
  }

  /** Adds `dn` and everything under it. */
  private subtree(dn: Node, path: readonly string[], parentOp: Op | undefined, after: Op[], replaced: Node[]): void {
    const c = this.c;
    const parent = path.length ? path[path.length - 1] : undefined;
    const hasChildren = dn.live().length > 0;
    const op: Op = {
      seq: this.ops.length,
      path,
      text: dn.text,
      remove: false,
      enters: hasChildren || c.section(dn.text, parent) !== undefined,
      late: c.isLate(dn.text, parent),
      removed: replaced,
      added: dn,
      parentOp,
      after,
    };
    this.ops.push(op);
    if (!hasChildren) return;
    const sub = below(path, dn.text);
    const kids = dn.live();
    for (let i = 0; i < kids.length; i++) {
      const child = kids[i] as Node;
      if (!isVoid(child, c)) this.subtree(child, sub, op, [], []);
    }
  }

  /** A negation; the same command twice in one section is typed once (`no username X` for two lines of X). */
  private negation(path: readonly string[], text: string, removed: Node[], seen: Negations): Op {
    const known = seen.byText?.get(text);
    if (known) {
      known.removed.push(...removed);
      return known;
    }
    const op: Op = {
      seq: this.ops.length,
      path,
      text,
      remove: true,
      enters: false,
      late: this.c.isLate(text, path.length ? path[path.length - 1] : undefined),
      removed,
      added: undefined,
      parentOp: undefined,
      after: [],
    };
    this.ops.push(op);
    (seen.byText ??= new Map()).set(text, op);
    return op;
  }

  /** Idempotent keys of the lines only in desired. */
  private addedByKey(ds: readonly Node[], peers: readonly (Node | undefined)[], parent: string | undefined): Map<string, Node> {
    const out = new Map<string, Node>();
    for (let i = 0; i < ds.length; i++) {
      const dc = ds[i] as Node;
      const rc = peers[i];
      if (rc && !rc.dead) continue;
      const key = this.c.idempotentKey(dc.text, parent);
      if (key !== undefined && !out.has(key)) out.set(key, dc);
    }
    return out;
  }
}

/** The negations typed in one section, made on the first. */
interface Negations {
  byText: Map<string, Op> | undefined;
}

/** Same children in the same order, recursively. */
function sameSequence(a: Node, b: Node): boolean {
  const x = a.live();
  const y = b.live();
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i] as Node;
    const q = y[i] as Node;
    if (p.text !== q.text || !sameSequence(p, q)) return false;
  }
  return true;
}
