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
import type { CompiledRules, ObjectUse } from './compiled.js';
import type { Node } from './node.js';
import type { Op } from './ops.js';
import { order, schedule, type Job } from './schedule.js';

/** An op with the object keys it touches. */
interface OpJob extends Job {
  readonly op: Op;
  removesRef: readonly string[];
  after: OpJob[];
}

/** Jobs ordered together, with the union of their keys. */
interface Bundle<T extends Job> extends Job {
  readonly items: T[];
  addsDef: readonly string[];
  addsRef: readonly string[];
  removesDef: readonly string[];
  removesRef: readonly string[];
  readonly after: Bundle<T>[];
  follow?: Bundle<T>;
  /** The key lists are this bundle's own (not its first item's): safe to push to. */
  owned?: boolean;
}

type Unit = Bundle<OpJob>;
type Group = Bundle<Unit>;

const LATE = 1e12;

/** Orders `ops` for typing; drops negations made redundant by a cascading delete. */
export function plan(ops: readonly Op[], c: CompiledRules): Op[] {
  let current = ops;
  for (let round = 0; ; round++) {
    const jobs = prepare(current, c);
    const result = nested(jobs);
    if (!result.forced || round >= MAX_SPLITS) return result.ops;
    // Some command had to go before what it waits for: break the cycle and plan again.
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

function prepare(ops: readonly Op[], c: CompiledRules): OpJob[] {
  const jobs = pruneCascades(ops.map((op) => toJob(op, c)), c);
  const byOp = new Map<Op, OpJob>(jobs.map((j) => [j.op, j]));
  for (const j of jobs) {
    const parent = j.op.parentOp ? byOp.get(j.op.parentOp) : undefined;
    if (parent) j.after.push(parent);
    for (const a of j.op.after) {
      const aj = byOp.get(a);
      if (aj) j.after.push(aj);
    }
  }
  return jobs;
}

/**
 * Orders groups, units inside them, ops inside units; a level with a cycle falls back to
 * the finer one. `forced` tells that even single ops could not all wait for what they need.
 */
function nested(jobs: OpJob[]): { ops: Op[]; forced: boolean } {
  const units = toUnits(jobs);
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
    for (const j of r.order) out.push(j.op);
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

const keysOf = (uses: readonly ObjectUse[]): string[] => (uses.length ? uses.map((u) => u.key) : NONE);

/** What `b` holds that `a` does not. */
function minus(b: string[], a: string[]): string[] {
  if (!a.length || !b.length) return b;
  const drop = new Set(a);
  const out = b.filter((k) => !drop.has(k));
  return out.length ? out : NONE;
}

function toJob(op: Op, c: CompiledRules): OpJob {
  let addsDef = NONE;
  let addsRef = NONE;
  let removesDef = NONE;
  let removesRef = NONE;
  if (op.added) {
    addsDef = keysOf(c.defines(op.added.text, op.path));
    addsRef = keysOf(c.references(op.added.text, op.path));
  }
  if (op.removed.length) {
    const rd: string[] = [];
    const rr: string[] = [];
    for (const n of op.removed) walkRemoved(n, op.path, c, rd, rr);
    // An idempotent command redefines in place (`neighbor X remote-as M`): what it both
    // removes and adds is neither deleted nor created.
    removesDef = minus(rd, addsDef);
    removesRef = minus(rr, addsRef);
    addsDef = minus(addsDef, rd);
    addsRef = minus(addsRef, rr);
  }
  return { op, prio: (op.late ? LATE : 0) + op.seq, addsDef, addsRef, removesDef, removesRef, after: [] };
}

/** A deleted section takes its lines' definitions and references with it: their keys go to `rd` and `rr`. */
function walkRemoved(n: Node, path: readonly string[], c: CompiledRules, rd: string[], rr: string[]): void {
  for (const u of c.defines(n.text, path)) rd.push(u.key);
  for (const u of c.references(n.text, path)) rr.push(u.key);
  const kids = n.live();
  if (kids.length) {
    const sub = [...path, n.text];
    for (const ch of kids) walkRemoved(ch, sub, c, rd, rr);
  }
}

/**
 * When the device deletes an object's references with the object (FRR: `no neighbor X`
 * deletes every `neighbor X …` line, address-families included), negating those lines
 * separately would fail after the delete: drop them. What they took away (a route-map
 * reference) is now taken away by the delete, which inherits their keys.
 */
function pruneCascades(jobs: OpJob[], c: CompiledRules): OpJob[] {
  const deleters = new Map<string, OpJob>();
  for (const j of jobs) {
    if (!j.op.remove) continue;
    for (const n of j.op.removed) for (const u of c.defines(n.text, j.op.path)) if (u.rule.cascade) deleters.set(u.key, j);
  }
  if (!deleters.size) return jobs;
  for (const j of jobs) for (const k of j.addsDef) deleters.delete(k);
  if (!deleters.size) return jobs;
  return jobs.filter((j) => {
    if (!j.op.remove || j.op.enters || j.removesDef.length) return true;
    const key = j.removesRef.find((k) => deleters.has(k));
    if (key === undefined) return true;
    const deleter = deleters.get(key) as OpJob;
    deleter.removesRef = [...deleter.removesRef, ...j.removesRef];
    return false;
  });
}

/**
 * Groups jobs into units: the removals from one section, the additions to one section
 * (contiguous in comparison order), a new section with everything in it, one top-level line.
 */
function toUnits(jobs: readonly OpJob[]): Unit[] {
  const units: Unit[] = [];
  const unitOf = new Map<OpJob, Unit>();
  const byOp = new Map<Op, OpJob>(jobs.map((j) => [j.op, j]));
  let open: { unit: Unit; id: string } | undefined;
  // The removals from a section, by path: its additions follow them when free to.
  const removalsAt = new Map<string, Unit>();
  for (const j of jobs) {
    const parent = j.op.parentOp ? byOp.get(j.op.parentOp) : undefined;
    let unit = parent ? unitOf.get(parent) : undefined;
    if (!unit) {
      const id = `${j.op.remove ? '-' : '+'}${j.op.late ? 'L' : ''}${j.op.path.join('\n')}`;
      if (j.op.path.length > 0 && open && open.id === id) unit = open.unit;
      else {
        unit = newBundle(j.prio);
        units.push(unit);
        open = { unit, id };
        if (j.op.path.length > 0 && !j.op.late) {
          const at = j.op.path.join('\n');
          const minus = removalsAt.get(at);
          if (j.op.remove) removalsAt.set(at, unit);
          else if (minus) minus.follow = unit;
        }
      }
    }
    join(unit, j);
    unitOf.set(j, unit);
  }
  liftAfter(units, unitOf);
  return units;
}

/**
 * Groups units by top-level section (late ones apart), so a section is typed in one go
 * once everything it needs exists: `route-map X` before the whole `router bgp` change
 * that uses it, rather than in its middle.
 */
function toGroups(units: readonly Unit[]): Group[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  const groupOf = new Map<Unit, Group>();
  units.forEach((u, i) => {
    const op = (u.items[0] as OpJob).op;
    const top = op.path.length ? op.path[0] : op.enters ? op.text : undefined;
    const key = top === undefined ? `#${i}` : `${op.late ? 'L' : ''}${top}`;
    let g = byKey.get(key);
    if (!g) {
      g = newBundle(u.prio);
      groups.push(g);
      byKey.set(key, g);
    }
    join(g, u);
    groupOf.set(u, g);
  });
  liftAfter(groups, groupOf);
  return groups;
}

function newBundle<T extends Job>(prio: number): Bundle<T> {
  return { items: [], prio, addsDef: NONE, addsRef: NONE, removesDef: NONE, removesRef: NONE, after: [] };
}

/** Adds `item` to `b`: a bundle of one shares its item's key lists, a bigger one owns copies. */
function join<T extends Job>(b: Bundle<T>, item: T): void {
  b.items.push(item);
  if (b.items.length === 1) {
    b.addsDef = item.addsDef;
    b.addsRef = item.addsRef;
    b.removesDef = item.removesDef;
    b.removesRef = item.removesRef;
    return;
  }
  if (!b.owned) {
    b.owned = true;
    b.addsDef = [...b.addsDef];
    b.addsRef = [...b.addsRef];
    b.removesDef = [...b.removesDef];
    b.removesRef = [...b.removesRef];
  }
  (b.addsDef as string[]).push(...item.addsDef);
  (b.addsRef as string[]).push(...item.addsRef);
  (b.removesDef as string[]).push(...item.removesDef);
  (b.removesRef as string[]).push(...item.removesRef);
}

/** A bundle comes after the bundles its items come after. */
function liftAfter<T extends Job>(bundles: readonly Bundle<T>[], bundleOf: Map<T, Bundle<T>>): void {
  for (const b of bundles) {
    const seen = new Set<Bundle<T>>();
    for (const item of b.items) {
      for (const a of item.after) {
        const ab = bundleOf.get(a as T);
        if (ab && ab !== b && !seen.has(ab)) {
          seen.add(ab);
          b.after.push(ab);
        }
      }
    }
  }
}
