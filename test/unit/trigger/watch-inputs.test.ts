/**
 * The daemon's file inputs across restarts and absences: rotations while it was stopped
 * (with its journal and offsets.json, as a restart really resumes), old read positions
 * left in the journal, and an input that does not exist yet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRuleSources, requestControl, Watcher, type Decision, type TriggerLogEntry, type WatchStatus } from '../../../src/trigger/index.js';
import { fixtureInventory, projectRoot, SEED_RULES, until, withTempDir } from './helpers.js';
import { RotatingLog } from './rotating-log.js';

// A laptop's lease: no rule matches, so each line gets exactly one decision (`ignore`).
const lease = (n: number) => `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.9.${n >> 8}.${n & 255} to 3c:52:82:00:00:07 (laptop-7) via eth0\n`;

interface Daemon {
  watcher: Pick<Watcher, 'stop'>;
  decisions: Decision[];
  logs: TriggerLogEntry[];
}

async function startDaemon(dir: string, input: string): Promise<Daemon> {
  const inventory = await fixtureInventory();
  const decisions: Decision[] = [];
  const logs: TriggerLogEntry[] = [];
  const watcher = await Watcher.start({
    root: projectRoot,
    stateDir: join(dir, 'state'),
    load: async () => ({ inventory, rules: compileRuleSources(projectRoot, [{ file: 'rules/t.yml', text: SEED_RULES }]).ruleSet, bindings: new Map() }),
    handlers: { reconcile: () => Promise.resolve({ status: 'ok', message: 'ok' }), provision: () => Promise.resolve({ status: 'ok', message: 'ok' }) },
    dryRun: true,
    inputs: [{ kind: 'file', path: input }],
    fromStart: true,
    pollMs: 20,
    drainQuietMs: 100,
    socketPath: join(dir, 'watch.sock'),
    onDecision: (d) => decisions.push(d),
    log: (e) => logs.push(e),
  });
  return { watcher, decisions, logs };
}

const numbers = (ds: readonly Decision[]) => ds.map((d) => {
  const [, , a, b] = d.ip.split('.').map(Number);
  return a! * 256 + b!;
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const warnings = (d: Daemon) => d.logs.filter((e) => e.level !== 'info');

/** Waits for the last line written, then for one more: a line decided twice would come before it. */
async function caughtUp(log: RotatingLog, d: Daemon): Promise<void> {
  await until(() => numbers(d.decisions).at(-1) === log.written);
  log.append(1);
  await until(() => numbers(d.decisions).at(-1) === log.written);
}

/**
 * Runs the daemon over the first `count` lines (`whileRunning` may rotate), stops it;
 * `whileStopped` writes and rotates; restarts it and waits until it has caught up.
 */
async function restartAfter(
  dir: string,
  count: number,
  whileRunning: (log: RotatingLog, d: Daemon) => Promise<void>,
  whileStopped: (log: RotatingLog) => void,
): Promise<{ log: RotatingLog; first: Daemon; second: Daemon }> {
  const log = new RotatingLog(join(dir, 'dhcpd.log'), lease);
  log.append(count);
  const first = await startDaemon(dir, log.path);
  await caughtUp(log, first);
  await whileRunning(log, first);
  await first.watcher.stop();
  whileStopped(log);
  const second = await startDaemon(dir, log.path);
  await caughtUp(log, second);
  await second.watcher.stop();
  return { log, first, second };
}

test('the daemon stopped, three rename rotations, restarted: every line decided once, no warning', () =>
  withTempDir(async (dir) => {
    const { log, first, second } = await restartAfter(dir, 500, async () => undefined, (log) => {
      log.append(500);
      for (let r = 0; r < 3; r++) {
        log.rotate('rename');
        log.append(500);
      }
    });
    assert.deepEqual([...numbers(first.decisions), ...numbers(second.decisions)], range(1, log.written));
    assert.deepEqual([...warnings(first), ...warnings(second)], []);
  }));

test('copytruncate rotations while running leave old positions in the journal: a restart neither warns nor repeats', () =>
  withTempDir(async (dir) => {
    const whileRunning = async (log: RotatingLog, d: Daemon) => {
      for (let r = 0; r < 3; r++) {
        log.rotate('copytruncate', 1); // the older copies are deleted: their positions are in the journal only
        log.append(100);
        await caughtUp(log, d);
      }
    };
    const { log, first, second } = await restartAfter(dir, 100, whileRunning, (log) => log.append(100));
    assert.deepEqual([...numbers(first.decisions), ...numbers(second.decisions)], range(1, log.written));
    assert.deepEqual([...warnings(first), ...warnings(second)], []);
  }));

test('the saved file deleted while stopped: the newer rotated file is read, the loss is reported', () =>
  withTempDir(async (dir) => {
    const { log, first, second } = await restartAfter(dir, 100, async () => undefined, (log) => {
      log.append(100); // lost with the file
      log.rotate('rename', 1);
      log.append(100); // in .1: to be read
      log.rotate('rename', 1); // deletes the saved file (rotate 1)
      log.append(100);
    });
    const read = numbers(first.decisions).at(-1)!;
    assert.deepEqual(numbers(second.decisions), range(read + 101, log.written));
    const [warn, ...more] = warnings(second);
    assert.deepEqual(more, []);
    assert.match(warn!.msg, /lost unread/);
    assert.equal(warn!.input, log.path);
  }));

test('an input that does not exist: one warning at start, status shows it missing; created, it is read and status shows it', () =>
  withTempDir(async (dir) => {
    const path = join(dir, 'typo.log');
    const d = await startDaemon(dir, path);
    try {
      const missing = warnings(d);
      assert.equal(missing.length, 1);
      assert.equal(missing[0]!.input, path);
      assert.match(missing[0]!.msg, /does not exist/);
      const before = await liveStatus(dir);
      assert.deepEqual(before.files, [{ path, exists: false, bytesRead: 0, problem: 'missing' }]);

      writeFileSync(path, lease(1));
      await until(() => d.decisions.length === 1);
      const after = await liveStatus(dir);
      assert.deepEqual(after.files, [{ path, exists: true, bytesRead: lease(1).length }]);
      assert.ok(d.logs.some((e) => e.level === 'info' && e.input === path && /appeared/.test(e.msg)));
      assert.equal(warnings(d).length, 1);
    } finally {
      await d.watcher.stop();
    }
  }));

async function liveStatus(dir: string): Promise<WatchStatus> {
  const answer = await requestControl(join(dir, 'watch.sock'), { op: 'status' }, 5000);
  assert.equal(answer?.ok, true);
  return answer!.status as WatchStatus;
}
