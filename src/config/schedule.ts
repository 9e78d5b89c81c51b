/**
 * Orders jobs by dependency: objects are defined before the lines that refer to them,
 * references are removed before the object, an object's old definition is removed before
 * its new one is added, and explicit `after` edges hold. Among jobs free to go, the one
 * with the lowest priority goes first, so the result stays as close as possible to the
 * given order. Linear in jobs and their keys: each object gets one virtual node between
 * its definers and its users instead of an edge per pair.
 */

/** Something to order: a priority (lower first) and the object keys it touches. */
export interface Job {
  readonly prio: number;
  readonly addsDef: readonly string[];
  readonly addsRef: readonly string[];
  readonly removesDef: readonly string[];
  readonly removesRef: readonly string[];
  /** Jobs that must come first (ignored when not among the jobs being ordered). */
  readonly after: readonly Job[];
  /** A job to take right after this one when it is free to go (the additions to a section after its removals). */
  readonly follow?: Job | undefined;
}

/** The jobs touching one object key (arrays made on first use: most keys have one or two). */
interface KeyGroup {
  ad?: number[];
  ar?: number[];
  rd?: number[];
  rr?: number[];
}

/**
 * Orders `jobs`. When the dependencies form a cycle: with `force`, the lowest-priority job
 * left goes next (ignoring what it waits for) and ordering goes on; without, `undefined`.
 */
export function schedule<T extends Job>(jobs: readonly T[], force: boolean): T[] | undefined {
  const r = order(jobs, force);
  return r.stuck.length ? undefined : r.order;
}

/**
 * Orders what it can; `stuck` holds the jobs left waiting on a cycle (never with `force`),
 * `forced` how many jobs went ahead of what they wait for (only with `force`).
 */
export function order<T extends Job>(jobs: readonly T[], force: boolean): { order: T[]; stuck: T[]; forced: number } {
  const n = jobs.length;
  const g: Graph = { adj: [], indeg: [], prio: [] };
  for (const j of jobs) {
    g.adj.push([]);
    g.indeg.push(0);
    g.prio.push(j.prio);
  }
  const { adj, indeg, prio } = g;

  // Most bundles touch no object: no key map at all then.
  let groups: Map<string, KeyGroup> | undefined;
  const ids = new Map<Job, number>();
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i] as T;
    ids.set(j, i);
    if (j.addsDef.length || j.addsRef.length || j.removesDef.length || j.removesRef.length) {
      groups ??= new Map();
      for (const k of j.addsDef) (group(groups, k).ad ??= []).push(i);
      for (const k of j.addsRef) (group(groups, k).ar ??= []).push(i);
      for (const k of j.removesDef) (group(groups, k).rd ??= []).push(i);
      for (const k of j.removesRef) (group(groups, k).rr ??= []).push(i);
    }
  }
  if (groups) {
    for (const kg of groups.values()) {
      link(g, kg.ad, kg.ar); // define before use
      link(g, kg.rr, kg.rd); // stop using before deleting
      link(g, kg.rd, kg.ad); // delete the old definition before adding the new one (duplicate seq, identical prefix-list entry)
    }
  }
  for (let i = 0; i < n; i++) {
    for (const a of (jobs[i] as T).after) {
      const from = ids.get(a);
      if (from !== undefined && from !== i) edge(g, from, i);
    }
  }

  const heap = new Heap(prio);
  const queued = new Uint8Array(adj.length);
  for (let v = 0; v < adj.length; v++) {
    if (indeg[v] === 0) {
      queued[v] = 1;
      heap.push(v);
    }
  }
  const out: T[] = [];
  // Jobs taken out of turn (a `follow`) stay in the heap and are skipped when popped.
  const taken = new Uint8Array(adj.length);
  let preferred: number | undefined;
  let forced = 0;
  while (out.length < n) {
    let v: number | undefined;
    if (preferred !== undefined && queued[preferred] && !taken[preferred] && indeg[preferred] === 0) {
      v = preferred;
      preferred = undefined;
    } else {
      do v = heap.pop();
      while (v !== undefined && taken[v]);
    }
    if (v === undefined) {
      if (!force) return { order: out, stuck: jobs.filter((_j, i) => !taken[i]), forced };
      v = cheapestLeft(jobs, queued);
      queued[v] = 1;
      forced++;
    }
    taken[v] = 1;
    if (v < n) {
      const job = jobs[v] as T;
      out.push(job);
      preferred = job.follow ? ids.get(job.follow) : undefined;
    }
    for (const w of adj[v] as number[]) {
      indeg[w] = (indeg[w] as number) - 1;
      if (indeg[w] === 0 && !queued[w]) {
        queued[w] = 1;
        heap.push(w);
      }
    }
  }
  return { order: out, stuck: [], forced };
}

/** The dependency graph of {@link order}: jobs first, then one virtual node per shared object. */
interface Graph {
  readonly adj: number[][];
  readonly indeg: number[];
  readonly prio: number[];
}

function edge(g: Graph, a: number, b: number): void {
  (g.adj[a] as number[]).push(b);
  g.indeg[b] = (g.indeg[b] as number) + 1;
}

function group(groups: Map<string, KeyGroup>, k: string): KeyGroup {
  let kg = groups.get(k);
  if (!kg) groups.set(k, (kg = {}));
  return kg;
}

/** `from` before `to`: a plain edge for one of each, else through one virtual node. */
function link(g: Graph, from: number[] | undefined, to: number[] | undefined): void {
  if (!from || !to) return;
  if (from.length === 1 && to.length === 1) {
    // The common case (one definer, one user): a plain edge.
    if (from[0] !== to[0]) edge(g, from[0] as number, to[0] as number);
    return;
  }
  const fromSet = new Set(from);
  const targets = [...new Set(to)].filter((t) => !fromSet.has(t));
  if (!targets.length) return;
  g.adj.push([]);
  g.indeg.push(0);
  g.prio.push(-1);
  const v = g.adj.length - 1;
  for (const f of fromSet) edge(g, f, v);
  for (const t of targets) edge(g, v, t);
}

function cheapestLeft(jobs: readonly Job[], queued: Uint8Array): number {
  let best = -1;
  for (let i = 0; i < jobs.length; i++) {
    if (!queued[i] && (best < 0 || (jobs[i] as Job).prio < (jobs[best] as Job).prio)) best = i;
  }
  return best;
}

/** Binary min-heap of node ids ordered by (priority, id). */
class Heap {
  private readonly items: number[] = [];
  constructor(private readonly prio: readonly number[]) {}

  private less(a: number, b: number): boolean {
    const pa = this.prio[a] as number;
    const pb = this.prio[b] as number;
    return pa < pb || (pa === pb && a < b);
  }

  push(v: number): void {
    const h = this.items;
    h.push(v);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i] as number, h[p] as number)) break;
      [h[i], h[p]] = [h[p] as number, h[i] as number];
      i = p;
    }
  }

  pop(): number | undefined {
    const h = this.items;
    if (!h.length) return undefined;
    const top = h[0] as number;
    const last = h.pop() as number;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] as number, h[m] as number)) m = l;
        if (r < h.length && this.less(h[r] as number, h[m] as number)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as number, h[i] as number];
        i = m;
      }
    }
    return top;
  }
}
