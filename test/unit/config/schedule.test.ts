/**
 * The scheduler's three ways to an order — priority alone, pairwise for a few jobs, the
 * graph for many — must give the same answer; and an order it reports as complete must
 * respect every dependency (checked here from the rules as docs/config-engine.md states
 * them, "Remediation, step 2", not from the scheduler's code).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { remediate } from '../../../src/config/index.js';
import { order, orderByGraph, orderSmall, SMALL, type Job, type Ordered } from '../../../src/config/schedule.js';
import { IOS_CONFIG } from '../../../src/platforms/ios/config.js';

interface TestJob extends Job {
  readonly id: number;
  after: TestJob[];
  follow?: TestJob;
}

const KEYS = ['vlan 10', 'vlan 20', 'acl A', 'nbr X'];
const keyList = fc.array(fc.constantFrom(...KEYS), { maxLength: 2 });
const shape = fc.record({
  prio: fc.integer({ min: 0, max: 4 }),
  addsDef: keyList,
  addsRef: keyList,
  removesDef: keyList,
  removesRef: keyList,
  after: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 2 }),
  follow: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
});

/** Jobs from generated shapes; `after` and `follow` indexes past the end name a job outside the set. */
const jobsArb = fc.array(shape, { minLength: 1, maxLength: SMALL }).map((shapes) => {
  const outsider: TestJob = { id: -1, prio: 0, addsDef: [], addsRef: [], removesDef: [], removesRef: [], after: [] };
  const jobs: TestJob[] = shapes.map((s, id) => ({ id, prio: s.prio, addsDef: s.addsDef, addsRef: s.addsRef, removesDef: s.removesDef, removesRef: s.removesRef, after: [] }));
  shapes.forEach((s, i) => {
    const job = jobs[i] as TestJob;
    job.after = s.after.map((k) => jobs[k] ?? outsider);
    if (s.follow !== undefined) job.follow = jobs[s.follow] ?? outsider;
  });
  return jobs;
});

const ids = (r: Ordered<TestJob>): { order: number[]; stuck: number[]; forced: number } => ({
  order: r.order.map((j) => j.id),
  stuck: r.stuck.map((j) => j.id),
  forced: r.forced,
});

/** Pairs (a, b): a must come before b, from the dependency rules. */
function required(jobs: readonly TestJob[]): [TestJob, TestJob][] {
  const out: [TestJob, TestJob][] = [];
  for (const a of jobs) {
    for (const b of jobs) {
      if (a === b) continue;
      const on = (x: readonly string[], y: readonly string[], own: readonly string[]): boolean => x.some((k) => y.includes(k) && !own.includes(k));
      if (on(a.addsDef, b.addsRef, b.addsDef) || on(a.removesRef, b.removesDef, b.removesRef) || on(a.removesDef, b.addsDef, b.removesDef)) out.push([a, b]);
    }
    for (const first of a.after) if (first !== a && jobs.includes(first)) out.push([first, a]);
  }
  return out;
}

test('the pairwise order of a few jobs is the graph order', () => {
  fc.assert(
    fc.property(jobsArb, fc.boolean(), (jobs, force) => {
      assert.deepEqual(ids(orderSmall(jobs, force)), ids(orderByGraph(jobs, force)));
      assert.deepEqual(ids(order(jobs, force)), ids(orderByGraph(jobs, force)));
    }),
    { numRuns: 2000 },
  );
});

test('a complete order respects every dependency; with force every job is placed', () => {
  fc.assert(
    fc.property(jobsArb, (jobs) => {
      const loose = order(jobs, false);
      if (!loose.stuck.length) {
        assert.deepEqual([...loose.order].sort((a, b) => a.id - b.id), jobs);
        for (const [a, b] of required(jobs)) assert.ok(loose.order.indexOf(a) < loose.order.indexOf(b), `job ${a.id} must come before job ${b.id}`);
      }
      const forced = order(jobs, true);
      assert.equal(forced.order.length, jobs.length);
      assert.equal(new Set(forced.order).size, jobs.length);
    }),
    { numRuns: 1000 },
  );
});

test('with nothing between them, jobs go by priority, ties in the given order', () => {
  const job = (id: number, prio: number): TestJob => ({ id, prio, addsDef: [], addsRef: [], removesDef: [], removesRef: [], after: [] });
  const jobs = [job(0, 3), job(1, 1), job(2, 3), job(3, 0)];
  assert.deepEqual(
    order(jobs, false).order.map((j) => j.id),
    [3, 1, 0, 2],
  );
});

test('a definition goes before its use and a reference is removed before its object, whatever the priorities', () => {
  const mk = (id: number, prio: number, lists: Partial<Pick<Job, 'addsDef' | 'addsRef' | 'removesDef' | 'removesRef'>>): TestJob => ({
    id,
    prio,
    addsDef: [],
    addsRef: [],
    removesDef: [],
    removesRef: [],
    after: [],
    ...lists,
  });
  // ip access-group A in (uses ACL A) typed first by priority; the ACL must exist first.
  const use = mk(0, 0, { addsRef: ['acl A'] });
  const define = mk(1, 5, { addsDef: ['acl A'] });
  // no vlan 20 (priority first) must wait for the port to stop using VLAN 20.
  const deleteVlan = mk(2, 1, { removesDef: ['vlan 20'] });
  const unbind = mk(3, 6, { removesRef: ['vlan 20'] });
  for (const run of [order, orderByGraph, orderSmall]) {
    assert.deepEqual(
      run([use, define, deleteVlan, unbind], false).order.map((j) => j.id),
      [1, 0, 3, 2],
    );
  }
});

test('`no shutdown` goes last even beside a section whose header starts with L', () => {
  // Groups used to be keyed by text, late ones as `L` + header: a late `no shutdown` in
  // `interface Gi0/1` joined the group of a section named `Linterface Gi0/1` and was typed
  // in its middle, before the port's other changes.
  const running = 'interface GigabitEthernet0/1\n shutdown\n';
  const desired = 'Linterface GigabitEthernet0/1\n description x\ninterface GigabitEthernet0/1\n description y\nhostname Z\n';
  assert.deepEqual(remediate(running, desired, IOS_CONFIG).commands, [
    'Linterface GigabitEthernet0/1',
    'description x',
    'exit',
    'interface GigabitEthernet0/1',
    'description y',
    'exit',
    'hostname Z',
    'interface GigabitEthernet0/1',
    'no shutdown',
    'exit',
  ]);
});
