/**
 * Small JSON files of the state folder (`bindings.json`, `key-offers.json`) that several
 * jobs may update at once: a rack powering up provisions several switches together, and
 * an unlocked read-modify-write would lose all updates but one.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { acquireDeviceLock } from './lock.js';

/** Reads `<stateDir>/<name>.json`; `{}` when it does not exist or is unreadable. */
export async function readStateFile<T>(stateDir: string, name: string): Promise<Record<string, T>> {
  try {
    return JSON.parse(await readFile(join(stateDir, `${name}.json`), 'utf8')) as Record<string, T>;
  } catch {
    return {};
  }
}

/** Updates `<stateDir>/<name>.json` under a lock, atomically, mode 0600. */
export async function updateStateFile<T>(stateDir: string, name: string, update: (data: Record<string, T>) => void): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const lock = await acquireDeviceLock(stateDir, '.state', name, { timeoutMs: 30_000, pollMs: 10 });
  try {
    const data = await readStateFile<T>(stateDir, name);
    update(data);
    await writeFileAtomic(join(stateDir, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  } finally {
    await lock.release();
  }
}
