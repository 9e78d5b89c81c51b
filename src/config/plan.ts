/**
 * Step 2 of remediation: order the operations by dependency.
 *
 * Operations are grouped into units an engineer would type in one go — the lines removed
 * from one section, the lines added to one section, a new section with everything in it,
 * one top-level line — and units are ordered by the objects they define and refer to
 * (./schedule.ts), late units (`no shutdown`) last. Inside a unit the same rules order the
 * lines (a neighbor before its description). Should units depend on each other in a
 * circle, ordering falls back to single operations.
 */
import type { CompiledRules } from './compiled.js';
import type { Node } from './node.js';
import type { Op } from './ops.js';
import { schedule, type Job } from './schedule.js';

/** An op with the object keys it touches. */
interface OpJob extends Job {
  readonly op: Op;
  after: OpJob[];
}

interface Unit extends Job {
  readonly jobs: OpJob[];
  readonly addsDef: string[];
  readonly addsRef: string[];
  readonly removesDef: string[];
  readonly removesRef: string[];
  readonly after: Unit[];
  follow?: Unit;
}

const LATE = 1e12;

/** Orders `ops` for typing; drops negations made redundant by a cascading delete. */
export function plan(ops: readonly Op[], c: CompiledRules): Op[] {
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
  const units = toUnits(jobs);
  const orderedUnits = schedule(units, false);
  if (!orderedUnits) return (schedule(jobs, true) as OpJob[]).map((j) => j.op);
  const out: Op[] = [];
  for (const u of orderedUnits) {
    const inner = u.jobs.length === 1 ? u.jobs : (schedule(u.jobs, true) as OpJob[]);
    for (const j of inner) out.push(j.op);
  }
  return out;
}

function toJob(op: Op, c: CompiledRules): OpJob {
  const addsDef: string[] = [];
  const addsRef: string[] = [];
  const removesDef: string[] = [];
  const removesRef: string[] = [];
  if (op.added) {
    for (const u of c.defines(op.added.text, op.path)) addsDef.push(u.key);
    for (const u of c.references(op.added.text, op.path)) addsRef.push(u.key);
  }
  // A deleted section takes its lines' definitions and references with it.
  const walk = (n: Node, path: readonly string[]): void => {
    for (const u of c.defines(n.text, path)) removesDef.push(u.key);
    for (const u of c.references(n.text, path)) removesRef.push(u.key);
    if (n.children.length) {
      const sub = [...path, n.text];
      for (const ch of n.live()) walk(ch, sub);
    }
  };
  for (const n of op.removed) walk(n, op.path);
  return { op, prio: (op.late ? LATE : 0) + op.seq, addsDef, addsRef, removesDef, removesRef, after: [] };
}

/**
 * When the device deletes an object's references with the object (FRR: `no neighbor X`
 * deletes every `neighbor X …` line, address-families included), negating those lines
 * separately would fail after the delete: drop them.
 */
function pruneCascades(jobs: OpJob[], c: CompiledRules): OpJob[] {
  const cascading = new Set<string>();
  for (const j of jobs) {
    if (!j.op.remove) continue;
    for (const n of j.op.removed) for (const u of c.defines(n.text, j.op.path)) if (u.rule.cascade) cascading.add(u.key);
  }
  if (!cascading.size) return jobs;
  for (const j of jobs) for (const k of j.addsDef) cascading.delete(k);
  if (!cascading.size) return jobs;
  return jobs.filter((j) => !(j.op.remove && !j.op.enters && j.removesDef.length === 0 && j.removesRef.some((k) => cascading.has(k))));
}

/** Groups jobs into units (see the file comment). */
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
        unit = { jobs: [], prio: j.prio, addsDef: [], addsRef: [], removesDef: [], removesRef: [], after: [] };
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
    unit.jobs.push(j);
    unit.addsDef.push(...j.addsDef);
    unit.addsRef.push(...j.addsRef);
    unit.removesDef.push(...j.removesDef);
    unit.removesRef.push(...j.removesRef);
    unitOf.set(j, unit);
  }
  for (const u of units) {
    for (const j of u.jobs) {
      for (const a of j.after) {
        const au = unitOf.get(a);
        if (au && au !== u && !u.after.includes(au)) u.after.push(au);
      }
    }
  }
  return units;
}
