import { appendFile, mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { DeviceResult } from './types.js';

/** How many running-config backups to keep per device. */
export const BACKUPS_KEPT = 20;

/**
 * Saves the running config read at the start of a run: one file per run, mode 0600
 * (configs hold secrets' hashes and communities), the oldest pruned beyond BACKUPS_KEPT.
 * Returns the file's path.
 */
export async function saveBackup(stateDir: string, site: string, device: string, running: string, now = new Date()): Promise<string> {
  const dir = join(stateDir, 'backups', encodeURIComponent(site), encodeURIComponent(device));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // ISO time sorts by name; the PID keeps two processes in one millisecond apart.
  const path = join(dir, `${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.cfg`);
  await writeFileAtomic(path, running, { mode: 0o600 });
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cfg')).sort();
  for (const old of files.slice(0, Math.max(0, files.length - BACKUPS_KEPT))) await unlink(join(dir, old)).catch(() => undefined);
  return path;
}

/** One line of the run journal (`<state>/runs.jsonl`). */
interface RunRecord {
  readonly time: string;
  readonly site: string;
  readonly device: string;
  readonly outcome: DeviceResult['outcome'];
  readonly check: boolean;
  readonly commands: readonly string[];
  readonly sent: number;
  readonly saved: boolean;
  readonly error?: DeviceResult['error'];
  readonly rollback?: DeviceResult['rollback'];
  readonly durations: DeviceResult['durations'];
}

/**
 * Appends a run record. One `appendFile` of one line per record: with O_APPEND, records
 * of concurrent processes never interleave inside a line.
 */
export async function appendRunRecord(stateDir: string, result: DeviceResult, check: boolean, now = new Date()): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const record: RunRecord = {
    time: now.toISOString(),
    site: result.site,
    device: result.device,
    outcome: result.outcome,
    check,
    commands: result.commands,
    sent: result.sent,
    saved: result.saved,
    ...(result.error ? { error: result.error } : {}),
    ...(result.rollback ? { rollback: result.rollback } : {}),
    durations: result.durations,
  };
  await appendFile(join(stateDir, 'runs.jsonl'), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}
