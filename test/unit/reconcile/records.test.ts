import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRunRecord, BACKUPS_KEPT, saveBackup } from '../../../src/reconcile/records.js';
import type { DeviceResult } from '../../../src/reconcile/types.js';

test('backups are private (0600), one per run, and pruned to the newest ones', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-rec-'));
  const t0 = Date.parse('2026-11-27T10:00:00Z');
  let last = '';
  for (let i = 0; i < BACKUPS_KEPT + 5; i++) last = await saveBackup(stateDir, 'hq', 'sw1', `hostname sw1\n! run ${i}\n`, new Date(t0 + i * 1000));
  const dir = join(stateDir, 'backups', 'hq', 'sw1');
  const files = (await readdir(dir)).sort();
  assert.equal(files.length, BACKUPS_KEPT);
  assert.ok(files[0]!.startsWith('2026-11-27T10-00-05'), `oldest kept is run 5, got ${files[0]}`);
  assert.equal((await stat(last)).mode & 0o777, 0o600);
  assert.equal(await readFile(last, 'utf8'), `hostname sw1\n! run ${BACKUPS_KEPT + 4}\n`);
});

test('run records are appended as one JSON object per line', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-rec-'));
  const result: DeviceResult = { site: 'hq', device: 'sw1', outcome: 'converged', commands: ['hostname sw1'], sent: 1, saved: true, durations: { total: 12 } };
  await Promise.all([appendRunRecord(stateDir, result, false), appendRunRecord(stateDir, { ...result, device: 'sw2', outcome: 'in-sync' }, true)]);
  const lines = (await readFile(join(stateDir, 'runs.jsonl'), 'utf8')).trim().split('\n');
  assert.equal(lines.length, 2);
  const records = lines.map((l) => JSON.parse(l) as { device: string; outcome: string; check: boolean; time: string });
  const sw1 = records.find((r) => r.device === 'sw1')!;
  assert.equal(sw1.outcome, 'converged');
  assert.equal(sw1.check, false);
  assert.match(sw1.time, /^\d{4}-\d\d-\d\dT/);
  assert.equal(records.find((r) => r.device === 'sw2')!.check, true);
});
