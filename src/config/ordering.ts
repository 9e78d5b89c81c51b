/**
 * Step 2 of remediation: order the operations by dependency.
 *
 * Operations are bundled the way an engineer types them — units (the lines removed from
 * one section, the lines added to one section, a new section with everything in it, one
 * top-level line) inside groups (everything under one top-level section) — and each level
 * is ordered by the objects its bundles define and refer to (./schedule.ts), late ones
 * (`no shutdown`) last, otherwise in comparison order. Should bundles of a level depend on
 * each other in a circle, that level falls back to the finer one (groups → units → single
 * operations), so an order that satisfies every dependency is always found when one exists.
 */
import type { ObjectRule } from '../platforms/config-rules.js';
import type { CompiledRules, UseSink } from './compiled.js';
import type { Node } from './node.js';
import type { Op } from './ops.js';
import { order, schedule, type Job } from './schedule.js';

/** An op with the object keys it touches. */
interface OpJob extends Job {
  readonly op: Op;
  addsDef: readonly string[];
  addsRef: readonly string[];
  removesDef: readonly string[];
  removesRef: readonly string[];
  after: OpJob[];
  /** Keys of the objects this negation deletes, whose rule deletes their references with them. */
  readonly cascades: readonly string[];
  /** The unit it is typed in (set by toUnits). */
  unit: Unit | undefined;
}

/** Jobs ordered together, with the union of their keys. */
interface Bundle<T extends Job> extends Job {
  readonly items: T[];
  addsDef: readonly string[];
  addsRef: readonly string[];
  removesDef: readonly string[];
  removesRef: readonly string[];
  after: Bundle<T>[];
  follow?: Bundle<T>;
  /** Which key lists are this bundle's own (not an item's): bits of {@link OWN}. */
  owns?: number;
  /** The bundle whose `after` list last took this one (dedupes that list without a set). */
  takenBy?: unknown;
}

interface Unit extends Bundle<OpJob> {
  /** The group it is typed in (set by toGroups). */
  group?: Group;
}
type Group = Bundle<Unit>;

const LATE = 1e12;

/** Orders `ops` for typing; drops negations made redundant by a cascading delete. */
export function orderOps(ops: readonly Op[], c: CompiledRules): Op[] {
  let current = ops;
  for (let round = 0; ; round++) {
    const { jobs, byOp } = prepare(current, c);
    const result = nested(jobs, byOp);
    if (!result.forced || round >= MAX_SPLITS) return result.ops;
    // Some command had to go before what it waits for: break the cycle and order again.
    const stuck = order(jobs, false).stuck.filter((j) => !j.op.remove && j.op.removed.length > 0);
    if (!stuck.length) return result.ops;
    current = split(current, (stuck[0] as OpJob).op, c);
  }
}

/** Rounds of cycle breaking before the order is forced (each round is linear). */
const MAX_SPLITS = 64;

/**
 * Breaks a dependency cycle between commands that replace lines in place. FRR: swapping
 * two prefix-list entries between seq 5 and seq 10 with `seq 10 A` and `seq 5 B` fails
 * whichever goes first (the device ignores an entry identical to another seq). Splitting
 * one replacement into a negation of the old line and a plain addition lets the rest order.
 */
function split(ops: readonly Op[], op: Op, c: CompiledRules): Op[] {
  const parent = op.path.length ? op.path[op.path.length - 1] : undefined;
  const out: Op[] = [];
  for (const o of ops) {
    if (o !== op) {
      out.push(o);
      continue;
    }
    for (const old of op.removed) {
      out.push({ ...op, seq: op.seq - 0.5, text: c.negate(old.text, parent), remove: true, enters: false, late: false, removed: [old], added: undefined, after: [] });
    }
    out.push({ ...op, removed: [] });
  }
  return out;
}

function prepare(ops: readonly Op[], c: CompiledRules): { jobs: OpJob[]; byOp: Map<Op, OpJob> } {
  const keys = new KeyLists();
  const byOp = new Map<Op, OpJob>();
  const all: OpJob[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Op;
    const j = toJob(op, c, keys);
    all.push(j);
    byOp.set(op, j);
  }
  const jobs = pruneCascades(all, byOp);
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i] as OpJob;
    const parent = j.op.parentOp ? byOp.get(j.op.parentOp) : undefined;
    if (parent) addAfter(j, parent);
    const after = j.op.after;
    for (let k = 0; k < after.length; k++) {
      const aj = byOp.get(after[k] as Op);
      if (aj) addAfter(j, aj);
    }
  }
  return { jobs, byOp };
}

/** Shared empty list (never written to: replaced on the first push). */
const NO_JOBS: OpJob[] = [];

function addAfter(j: OpJob, first: OpJob): void {
  if (j.after === NO_JOBS) j.after = [first];
  else j.after.push(first);
}

/**
 * Orders groups, units inside them, ops inside units; a level with a cycle falls back to
 * the finer one. `forced` tells that even single ops could not all wait for what they need.
 */
function nested(jobs: OpJob[], byOp: ReadonlyMap<Op, OpJob>): { ops: Op[]; forced: boolean } {
  const units = toUnits(jobs, byOp);
  const groups = toGroups(units);
  const out: Op[] = [];
  let forced = false;
  const opsOf = (items: readonly OpJob[]): void => {
    if (items.length === 1) {
      out.push((items[0] as OpJob).op);
      return;
    }
    const r = order(items, true);
    if (r.forced) forced = true;
    const ordered = r.order;
    for (let i = 0; i < ordered.length; i++) out.push((ordered[i] as OpJob).op);
  };
  const orderedGroups = schedule(groups, false);
  if (orderedGroups) {
    for (const g of orderedGroups) {
      const inner = g.items.length === 1 ? g.items : schedule(g.items, false);
      if (inner) for (const u of inner) opsOf(u.items);
      else opsOf(g.items.flatMap((u) => u.items));
    }
    return { ops: out, forced };
  }
  const orderedUnits = schedule(units, false);
  if (orderedUnits) for (const u of orderedUnits) opsOf(u.items);
  else opsOf(jobs);
  return { ops: out, forced };
}

/** Shared empty key list (never written to). */
const NONE: string[] = [];

/** What `b` holds that `a` does not. */
function minus(b: readonly string[], a: readonly string[]): readonly string[] {
  if (!a.length || !b.length) return b;
  // The lists of one command are short: a scan beats a set.
  const drop = a.length > 8 ? new Set(a) : undefined;
  let out: string[] | undefined;
  for (let i = 0; i < b.length; i++) {
    const k = b[i] as string;
    const dropped = drop ? drop.has(k) : a.includes(k);
    if (dropped && !out) out = b.slice(0, i);
    else if (!dropped && out) out.push(k);
  }
  if (!out) return b;
  return out.length ? out : NONE;
}

/**
 * The lists the rules report one op's object keys into; `take` hands a list over and
 * starts a new one. Lists are made on the first key (most commands touch no object) and
 * the size they need: a key list is mostly one key.
 */
class KeyLists implements UseSink {
  defs: string[] | undefined;
  refs: string[] | undefined;
  cascades: string[] | undefined;
  /** Collect cascading definitions too (only for the lines a negation deletes itself). */
  withCascades = false;
  use(rule: ObjectRule, key: string, _name: string, def: boolean): void {
    if (!def) this.refs = add(this.refs, key);
    else {
      this.defs = add(this.defs, key);
      if (this.withCascades && rule.cascade) this.cascades = add(this.cascades, key);
    }
  }
  take(): { defs: readonly string[]; refs: readonly string[]; cascades: readonly string[] } {
    const out = { defs: this.defs ?? NONE, refs: this.refs ?? NONE, cascades: this.cascades ?? NONE };
    this.defs = this.refs = this.cascades = undefined;
    return out;
  }
}

function add(list: string[] | undefined, key: string): string[] {
  if (!list) return [key];
  list.push(key);
  return list;
}

function toJob(op: Op, c: CompiledRules, keys: KeyLists): OpJob {
  let addsDef: readonly string[] = NONE;
  let addsRef: readonly string[] = NONE;
  let removesDef: readonly string[] = NONE;
  let removesRef: readonly string[] = NONE;
  let cascades: readonly string[] = NONE;
  if (op.added) {
    c.objectKeys(op.added.text, op.path, keys);
    const got = keys.take();
    addsDef = got.defs;
    addsRef = got.refs;
  }
  if (op.removed.length) {
    keys.withCascades = op.remove;
    for (let i = 0; i < op.removed.length; i++) {
      const n = op.removed[i] as Node;
      c.objectKeys(n.text, op.path, keys);
      keys.withCascades = false;
      walkRemoved(n, op.path, c, keys);
      keys.withCascades = op.remove;
    }
    keys.withCascades = false;
    const got = keys.take();
    cascades = got.cascades;
    const rd = got.defs;
    const rr = got.refs;
    // An idempotent command redefines in place (`neighbor X remote-as M`): what it both
    // removes and adds is neither deleted nor created.
    removesDef = minus(rd, addsDef);
    removesRef = minus(rr, addsRef);
    addsDef = minus(addsDef, rd);
    addsRef = minus(addsRef, rr);
  }
  return { op, prio: (op.late ? LATE : 0) + op.seq, addsDef, addsRef, removesDef, removesRef, after: NO_JOBS, cascades, unit: undefined };
}

/** A deleted section takes its lines' definitions and references with it: the keys of everything under `n` go to `keys`. */
function walkRemoved(n: Node, path: readonly string[], c: CompiledRules, keys: KeyLists): void {
  const kids = n.live();
  if (!kids.length) return;
  const sub = [...path, n.text];
  for (let i = 0; i < kids.length; i++) {
    const ch = kids[i] as Node;
    c.objectKeys(ch.text, sub, keys);
    walkRemoved(ch, sub, c, keys);
  }
}

/**
 * When the device deletes an object's references with the object (FRR: `no neighbor X`
 * deletes every `neighbor X …` line, address-families included), negating those lines
 * separately would fail after the delete: drop them. What they took away (a route-map
 * reference) is now taken away by the delete, which inherits their keys.
 */
function pruneCascades(jobs: OpJob[], byOp: Map<Op, OpJob>): OpJob[] {
  let deleters: Map<string, OpJob> | undefined;
  for (const j of jobs) for (const k of j.cascades) (deleters ??= new Map()).set(k, j);
  if (!deleters) return jobs;
  for (const j of jobs) for (const k of j.addsDef) deleters.delete(k);
  if (!deleters.size) return jobs;
  const live = deleters;
  return jobs.filter((j) => {
    if (!j.op.remove || j.op.enters || j.removesDef.length) return true;
    const key = j.removesRef.find((k) => live.has(k));
    if (key === undefined) return true;
    const deleter = live.get(key) as OpJob;
    deleter.removesRef = [...deleter.removesRef, ...j.removesRef];
    byOp.delete(j.op);
    return false;
  });
}

/**
 * Groups jobs into units: the removals from one section, the additions to one section
 * (contiguous in comparison order), a new section with everything in it, one top-level line.
 */
function toUnits(jobs: readonly OpJob[], byOp: ReadonlyMap<Op, OpJob>): Unit[] {
  const units: Unit[] = [];
  // The unit being filled and the op that opened it.
  let open: Unit | undefined;
  let opener: Op | undefined;
  // The removals from a section, by path: its additions follow them when free to.
  const removalsAt = new Map<string, Unit>();
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i] as OpJob;
    const op = j.op;
    const parent = op.parentOp ? byOp.get(op.parentOp) : undefined;
    let unit = parent?.unit;
    if (!unit) {
      if (op.path.length > 0 && open && opener && opener.remove === op.remove && opener.late === op.late && samePath(opener.path, op.path)) unit = open;
      else {
        unit = newBundle<OpJob>(j.prio);
        units.push(unit);
        open = unit;
        opener = op;
        if (op.path.length > 0 && !op.late) {
          const at = op.path.length === 1 ? (op.path[0] as string) : op.path.join('\n');
          const minus = removalsAt.get(at);
          if (op.remove) removalsAt.set(at, unit);
          else if (minus) minus.follow = unit;
        }
      }
    }
    join(unit, j);
    j.unit = unit;
  }
  liftAfter(units, (j) => (j as OpJob).unit);
  return units;
}

/** Same headers (the same array, as ops of one section share theirs, or equal texts). */
function samePath(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Groups units by top-level section (late ones apart), so a section is typed in one go
 * once everything it needs exists: `route-map X` before the whole `router bgp` change
 * that uses it, rather than in its middle.
 */
function toGroups(units: readonly Unit[]): Group[] {
  const groups: Group[] = [];
  const byTop = new Map<string, Group>();
  const lateByTop = new Map<string, Group>();
  for (let i = 0; i < units.length; i++) {
    const u = units[i] as Unit;
    const op = (u.items[0] as OpJob).op;
    const top = op.path.length ? op.path[0] : op.enters ? op.text : undefined;
    const at = op.late ? lateByTop : byTop;
    let g = top === undefined ? undefined : at.get(top);
    if (!g) {
      g = newBundle<Unit>(u.prio);
      groups.push(g);
      if (top !== undefined) at.set(top, g);
    }
    join(g, u);
    u.group = g;
  }
  liftAfter(groups, (u) => (u as Unit).group);
  return groups;
}

/** A class, not an object literal: every bundle has one shape, whichever fields get set later. */
class BundleOf<T extends Job> implements Bundle<T> {
  readonly items: T[] = [];
  addsDef: readonly string[] = NONE;
  addsRef: readonly string[] = NONE;
  removesDef: readonly string[] = NONE;
  removesRef: readonly string[] = NONE;
  after: Bundle<T>[] = [];
  follow: Bundle<T> | undefined = undefined;
  owns = 0;
  takenBy: unknown = undefined;
  group: Group | undefined = undefined;
  constructor(readonly prio: number) {}
}

function newBundle<T extends Job>(prio: number): Bundle<T> {
  return new BundleOf<T>(prio);
}

/** Bits of {@link Bundle.owns}, one per key list. */
const OWN = { addsDef: 1, addsRef: 2, removesDef: 4, removesRef: 8 } as const;

/**
 * Adds `item` to `b`, and its keys to the bundle's: a list is shared with the first item
 * that has keys of that kind and copied only when a second one adds to it (most bundles
 * touch no object, or one).
 */
function join<T extends Job>(b: Bundle<T>, item: T): void {
  b.items.push(item);
  b.addsDef = merged(b, OWN.addsDef, b.addsDef, item.addsDef);
  b.addsRef = merged(b, OWN.addsRef, b.addsRef, item.addsRef);
  b.removesDef = merged(b, OWN.removesDef, b.removesDef, item.removesDef);
  b.removesRef = merged(b, OWN.removesRef, b.removesRef, item.removesRef);
}

function merged<T extends Job>(b: Bundle<T>, bit: number, mine: readonly string[], theirs: readonly string[]): readonly string[] {
  if (!theirs.length) return mine;
  if (!mine.length) return theirs;
  const own = b.owns ?? 0;
  const out = own & bit ? (mine as string[]) : mine.slice();
  b.owns = own | bit;
  for (let i = 0; i < theirs.length; i++) out.push(theirs[i] as string);
  return out;
}

/** A bundle comes after the bundles its items come after (`of` tells an item's bundle). */
function liftAfter<T extends Job>(bundles: readonly Bundle<T>[], of: (item: Job) => Bundle<T> | undefined): void {
  for (let i = 0; i < bundles.length; i++) {
    const b = bundles[i] as Bundle<T>;
    for (let k = 0; k < b.items.length; k++) {
      const after = (b.items[k] as T).after;
      for (let x = 0; x < after.length; x++) {
        const ab = of(after[x] as Job);
        if (ab && ab !== b && ab.takenBy !== b) {
          ab.takenBy = b;
          b.after.push(ab);
        }
      }
    }
  }
}
