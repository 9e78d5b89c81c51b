/**
 * Rotations while the tail is stopped (the daemon down over a weekend, logrotate running
 * daily): on start the tail finds the file its saved position belongs to among the rotated
 * siblings, reads it to its end, then every newer sibling in order, then the current file.
 * Lines are numbered, so each test counts exactly: none lost, none read twice. What cannot
 * be read any more (deleted, compressed, truncated in place) is reported with its size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileTail } from '../../../src/trigger/tail.js';
import type { FilePos } from '../../../src/trigger/journal.js';
import type { TriggerLogEntry } from '../../../src/trigger/types.js';
import { until, withTempDir } from './helpers.js';
import { RotatingLog } from './rotating-log.js';

const line = (n: number) => `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.0.${n >> 8}.${n & 255} to 00:00:5e:00:53:01 (Switch) via eth0\n`;
const noise = 'Nov 27 20:50:41 vm dhcpd[1]: DHCPDISCOVER from 00:00:5e:00:53:01 via eth0\n';
const numberOf = (text: string) => {
  const m = /10\.0\.(\d+)\.(\d+)/.exec(text)!;
  return Number(m[1]) * 256 + Number(m[2]);
};
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const logIn = (dir: string) => new RotatingLog(join(dir, 'dhcpd.log'), line, (n) => (n % 3 === 0 ? noise : ''));

interface Run {
  tail: FileTail;
  got: number[];
  logs: TriggerLogEntry[];
}

function tailOf(path: string, saved: readonly FilePos[] = [], savedAt?: number): Run {
  const got: number[] = [];
  const logs: TriggerLogEntry[] = [];
  const tail = new FileTail({
    path,
    saved,
    fromStart: true,
    pollMs: 20,
    drainQuietMs: 100,
    ...(savedAt !== undefined ? { savedAt } : {}),
    onBatch: async (b) => void got.push(...b.lines.map((l) => numberOf(l.text))),
    log: (e) => logs.push(e),
  });
  return { tail, got, logs };
}

/** Reads the log's first lines with a tail, then stops it; returns what it saved. */
async function readThenStop(log: RotatingLog): Promise<{ saved: FilePos[]; savedAt: number }> {
  log.append(1000);
  const first = tailOf(log.path);
  await first.tail.start();
  await until(() => first.got.length === 1000);
  log.append(500); // appended while followed
  await until(() => first.got.length === 1500);
  await first.tail.stop();
  assert.deepEqual(first.got, range(1, 1500));
  return { saved: first.tail.positions(), savedAt: Date.now() };
}

/**
 * Waits until the restarted tail has read up to the last line written and let the rotated
 * files go, then writes one more line and waits for it: anything read twice would have
 * come before it.
 */
async function settle(log: RotatingLog, run: Run): Promise<void> {
  await until(() => run.got.at(-1) === log.written);
  await until(() => run.tail.positions().length === 1, 5000);
  log.append(1);
  await until(() => run.got.at(-1) === log.written);
  await run.tail.stop();
}

const warnings = (run: Run) => run.logs.filter((e) => e.level !== 'info');

/** The one warning the run logged. */
function theWarning(run: Run): TriggerLogEntry {
  const all = warnings(run);
  assert.equal(all.length, 1, JSON.stringify(all));
  return all[0]!;
}

/**
 * Reads the first 1,500 lines with a tail and stops it; `whileStopped` writes and rotates;
 * then a new tail starts from what the first saved and reads until it has settled.
 */
async function restartAfter(dir: string, whileStopped: (log: RotatingLog, savedAt: number) => void): Promise<{ log: RotatingLog; run: Run; saved: FilePos[] }> {
  const log = logIn(dir);
  const { saved, savedAt } = await readThenStop(log);
  whileStopped(log, savedAt);
  const run = tailOf(log.path, saved, savedAt);
  await run.tail.start();
  await settle(log, run);
  return { log, run, saved };
}

for (const mode of ['rename', 'copytruncate'] as const) {
  for (const rotations of [1, 2, 3]) {
    test(`${mode}: ${rotations} rotation(s) while stopped, 1,000 lines each: none lost, none twice, no warning`, () =>
      withTempDir(async (dir) => {
        const { log, run } = await restartAfter(dir, (log) => {
          log.append(1000); // written to the saved file after the stop
          for (let r = 0; r < rotations; r++) {
            log.rotate(mode);
            log.append(1000);
          }
        });
        assert.deepEqual(run.got, range(1501, log.written));
        assert.deepEqual(warnings(run), []);
      }));
  }
}

test('dated names (dateext): the siblings are read in date order', () =>
  withTempDir(async (dir) => {
    const { log, run } = await restartAfter(dir, (log) => {
      log.append(1000);
      for (const date of ['20261127', '20261128', '20261129']) {
        renameSync(log.path, `${log.path}-${date}`);
        writeFileSync(log.path, '');
        log.append(1000);
      }
    });
    assert.deepEqual(run.got, range(1501, log.written));
    assert.deepEqual(warnings(run), []);
  }));

test('the saved file compressed away (compress, delaycompress): the exact bytes lost are reported, the rest is read', () =>
  withTempDir(async (dir) => {
    let size = 0;
    const { log, run, saved } = await restartAfter(dir, (log) => {
      log.append(1000); // 1501..2500: lost with the compressed file
      log.rotate('rename');
      log.append(1000); // 2501..3500 in what becomes .1
      log.rotate('rename');
      size = log.compress(2); // delaycompress: only .2 is compressed
      log.append(1000);
    });
    assert.deepEqual(run.got, range(2501, log.written));
    const warn = theWarning(run);
    assert.equal(warn.lostBytes, size - saved[0]!.off);
    assert.equal(warn.atLeast, false);
    assert.match(warn.msg, new RegExp(`^${size - saved[0]!.off} bytes `));
    assert.match(String(warn.details), /dhcpd\.log\.2\.gz/);
  }));

test('compress without delaycompress: the saved file and a newer one are compressed; both counted, the current file read', () =>
  withTempDir(async (dir) => {
    const sizes: number[] = [];
    const { log, run, saved } = await restartAfter(dir, (log) => {
      log.append(1000);
      log.rotate('copytruncate');
      sizes.push(log.compress(1));
      log.append(1000);
      log.rotate('copytruncate');
      sizes.push(log.compress(1));
      log.append(1000); // 3501..4500, the only lines left to read
    });
    assert.deepEqual(run.got, range(3501, log.written));
    const warn = theWarning(run);
    assert.equal(warn.lostBytes, sizes[0]! - saved[0]!.off + sizes[1]!);
    assert.equal(warn.atLeast, false);
  }));

test('the saved file deleted (rotate 1): the loss is reported as unknown; only newer siblings are read', () =>
  withTempDir(async (dir) => {
    const { log, run, saved } = await restartAfter(dir, (log, savedAt) => {
      log.append(1000); // 1501..2500: lost when the file is deleted
      log.rotate('rename', 1);
      log.append(1000); // 2501..3500: .1, newer than the saved file
      log.rotate('rename', 1); // deletes the saved file
      // A rotated file older than the saved one, last written an hour ago: not to be read again.
      writeFileSync(`${log.path}.2`, line(9999));
      const hourAgo = new Date(savedAt - 3_600_000);
      utimesSync(`${log.path}.2`, hourAgo, hourAgo);
      log.append(1000);
    });
    assert.deepEqual(run.got, range(2501, log.written));
    const warn = theWarning(run);
    assert.equal(warn.atLeast, true);
    assert.equal(warn.lostBytes, 0);
    assert.match(warn.msg, /^an unknown number of bytes/);
    assert.match(String(warn.details), new RegExp(`inode ${saved[0]!.ino}`));
  }));

test('truncated in place while stopped, without a copy: the loss is reported and the new content read', () =>
  withTempDir(async (dir) => {
    const { log, run } = await restartAfter(dir, (log) => {
      log.append(200); // 1501..1700: lost
      truncateSync(log.path, 0);
      log.append(300);
    });
    assert.deepEqual(run.got, range(1701, log.written));
    const warn = theWarning(run);
    assert.equal(warn.atLeast, true);
    assert.match(String(warn.details), /truncated/);
  }));

test('truncated while followed, without a copy: the partial line already seen is counted as lost', () =>
  withTempDir(async (dir) => {
    const log = logIn(dir);
    log.append(10);
    const run = tailOf(log.path);
    await run.tail.start();
    await until(() => run.got.length === 10);
    const partial = line(11).slice(0, 40);
    appendFileSync(log.path, partial);
    // The tail has seen the partial line once its size is past the last newline.
    await until(() => run.tail.positions()[0]!.size === statSync(log.path).size);
    truncateSync(log.path, 0);
    log.written = 11;
    log.append(5);
    await until(() => run.got.at(-1) === log.written);
    await run.tail.stop();
    assert.deepEqual(run.got, [...range(1, 10), ...range(12, 16)]);
    const warn = theWarning(run);
    assert.equal(warn.lostBytes, partial.length);
    assert.equal(warn.atLeast, true);
    assert.match(warn.msg, new RegExp(`^at least ${partial.length} bytes`));
  }));
