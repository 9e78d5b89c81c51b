import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SwitchyardError } from '../errors.js';

/** A held per-device lock; release it exactly once. */
export interface DeviceLock {
  release(): Promise<void>;
}

/** Options of {@link acquireDeviceLock}. */
interface LockOptions {
  /** Give up after this long (ms). Default: 10 minutes — a push to a slow switch may take that. */
  readonly timeoutMs?: number;
  /** How often to look again while another process holds the lock. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * One reconcile per device at a time, across processes (the daemon and a person must
 * never push to one switch together). The lock is a file created with O_EXCL holding the
 * owner's PID; a lock whose owner is gone (crash, SIGKILL) is taken over, so a dead
 * process never blocks a switch forever.
 */
export async function acquireDeviceLock(stateDir: string, site: string, device: string, options: LockOptions = {}): Promise<DeviceLock> {
  const dir = join(stateDir, 'locks');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Device and site names come from the validated inventory, but keep the file name tame anyway.
  const path = join(dir, `${encodeURIComponent(site)}__${encodeURIComponent(device)}.lock`);
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const pollMs = options.pollMs ?? 50;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await ownerIsGone(path)) {
      await takeOver(path);
      continue;
    }
    if (options.signal?.aborted) throw new SwitchyardError('LOCK_HELD', `${site}/${device}: gave up waiting for the device lock (aborted)`);
    if (Date.now() > deadline) {
      throw new SwitchyardError('LOCK_HELD', `${site}/${device} is locked by another Switchyard process (${path})`, {
        hint: 'another reconcile or the watch daemon is pushing to this switch; wait for it, or remove the lock file if that process is gone',
      });
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** An empty lock file older than this was left by a process that died while creating it. */
const EMPTY_LOCK_STALE_MS = 5_000;
/** A take-over marker older than this was left by a process that died while taking over. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes a stale lock — but only under a take-over marker, re-checking the owner there.
 * Without it two waiters can both see the dead owner; the first removes the stale file and
 * creates its own lock, and the second then removes that live lock: two holders.
 */
async function takeOver(path: string): Promise<void> {
  const marker = `${path}.takeover`;
  try {
    await (await open(marker, 'wx', 0o600)).close();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = await stat(marker).then((st) => Date.now() - st.mtimeMs, () => 0);
    if (age > TAKEOVER_STALE_MS) await unlink(marker).catch(() => undefined);
    return; // someone else is taking over: wait and look again
  }
  try {
    if (await ownerIsGone(path)) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

async function ownerIsGone(path: string): Promise<boolean> {
  let text: string;
  let age: number;
  try {
    [text, age] = await Promise.all([readFile(path, 'utf8'), stat(path).then((st) => Date.now() - st.mtimeMs)]);
  } catch {
    return false; // released between our open and read: try again
  }
  const pid = Number.parseInt(text, 10);
  // An empty file is a lock being written right now — or one whose writer died before
  // writing its PID, which would block the device for ever.
  if (!Number.isInteger(pid) || pid <= 0) return age > EMPTY_LOCK_STALE_MS;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
