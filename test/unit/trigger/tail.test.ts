import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, openSync, closeSync, renameSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FileTail } from '../../../src/trigger/tail.js';
import type { FilePos } from '../../../src/trigger/journal.js';
import { until, withTempDir as withDir } from './helpers.js';

const line = (n: number) => `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.0.${n >> 8}.${n & 255} to 00:00:5e:00:53:01 (Switch) via eth0\n`;
const noise = 'Nov 27 20:50:41 vm dhcpd[1]: DHCPDISCOVER from 00:00:5e:00:53:01 via eth0\n';
const numbers = (texts: string[]) => texts.map((t) => { const m = /10\.0\.(\d+)\.(\d+)/.exec(t)!; return Number(m[1]) * 256 + Number(m[2]); });

/** Writes `content`, starts a tail on it and waits for `expect` lines. */
async function following(dir: string, content: string, expect: number) {
  const path = join(dir, 'dhcpd.log');
  writeFileSync(path, content);
  const t = tailOf(path);
  await t.tail.start();
  await until(() => t.got.length === expect);
  return { path, ...t };
}

function tailOf(path: string, saved: FilePos[] = [], fromStart = true) {
  const got: string[] = [];
  const tail = new FileTail({ path, saved, fromStart, pollMs: 20, drainQuietMs: 150, onBatch: async (b) => void got.push(...b.lines.map((l) => l.text)), log: () => undefined });
  return { tail, got };
}

test('follows appends; only keyword lines are delivered; a partial line waits for its newline', () =>
  withDir(async (dir) => {
    const path = join(dir, 'dhcpd.log');
    writeFileSync(path, line(1) + noise);
    const { tail, got } = tailOf(path);
    await tail.start();
    await until(() => got.length === 1);
    const half = line(2);
    const complete = Buffer.byteLength(line(1) + noise);
    appendFileSync(path, half.slice(0, 30));
    // The tail has read the partial line once the size it reports covers those bytes;
    // only then does "nothing delivered" mean it held the line back.
    await until(() => tail.positions()[0]?.size === complete + 30);
    assert.equal(got.length, 1);
    assert.equal(tail.positions()[0]?.off, complete, 'the offset stays before the partial line');
    appendFileSync(path, half.slice(30) + noise + line(3));
    await until(() => got.length === 3);
    assert.deepEqual(numbers(got), [1, 2, 3]);
    const [pos] = tail.positions();
    await tail.stop();
    assert.equal(pos!.off, Buffer.byteLength(line(1) + noise + line(2) + noise + line(3)));
  }));

test('a first start without saved position begins at the end (no replay of history)', () =>
  withDir(async (dir) => {
    const path = join(dir, 'dhcpd.log');
    writeFileSync(path, line(1));
    const { tail, got } = tailOf(path, [], false);
    await tail.start();
    appendFileSync(path, line(2));
    await until(() => got.length === 1);
    await tail.stop();
    assert.deepEqual(numbers(got), [2]);
  }));

test('rename + create: the old file is drained (late writes included), then the new one is read', () =>
  withDir(async (dir) => {
    const { path, tail, got } = await following(dir, line(1), 1);
    const old = openSync(path, 'a');
    renameSync(path, `${path}.1`);
    writeSync(old, line(2)); // the syslog daemon writes to the old file until it is HUPed
    writeFileSync(path, line(4));
    writeSync(old, line(3));
    closeSync(old);
    appendFileSync(path, line(5));
    await until(() => got.length === 5);
    assert.deepEqual(numbers(got).sort((a, b) => a - b), [1, 2, 3, 4, 5]);
    // The rotated file is let go after it has been quiet.
    await until(() => tail.positions().length === 1, 3000);
    await tail.stop();
  }));

test('copytruncate: lines written before the truncation are read from the copy, none twice', () =>
  withDir(async (dir) => {
    const { path, tail } = await following(dir, line(1), 1);
    await tail.stop(); // nothing reads while logrotate works
    const positions = tail.positions();
    appendFileSync(path, line(2) + line(3));
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    appendFileSync(path, line(4));
    const again = tailOf(path, positions);
    await again.tail.start();
    await until(() => again.got.length === 3);
    await again.tail.stop();
    assert.deepEqual(numbers(again.got), [2, 3, 4]);
  }));

test('copytruncate while running, and a truncation that regrows past the offset', () =>
  withDir(async (dir) => {
    const { path, tail, got } = await following(dir, line(1) + line(2), 2);
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    // Longer than what was read before: only the changed first bytes tell it was truncated.
    appendFileSync(path, line(3) + line(4) + line(5));
    await until(() => got.length === 5);
    await tail.stop();
    assert.deepEqual(numbers(got), [1, 2, 3, 4, 5]);
  }));

test('a restart finds a saved position in a rotated sibling and drains it before the new file', () =>
  withDir(async (dir) => {
    const first = await following(dir, line(1) + line(2), 2);
    const path = first.path;
    await first.tail.stop();
    const saved = first.tail.positions();
    // While stopped: more lines, then rename rotation, then a new file.
    appendFileSync(path, line(3));
    renameSync(path, `${path}-20261127`);
    writeFileSync(path, line(4));
    const second = tailOf(path, saved);
    await second.tail.start();
    await until(() => second.got.length === 2);
    await second.tail.stop();
    assert.deepEqual(numbers(second.got), [3, 4]);
  }));

test('a saved position whose file is gone is reported, the current file read from its start', () =>
  withDir(async (dir) => {
    const path = join(dir, 'dhcpd.log');
    writeFileSync(path, line(1));
    const logs: string[] = [];
    const got: string[] = [];
    const tail = new FileTail({ path, saved: [{ ino: 1, off: 10, fp: 'x', fpLen: 5 }], pollMs: 20, onBatch: async (b) => void got.push(...b.lines.map((l) => l.text)), log: (e) => logs.push(e.msg) });
    await tail.start();
    await until(() => got.length === 1);
    await tail.stop();
    assert.match(logs.join('\n'), /an unknown number of bytes of this input were lost unread/);
  }));
