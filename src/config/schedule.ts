/**
 * Orders jobs by dependency: objects are defined before the lines that refer to them,
 * references are removed before the object, an object's old definition is removed before
 * its new one is added, and explicit `after` edges hold. Among jobs free to go, the one
 * with the lowest priority goes first, so the result stays as close as possible to the
 * given order. Linear in jobs and their keys: an object with several definers and several
 * users gets one virtual node between them instead of an edge per pair.
 *
 * This runs once per level of a remediation of thousands of commands, so the graph lives
 * in flat typed arrays (edge lists, then compressed adjacency) rather than an array and a
 * set per node: fewer objects to allocate is less garbage to collect.
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

/** What {@link order} found. */
export interface Ordered<T extends Job> {
  readonly order: T[];
  /** The jobs left waiting on a cycle (never with `force`). */
  readonly stuck: T[];
  /** How many jobs went ahead of what they wait for (only with `force`). */
  readonly forced: number;
}

/**
 * Orders `jobs`. When the dependencies form a cycle: with `force`, the lowest-priority job
 * left goes next (ignoring what it waits for) and ordering goes on; without, `undefined`.
 */
export function schedule<T extends Job>(jobs: readonly T[], force: boolean): T[] | undefined {
  const r = order(jobs, force);
  return r.stuck.length ? undefined : r.order;
}

/** Roles of a job towards an object key, in the order of {@link Job}'s key lists. */
const ADDS_DEF = 0;
const ADDS_REF = 1;
const REMOVES_DEF = 2;
const REMOVES_REF = 3;

/** A job's key list of one role. */
function keysOf(j: Job, role: number): readonly string[] {
  return role === ADDS_DEF ? j.addsDef : role === ADDS_REF ? j.addsRef : role === REMOVES_DEF ? j.removesDef : j.removesRef;
}

/**
 * Orders what it can; see {@link Ordered}. Three ways to the same order: by priority alone
 * when nothing else constrains the jobs, pairwise for a few jobs, through the graph for
 * more (test/unit/config/schedule.test.ts checks that they agree).
 */
export function order<T extends Job>(jobs: readonly T[], force: boolean): Ordered<T> {
  const free = unconstrained(jobs);
  if (free) return { order: free, stuck: [], forced: 0 };
  return jobs.length <= SMALL ? orderSmall(jobs, force) : orderByGraph(jobs, force);
}

/** {@link order} through the dependency graph: linear in jobs and keys, for any number of jobs. */
export function orderByGraph<T extends Job>(jobs: readonly T[], force: boolean): Ordered<T> {
  const n = jobs.length;
  const g = new Graph(n);
  linkObjects(jobs, g);

  // Job → index, only for the jobs that name others (most name none).
  let ids: Map<Job, number> | undefined;
  const idOf = (j: Job): number | undefined => {
    if (!ids) {
      ids = new Map();
      for (let i = 0; i < n; i++) ids.set(jobs[i] as Job, i);
    }
    return ids.get(j);
  };
  for (let i = 0; i < n; i++) {
    const after = (jobs[i] as T).after;
    for (let k = 0; k < after.length; k++) {
      const from = idOf(after[k] as Job);
      if (from !== undefined && from !== i) g.edge(from, i);
    }
  }

  const size = g.size;
  const prio = new Float64Array(size).fill(-1);
  for (let i = 0; i < n; i++) prio[i] = (jobs[i] as T).prio;
  const { start, next, indeg } = g.compress();
  const heap = new Heap(prio);
  const queued = new Uint8Array(size);
  for (let v = 0; v < size; v++) {
    if (indeg[v] === 0) {
      queued[v] = 1;
      heap.push(v);
    }
  }
  const out: T[] = [];
  // Jobs taken out of turn (a `follow`) stay in the heap and are skipped when popped.
  const taken = new Uint8Array(size);
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
      preferred = job.follow ? idOf(job.follow) : undefined;
    }
    for (let e = start[v] as number, end = start[v + 1] as number; e < end; e++) {
      const w = next[e] as number;
      const left = (indeg[w] as number) - 1;
      indeg[w] = left;
      if (left === 0 && !queued[w]) {
        queued[w] = 1;
        heap.push(w);
      }
    }
  }
  return { order: out, stuck: [], forced };
}

/**
 * The order when nothing but priorities decides — no job touches an object, none has a
 * `follow`, and every `after` names a job of lower priority — else `undefined`. Then the
 * graph's order is the priority order, found without building the graph: most units of a
 * remediation (the lines of one port) are like this.
 */
function unconstrained<T extends Job>(jobs: readonly T[]): T[] | undefined {
  if (sharesKeys(jobs)) return undefined;
  let sorted = true;
  let last = -Infinity;
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i] as T;
    if (j.follow) return undefined;
    for (let k = 0; k < j.after.length; k++) if ((j.after[k] as Job).prio >= j.prio) return undefined;
    if (j.prio < last) sorted = false;
    last = j.prio;
  }
  // Equal priorities keep their given order, as the heap's (priority, index) order does.
  return sorted ? jobs.slice() : jobs.map((j, i) => ({ j, i })).sort((a, b) => a.j.prio - b.j.prio || a.i - b.i).map((x) => x.j);
}

/** Jobs ordered by {@link orderSmall} at most: a predecessor set fits one 32-bit mask. */
export const SMALL = 16;

/**
 * {@link order} for a few jobs (the lines of one port, say): predecessors as bit masks
 * found by comparing the jobs pairwise, then the lowest (priority, index) job whose
 * predecessors are done goes next — the same order as the graph's, without building one.
 * Hundreds of such small units make up a big remediation.
 */
export function orderSmall<T extends Job>(jobs: readonly T[], force: boolean): Ordered<T> {
  if (jobs.length > SMALL) throw new RangeError(`orderSmall takes at most ${SMALL} jobs`);
  const n = jobs.length;
  const pred = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const a = jobs[i] as T;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const b = jobs[j] as T;
      // Rules of linkObjects: a job that holds both roles of a key waits for nobody on it.
      if (
        before(a.addsDef, b.addsRef, b.addsDef) || // define before use
        before(a.removesRef, b.removesDef, b.removesRef) || // stop using before deleting
        before(a.removesDef, b.addsDef, b.removesDef) // delete the old definition before adding the new one
      ) {
        pred[j] = (pred[j] as number) | (1 << i);
      }
    }
    for (const first of a.after) {
      const k = jobs.indexOf(first as T);
      if (k >= 0 && k !== i) pred[i] = (pred[i] as number) | (1 << k);
    }
  }
  const out: T[] = [];
  let done = 0;
  let forced = 0;
  let preferred: number | undefined;
  const ready = (v: number): boolean => !(done & (1 << v)) && ((pred[v] as number) & ~done) === 0;
  while (out.length < n) {
    let v = -1;
    if (preferred !== undefined && preferred >= 0 && ready(preferred)) v = preferred;
    else {
      for (let i = 0; i < n; i++) {
        if (ready(i) && (v < 0 || (jobs[i] as T).prio < (jobs[v] as T).prio)) v = i;
      }
    }
    preferred = undefined;
    if (v < 0) {
      if (!force) return { order: out, stuck: jobs.filter((_j, i) => !(done & (1 << i))), forced };
      for (let i = 0; i < n; i++) {
        if (!(done & (1 << i)) && (v < 0 || (jobs[i] as T).prio < (jobs[v] as T).prio)) v = i;
      }
      forced++;
    }
    done |= 1 << v;
    const job = jobs[v] as T;
    out.push(job);
    if (job.follow) preferred = jobs.indexOf(job.follow as T);
  }
  return { order: out, stuck: [], forced };
}

/** True when a key of `from` is in `to` and not in `unless` (the target's own list of the first role). */
function before(from: readonly string[], to: readonly string[], unless: readonly string[]): boolean {
  for (let x = 0; x < from.length; x++) {
    const k = from[x] as string;
    if (to.includes(k) && !unless.includes(k)) return true;
  }
  return false;
}

/** Keys compared pairwise at most; more and {@link sharesKeys} answers "maybe" (true). */
const FEW_KEYS = 16;

/**
 * True when two different jobs name the same object key (then the keys may order them);
 * also true, to be safe, when the jobs hold more than a few keys. A key only one job
 * names orders nothing.
 */
function sharesKeys(jobs: readonly Job[]): boolean {
  let seen: { keys: string[]; owner: number[] } | undefined;
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i] as Job;
    if (!j.addsDef.length && !j.addsRef.length && !j.removesDef.length && !j.removesRef.length) continue;
    seen ??= { keys: [], owner: [] };
    for (let role = ADDS_DEF; role <= REMOVES_REF; role++) {
      const list = keysOf(j, role);
      for (let l = 0; l < list.length; l++) {
        const k = list[l] as string;
        const { keys, owner } = seen;
        if (keys.length === FEW_KEYS) return true;
        for (let x = 0; x < keys.length; x++) if (keys[x] === k && owner[x] !== i) return true;
        keys.push(k);
        owner.push(i);
      }
    }
  }
  return false;
}

/**
 * Adds the edges the object keys ask for: for each key, definers before users, users
 * removed before the definition, an old definition removed before the new one is added.
 */
function linkObjects(jobs: readonly Job[], g: Graph): void {
  // (key, role, job) triples, keys numbered densely.
  let keyIds: Map<string, number> | undefined;
  const tKey: number[] = [];
  const tRole: number[] = [];
  const tJob: number[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i] as Job;
    for (let role = ADDS_DEF; role <= REMOVES_REF; role++) {
      const keys = keysOf(j, role);
      for (let k = 0; k < keys.length; k++) {
        keyIds ??= new Map();
        const key = keys[k] as string;
        let id = keyIds.get(key);
        if (id === undefined) keyIds.set(key, (id = keyIds.size));
        tKey.push(id);
        tRole.push(role);
        tJob.push(i);
      }
    }
  }
  if (!keyIds) return;
  // Counting sort of the triples by key: each key's triples end up contiguous.
  const keys = keyIds.size;
  const from = new Int32Array(keys + 1);
  for (let t = 0; t < tKey.length; t++) {
    const k = tKey[t] as number;
    from[k + 1] = (from[k + 1] as number) + 1;
  }
  for (let k = 0; k < keys; k++) from[k + 1] = (from[k + 1] as number) + (from[k] as number);
  const fill = from.slice(0, keys);
  const slot = new Int32Array(tKey.length);
  for (let t = 0; t < tKey.length; t++) {
    const k = tKey[t] as number;
    const at = fill[k] as number;
    fill[k] = at + 1;
    slot[at] = t;
  }
  const linker = new Linker(tRole, tJob, slot, jobs.length, g);
  for (let k = 0; k < keys; k++) {
    const lo = from[k] as number;
    const hi = from[k + 1] as number;
    if (hi - lo < 2) continue; // one job alone on a key orders nothing
    linker.link(lo, hi, ADDS_DEF, ADDS_REF); // define before use
    linker.link(lo, hi, REMOVES_REF, REMOVES_DEF); // stop using before deleting
    linker.link(lo, hi, REMOVES_DEF, ADDS_DEF); // delete the old definition before adding the new one (duplicate seq, identical prefix-list entry)
  }
}

/** Links the jobs of one key's triples (`slot[lo..hi)`), with scratch space shared by all keys. */
class Linker {
  private readonly marks: Marks;
  private readonly targets: Int32Array;

  constructor(
    private readonly tRole: readonly number[],
    private readonly tJob: readonly number[],
    private readonly slot: Int32Array,
    jobs: number,
    private readonly g: Graph,
  ) {
    this.marks = new Marks(jobs);
    this.targets = new Int32Array(jobs);
  }

  /** Jobs with role `a` before jobs with role `b` (a job with both waits for nobody). */
  link(lo: number, hi: number, a: number, b: number): void {
    const { marks, targets, tRole, tJob, slot, g } = this;
    const fromMark = marks.next();
    let fromCount = 0;
    let oneFrom = -1;
    for (let s = lo; s < hi; s++) {
      const t = slot[s] as number;
      if (tRole[t] === a && marks.set(tJob[t] as number, fromMark)) {
        fromCount++;
        oneFrom = tJob[t] as number;
      }
    }
    if (!fromCount) return;
    const toMark = marks.next();
    let count = 0;
    for (let s = lo; s < hi; s++) {
      const t = slot[s] as number;
      const job = tJob[t] as number;
      if (tRole[t] === b && !marks.has(job, fromMark) && marks.set(job, toMark)) targets[count++] = job;
    }
    if (!count) return;
    if (fromCount === 1) {
      for (let x = 0; x < count; x++) g.edge(oneFrom, targets[x] as number);
      return;
    }
    const v = g.virtual();
    for (let s = lo; s < hi; s++) {
      const t = slot[s] as number;
      if (tRole[t] === a && marks.has(tJob[t] as number, fromMark)) {
        g.edge(tJob[t] as number, v);
        marks.clear(tJob[t] as number); // one edge per job, however often it names the key
      }
    }
    for (let x = 0; x < count; x++) g.edge(v, targets[x] as number);
  }
}

/**
 * Per-job marks that are reset in O(1): a mark is a number, and a new one is unequal to
 * every mark set before.
 */
class Marks {
  private readonly at: Int32Array;
  private last = 0;
  constructor(size: number) {
    this.at = new Int32Array(size);
  }
  next(): number {
    return ++this.last;
  }
  /** Sets `mark` on `job`; false when it was already set (a job listed twice). */
  set(job: number, mark: number): boolean {
    if (this.at[job] === mark) return false;
    this.at[job] = mark;
    return true;
  }
  has(job: number, mark: number): boolean {
    return this.at[job] === mark;
  }
  clear(job: number): void {
    this.at[job] = 0;
  }
}

/** The dependency graph of {@link order}: jobs first, then the virtual nodes; edges as two parallel lists. */
class Graph {
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  size: number;
  constructor(jobs: number) {
    this.size = jobs;
  }
  edge(a: number, b: number): void {
    this.from.push(a);
    this.to.push(b);
  }
  virtual(): number {
    return this.size++;
  }
  /** Adjacency in compressed form: the successors of `v` are `next[start[v]..start[v+1])`. */
  compress(): { start: Int32Array; next: Int32Array; indeg: Int32Array } {
    const n = this.size;
    const start = new Int32Array(n + 1);
    const indeg = new Int32Array(n);
    for (let e = 0; e < this.from.length; e++) {
      const a = this.from[e] as number;
      const b = this.to[e] as number;
      start[a + 1] = (start[a + 1] as number) + 1;
      indeg[b] = (indeg[b] as number) + 1;
    }
    for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
    const fill = start.slice(0, n);
    const next = new Int32Array(this.from.length);
    for (let e = 0; e < this.from.length; e++) {
      const a = this.from[e] as number;
      const at = fill[a] as number;
      fill[a] = at + 1;
      next[at] = this.to[e] as number;
    }
    return { start, next, indeg };
  }
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
  constructor(private readonly prio: Float64Array) {}

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
      const t = h[i] as number;
      h[i] = h[p] as number;
      h[p] = t;
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
        const t = h[i] as number;
        h[i] = h[m] as number;
        h[m] = t;
        i = m;
      }
    }
    return top;
  }
}
