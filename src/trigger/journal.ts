/**
 * The daemon's durable record, `<state>/queue.jsonl`: one JSON object per line for each
 * decision (with the job it queued and the read position just past its line), each retry
 * and each finished job. A record is on disk (fdatasync) before the decision is logged and
 * before the read offsets are saved, so a crash at any instant neither loses an event (its
 * line is read again) nor decides it twice (its position is in the journal).
 *
 * Appends are group-committed: whatever arrives while a write is in flight goes out with
 * the next single write + fdatasync.
 */
import { open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Decision, JobSpec } from './types.js';

/** A read position in one file: inode, byte offset of the next unread line, fingerprint of its first bytes. */
export interface FilePos {
  readonly ino: number;
  readonly off: number;
  /** sha1 (hex) of the first `fpLen` bytes; identifies the file across renames and copies. */
  readonly fp: string;
  readonly fpLen: number;
}

/** A job as stored. */
export interface StoredJob extends JobSpec {
  readonly id: string;
}

/** One journal line. */
export type JournalRecord =
  | { readonly t: 'd'; readonly time: number; readonly src?: string; readonly pos?: FilePos; readonly decision?: Decision; readonly job?: StoredJob }
  | { readonly t: 'try'; readonly id: string; readonly attempt: number; readonly next: number; readonly message: string }
  | { readonly t: 'done'; readonly id: string; readonly time: number; readonly status: string; readonly message: string }
  | { readonly t: 'pos'; readonly src: string; readonly pos: FilePos };

/** A job found pending in the journal at start. */
export interface PendingJob {
  readonly job: StoredJob;
  readonly attempts: number;
  readonly notBefore: number;
}

/** What a journal says at start. */
export interface JournalState {
  /** Latest committed position per source and inode. */
  readonly positions: ReadonlyMap<string, readonly FilePos[]>;
  readonly pending: readonly PendingJob[];
  /** Records read (for compaction decisions). */
  readonly records: number;
}

/** The journal file name in the state folder. */
export const JOURNAL_FILE = 'queue.jsonl';
/** Above this size the journal is compacted at start (the old one is kept as `.1`). */
export const COMPACT_BYTES = 16 << 20;

/** Reads a journal; a torn last line (crash mid-write) is ignored. */
export async function readJournal(stateDir: string): Promise<JournalState> {
  let text: string;
  try {
    text = await readFile(join(stateDir, JOURNAL_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    text = '';
  }
  const positions = new Map<string, FilePos[]>();
  const jobs = new Map<string, { job: StoredJob; attempts: number; notBefore: number }>();
  let records = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let rec: JournalRecord;
    try {
      rec = JSON.parse(line) as JournalRecord;
    } catch {
      continue; // torn write at a crash; the event behind it is read again
    }
    records++;
    if (rec.t === 'd' || rec.t === 'pos') {
      if (rec.src !== undefined && rec.pos !== undefined) notePosition(positions, rec.src, rec.pos);
      if (rec.t === 'd' && rec.job) jobs.set(rec.job.id, { job: rec.job, attempts: 0, notBefore: 0 });
    } else if (rec.t === 'try') {
      const j = jobs.get(rec.id);
      if (j) {
        j.attempts = rec.attempt;
        j.notBefore = rec.next;
      }
    } else if (rec.t === 'done') {
      jobs.delete(rec.id);
    }
  }
  return { positions, pending: [...jobs.values()], records };
}

/** Keeps the furthest position per (source, inode). */
export function notePosition(map: Map<string, FilePos[]>, src: string, pos: FilePos): void {
  const list = map.get(src);
  if (list === undefined) {
    map.set(src, [pos]);
    return;
  }
  const i = list.findIndex((p) => p.ino === pos.ino && p.fp === pos.fp);
  if (i === -1) list.push(pos);
  else if (list[i]!.off < pos.off) list[i] = pos;
}

/** An open journal, appending with group commit. */
export class Journal {
  private handle: FileHandle | undefined;
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  private constructor(private readonly path: string) {}

  /**
   * Opens the journal for appending. When it has grown past COMPACT_BYTES it is first
   * rewritten to `state` (positions and pending jobs only), the old file kept as `.1`.
   */
  static async open(stateDir: string, state: JournalState): Promise<Journal> {
    const path = join(stateDir, JOURNAL_FILE);
    const size = await stat(path).then((s) => s.size, () => 0);
    if (size > COMPACT_BYTES) {
      const lines: string[] = [];
      for (const [src, list] of state.positions) for (const pos of list) lines.push(JSON.stringify({ t: 'pos', src, pos }));
      for (const p of state.pending) {
        lines.push(JSON.stringify({ t: 'd', time: Date.now(), job: p.job }));
        if (p.attempts > 0) lines.push(JSON.stringify({ t: 'try', id: p.job.id, attempt: p.attempts, next: p.notBefore, message: 'carried over' }));
      }
      await writeFileAtomic(`${path}.new`, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
      await rename(path, `${path}.1`);
      await rename(`${path}.new`, path);
    }
    const j = new Journal(path);
    j.handle = await open(path, 'a', 0o600);
    return j;
  }

  /** Appends records; resolves when they are on disk. */
  append(records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    for (const r of records) this.pending.push(JSON.stringify(r));
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const text = `${this.pending.join('\n')}\n`;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        if (this.handle === undefined) throw new Error('journal is closed');
        await this.handle.write(text);
        await this.handle.datasync();
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
    this.flushing = false;
  }

  /** Waits for outstanding appends, then closes. */
  async close(): Promise<void> {
    while (this.flushing || this.pending.length > 0) await new Promise((r) => setTimeout(r, 2));
    await this.handle?.close();
    this.handle = undefined;
  }
}
