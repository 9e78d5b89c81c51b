import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, mkdir, readdir, readFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { acquireDeviceLock } from '../../../src/reconcile/lock.js';
import { repoRoot } from '../../helpers/paths.js';

/** A child process that takes the lock, records enter/leave times, holds it for `holdMs`. */
function holder(stateDir: string, holdMs: number): Promise<{ enter: number; leave: number }> {
  const script = `
    import { acquireDeviceLock } from ${JSON.stringify(join(repoRoot, 'src/reconcile/lock.ts'))};
    const lock = await acquireDeviceLock(process.argv[1], 'hq', 'sw1', { pollMs: 10 });
    const enter = Date.now();
    await new Promise((r) => setTimeout(r, Number(process.argv[2])));
    const leave = Date.now();
    await lock.release();
    console.log(JSON.stringify({ enter, leave }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, stateDir, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { enter: number; leave: number }) : reject(new Error(`holder exited ${code}`))));
  });
}

test('two processes locking one device run one after the other', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-lock-'));
  const [a, b] = await Promise.all([holder(stateDir, 400), holder(stateDir, 400)]);
  const [first, second] = a.enter < b.enter ? [a, b] : [b, a];
  assert.ok(second.enter >= first.leave, `second entered at ${second.enter}, before the first left at ${first.leave}`);
});

test('a lock left by a dead process is taken over', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-lock-'));
  await mkdir(join(stateDir, 'locks'), { recursive: true });
  // PID 2^22+1 is above Linux's pid_max default range, so no process has it.
  await writeFile(join(stateDir, 'locks', 'hq__sw1.lock'), `${2 ** 22 + 1}\n`);
  const lock = await acquireDeviceLock(stateDir, 'hq', 'sw1', { timeoutMs: 1000 });
  await lock.release();
  assert.deepEqual(await readdir(join(stateDir, 'locks')), []);
});

test('a lock held by a live process times out with LOCK_HELD', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-lock-'));
  const held = await acquireDeviceLock(stateDir, 'hq', 'sw1');
  await assert.rejects(acquireDeviceLock(stateDir, 'hq', 'sw1', { timeoutMs: 150, pollMs: 20 }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'LOCK_HELD');
    assert.match(err.message, /hq\/sw1 is locked/);
    return true;
  });
  await held.release();
  const again = await acquireDeviceLock(stateDir, 'hq', 'sw1', { timeoutMs: 150 });
  await again.release();
});

test('many waiters taking over one stale lock end with one holder at a time', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-lock-'));
  await mkdir(join(stateDir, 'locks'), { recursive: true });
  await writeFile(join(stateDir, 'locks', 'hq__sw1.lock'), `${2 ** 22 + 1}\n`);
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      const lock = await acquireDeviceLock(stateDir, 'hq', 'sw1', { pollMs: 1, timeoutMs: 10_000 });
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 5));
      inside--;
      await lock.release();
    }),
  );
  assert.equal(most, 1);
});

test('an empty lock file is left alone while young (its writer may be writing the PID), taken over once it is old', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-lock-'));
  await mkdir(join(stateDir, 'locks'), { recursive: true });
  const path = join(stateDir, 'locks', 'hq__sw1.lock');
  await writeFile(path, '');
  // Young: a process between creating the file and writing its PID holds the lock.
  await assert.rejects(acquireDeviceLock(stateDir, 'hq', 'sw1', { timeoutMs: 150, pollMs: 20 }), { code: 'LOCK_HELD' });
  assert.equal(await readFile(path, 'utf8'), '', 'a young empty lock file is not touched');
  // Old: its writer died before writing the PID; without a take-over the device stays locked for ever.
  const old = new Date(Date.now() - 60_000);
  await utimes(path, old, old);
  const lock = await acquireDeviceLock(stateDir, 'hq', 'sw1', { timeoutMs: 1000, pollMs: 20 });
  assert.equal(await readFile(path, 'utf8'), `${process.pid}\n`, 'the lock file now names this process');
  await lock.release();
  assert.deepEqual(await readdir(join(stateDir, 'locks')), [], 'released: no lock file, no take-over marker');
});
