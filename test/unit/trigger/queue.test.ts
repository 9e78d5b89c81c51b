import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CANDIDATE_LANE, JobQueue } from '../../../src/trigger/job-queue.js';
import { Journal, readJournal, type StoredJob } from '../../../src/trigger/journal.js';
import type { JobOutcome } from '../../../src/trigger/index.js';
import { ack, until } from './helpers.js';

const job = (n: number, key = `device:D${n}`): StoredJob => ({ id: `j${n}`, kind: 'reconcile', key, rule: 'r', device: `D${n}`, event: ack({ ip: '10.0.0.1', mac: '00:00:00:00:00:01' }) });
const candidate = (n: number): StoredJob => ({ id: `c${n}`, kind: 'identify', key: `mac:02:00:00:00:00:${n}`, rule: 'new-switch', event: ack({ ip: `192.0.2.${n}`, mac: '02:00:00:00:00:01', hostname: 'Switch' }) });

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

test('one job per key, at most `concurrency` at once, FIFO', async () => {
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred<JobOutcome>>>();
  const finished: string[] = [];
  const q = new JobQueue({
    concurrency: 2,
    run: (j) => {
      started.push(j.id);
      const d = deferred<JobOutcome>();
      gates.set(j.id, d);
      return d.promise;
    },
    onOutcome: (e, o, final) => final && finished.push(`${e.job.id}:${o.status}`),
  });
  q.add(job(1));
  q.add(job(2));
  q.add(job(3));
  assert.equal(q.has('device:D1'), true);
  q.add({ ...job(4), key: 'device:D1' }); // same key: not added
  assert.deepEqual(started, ['j1', 'j2']);
  gates.get('j1')!.resolve({ status: 'ok', message: 'converged' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, ['j1', 'j2', 'j3']);
  assert.equal(q.has('device:D1'), false);
  gates.get('j2')!.resolve({ status: 'failed', message: 'x' });
  gates.get('j3')!.resolve({ status: 'ok', message: 'y' });
  await q.stop();
  assert.deepEqual(finished, ['j1:ok', 'j2:failed', 'j3:ok']);
});

test('retry outcomes back off, then succeed; too many retries fail', async () => {
  const times: number[] = [];
  let calls = 0;
  const outcomes: string[] = [];
  const done = deferred<void>();
  const q = new JobQueue({
    concurrency: 1,
    backoffMs: 20,
    maxAttempts: 3,
    run: async () => {
      times.push(Date.now());
      calls++;
      return calls < 3 ? { status: 'retry', message: 'SSH not up yet' } : { status: 'ok', message: 'converged' };
    },
    onOutcome: (e, o, final, next) => {
      outcomes.push(`${e.attempts}:${o.status}:${final}:${next === undefined ? '-' : 'next'}`);
      if (final) done.resolve();
    },
  });
  q.add(job(1));
  await done.promise;
  assert.deepEqual(outcomes, ['1:retry:false:next', '2:retry:false:next', '3:ok:true:-']);
  assert.ok(times[1]! - times[0]! >= 15, 'first backoff ~20 ms');
  assert.ok(times[2]! - times[1]! >= 30, 'second backoff ~40 ms');

  const failed = deferred<string>();
  const q2 = new JobQueue({
    concurrency: 1,
    backoffMs: 1,
    maxAttempts: 2,
    run: async () => ({ status: 'retry', message: 'no SSH' }),
    onOutcome: (_e, o, final) => final && failed.resolve(`${o.status}: ${o.message}`),
  });
  q2.add(job(2));
  assert.equal(await failed.promise, 'failed: gave up after 2 attempts: no SSH');
});

test('stop waits for running jobs and starts nothing new; a thrown handler is a failure', async () => {
  const gate = deferred<JobOutcome>();
  const seen: string[] = [];
  const q = new JobQueue({
    concurrency: 1,
    run: (j) => (j.id === 'j1' ? gate.promise : Promise.reject(new Error('boom'))),
    onOutcome: (e, o) => seen.push(`${e.job.id}:${o.status}:${o.message}`),
  });
  q.add(job(1));
  q.add(job(2));
  let stopped = false;
  const stopping = q.stop().then(() => {
    stopped = true;
    seen.push('stopped');
  });
  // stop() has no timer or I/O of its own: after one turn of the event loop, a stop that
  // did not wait for the running job would have resolved (its promise chain is microtasks).
  await new Promise((r) => setImmediate(r));
  assert.equal(stopped, false, 'still waiting for the running job');
  gate.resolve({ status: 'ok', message: 'pushed' });
  await stopping;
  assert.deepEqual(seen, ['j1:ok:pushed', 'stopped'], 'stop resolved after the running job finished');
  assert.equal(q.snapshot().map((e) => e.job.id).join(), 'j2', 'j2 stays pending');

  const thrown: string[] = [];
  const q3 = new JobQueue({ concurrency: 1, run: () => Promise.reject(new Error('boom')), onOutcome: (e, o) => thrown.push(`${e.job.id}:${o.status}:${o.message}`) });
  q3.add(job(3));
  await until(() => thrown.length > 0);
  assert.deepEqual(thrown, ['j3:failed:boom']);
});

test('candidates to identify have their own lane: a known switch\'s job starts while they fill theirs', async () => {
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred<JobOutcome>>>();
  const q = new JobQueue({
    concurrency: 8,
    candidates: { concurrency: 2 },
    run: (j) => {
      started.push(j.id);
      const d = deferred<JobOutcome>();
      gates.set(j.id, d);
      return d.promise;
    },
    onOutcome: () => undefined,
  });
  for (let n = 1; n <= 10; n++) q.add(candidate(n));
  assert.deepEqual(started, ['c1', 'c2'], 'two look-ups at once');
  q.add(job(1));
  assert.deepEqual(started, ['c1', 'c2', 'j1'], 'the known switch does not wait for a candidate');
  assert.deepEqual(q.laneStatus('candidate'), { running: 2, waiting: 8, limits: { ...CANDIDATE_LANE, concurrency: 2 } });
  assert.equal(q.laneStatus('known').running, 1);
  gates.get('c1')!.resolve({ status: 'failed', message: 'refused' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, ['c1', 'c2', 'j1', 'c3'], 'a freed candidate slot goes to the next candidate');
  for (const g of gates.values()) g.resolve({ status: 'ok', message: 'x' });
  await q.stop(true);
});

test('the candidate lane has its own attempts and backoff, and a bound that `room` reports', async () => {
  const outcomes: string[] = [];
  const done = deferred<void>();
  const q = new JobQueue({
    concurrency: 1,
    backoffMs: 60_000,
    candidates: { maxAttempts: 2, backoffMs: 1, maxQueued: 3 },
    run: async (j) => (j.kind === 'identify' ? { status: 'retry', message: 'no SSH' } : { status: 'ok', message: 'in sync' }),
    onOutcome: (e, o, final) => {
      outcomes.push(`${e.job.id}:${e.attempts}:${o.status}:${final}`);
      if (final && e.job.id === 'c1') done.resolve();
    },
  });
  assert.equal(q.room('candidate'), 3);
  assert.equal(q.room('known'), Infinity);
  q.add(candidate(1));
  q.add(candidate(2));
  assert.equal(q.room('candidate'), 1);
  await done.promise;
  assert.deepEqual(outcomes.filter((o) => o.startsWith('c1')), ['c1:1:retry:false', 'c1:2:failed:true']);
  await until(() => q.room('candidate') === 3);
  await q.stop();
});

test('the journal gives back pending jobs with their attempts; a torn last line is ignored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sy-journal-'));
  try {
    const state0 = await readJournal(dir);
    const j = await Journal.open(dir, state0);
    await j.append([
      { t: 'd', time: 1, src: '/log', pos: { ino: 7, off: 100, fp: 'a', fpLen: 10 }, job: job(1) },
      { t: 'd', time: 2, src: '/log', pos: { ino: 7, off: 200, fp: 'a', fpLen: 10 }, job: job(2) },
      { t: 'd', time: 3, src: '/log', pos: { ino: 7, off: 300, fp: 'a', fpLen: 10 } },
    ]);
    await Promise.all([
      j.append([{ t: 'try', id: 'j2', attempt: 2, next: 12345, message: 'no SSH' }]),
      j.append([{ t: 'done', id: 'j1', time: 4, status: 'ok', message: 'converged' }]),
    ]);
    await j.close();
    await writeFile(join(dir, 'queue.jsonl'), `${await readFile(join(dir, 'queue.jsonl'), 'utf8')}{"t":"d","time":5,"src":"/log","pos":{"ino":7,"off":4`);
    const state = await readJournal(dir);
    assert.deepEqual(state.pending.map((p) => [p.job.id, p.attempts, p.notBefore]), [['j2', 2, 12345]]);
    assert.deepEqual(state.positions.get('/log'), [{ ino: 7, off: 300, fp: 'a', fpLen: 10 }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the journal compacts itself past its size limit, keeping positions and unfinished jobs', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sy-journal-'));
  try {
    const j = await Journal.open(dir, await readJournal(dir), 4096);
    for (let i = 0; i < 40; i++) {
      await j.append([{ t: 'd', time: i, src: '/log', pos: { ino: 7, off: 100 * (i + 1), fp: 'a', fpLen: 10 }, job: job(i) }]);
      if (i !== 13) await j.append([{ t: 'done', id: `j${i}`, time: i, status: 'ok', message: 'x' }]);
    }
    await j.append([{ t: 'try', id: 'j13', attempt: 3, next: 999, message: 'no SSH' }]);
    await j.close();
    const size = (await readFile(join(dir, 'queue.jsonl'), 'utf8')).length;
    assert.ok(size < 4096, `compacted (${size} bytes)`);
    assert.ok((await readFile(join(dir, 'queue.jsonl.1'), 'utf8')).length > 0, 'the previous journal is kept as .1');
    const state = await readJournal(dir);
    assert.deepEqual(state.positions.get('/log'), [{ ino: 7, off: 4000, fp: 'a', fpLen: 10 }]);
    assert.deepEqual(state.pending.map((p) => [p.job.id, p.attempts, p.notBefore]), [['j13', 3, 999]]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
