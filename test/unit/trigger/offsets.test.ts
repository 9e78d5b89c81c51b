import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mergePositions, OFFSETS_FILE, readOffsets, writeOffsets } from '../../../src/trigger/offsets.js';
import { withTempDir } from './helpers.js';

test('offsets.json records when it was written; one written before that was recorded reads without a time', () =>
  withTempDir(async (dir) => {
    const before = Date.now();
    await writeOffsets(dir, { version: 1, files: { '/log': [{ ino: 7, off: 10, fp: 'a', fpLen: 5, size: 12 }] }, option82: [] });
    const read = await readOffsets(dir);
    assert.ok(read.savedAt !== undefined && read.savedAt >= before && read.savedAt <= Date.now());
    assert.deepEqual(read.files, { '/log': [{ ino: 7, off: 10, fp: 'a', fpLen: 5, size: 12 }] });
    await writeFile(join(dir, OFFSETS_FILE), JSON.stringify({ version: 1, files: {}, option82: [] }));
    assert.equal((await readOffsets(dir)).savedAt, undefined);
  }));

test('merged with the journal: the further offset wins and keeps the size saved with it', () => {
  const saved = { '/log': [{ ino: 7, off: 10, fp: 'a', fpLen: 5, size: 40 }, { ino: 8, off: 30, fp: 'b', fpLen: 5, size: 30 }] };
  const journal = new Map([['/log', [{ ino: 7, off: 25, fp: 'a', fpLen: 5 }, { ino: 8, off: 20, fp: 'b', fpLen: 5 }, { ino: 9, off: 5, fp: 'c', fpLen: 5 }]]]);
  assert.deepEqual(mergePositions(saved, journal).get('/log'), [
    { ino: 7, off: 25, fp: 'a', fpLen: 5, size: 40 },
    { ino: 8, off: 30, fp: 'b', fpLen: 5, size: 30 },
    { ino: 9, off: 5, fp: 'c', fpLen: 5 },
  ]);
});
