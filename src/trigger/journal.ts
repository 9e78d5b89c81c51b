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
  /**
   * The file's size when the position was saved (offsets.json only): bytes past `off` that
   * existed then, so that a file gone by the next start counts at least those as lost.
   */
  readonly size?: number;
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
interface PendingJob {
  readonly job: StoredJob;
  readonly attempts: number;
  readonly notBefore: number;
}

/** What a journal says at start. */
interface JournalState {
  /** Latest committed position per source and inode. */
  readonly positions: ReadonlyMap<string, readonly FilePos[]>;
  readonly pending: readonly PendingJob[];
  /** Records read (for compaction decisions). */
  readonly records: number;
}

/** The journal file name in the state folder. */
const JOURNAL_FILE = 'queue.jsonl';
/** Above this size the journal is compacted at start (the old one is kept as `.1`). */
const COMPACT_BYTES = 16 << 20;

/** Reads a journal; a torn last line (crash mid-write) is ignored. */
export async function readJournal(stateDir: string): Promise<JournalState> {
  const path = join(stateDir, JOURNAL_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // A crash in the middle of a compaction leaves the complete new file beside the old.
    text = await readFile(`${path}.new`, 'utf8').catch(() => '');
    if (text !== '') await rename(`${path}.new`, path);
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

/** An open journal, appending with group commit and compacting itself when it grows. */
export class Journal {
  private handle: FileHandle | undefined;
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;
  private size = 0;
  // What the journal says so far, kept up to date from every record appended: a compacted
  // journal must still hold the furthest committed position and every unfinished job.
  private readonly positions = new Map<string, FilePos[]>();
  private readonly jobs = new Map<string, { job: StoredJob; attempts: number; notBefore: number }>();

  private constructor(
    private readonly path: string,
    private readonly compactBytes: number,
  ) {}

  /**
   * Opens the journal for appending. When it has grown past `compactBytes` it is rewritten
   * to positions and pending jobs only (now, and whenever it grows past it again), the old
   * file kept as `.1`.
   */
  static async open(stateDir: string, state: JournalState, compactBytes = COMPACT_BYTES): Promise<Journal> {
    const j = new Journal(join(stateDir, JOURNAL_FILE), compactBytes);
    for (const [src, list] of state.positions) for (const pos of list) notePosition(j.positions, src, pos);
    for (const p of state.pending) j.jobs.set(p.job.id, { ...p });
    j.size = await stat(j.path).then((s) => s.size, () => 0);
    if (j.size > compactBytes) await j.compact();
    else j.handle = await open(j.path, 'a', 0o600);
    return j;
  }

  /** Appends records; resolves when they are on disk. */
  append(records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    for (const r of records) {
      this.pending.push(JSON.stringify(r));
      this.note(r);
    }
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private note(r: JournalRecord): void {
    if (r.t === 'd' || r.t === 'pos') {
      if (r.src !== undefined && r.pos !== undefined) notePosition(this.positions, r.src, r.pos);
      if (r.t === 'd' && r.job) this.jobs.set(r.job.id, { job: r.job, attempts: 0, notBefore: 0 });
    } else if (r.t === 'try') {
      const j = this.jobs.get(r.id);
      if (j) {
        j.attempts = r.attempt;
        j.notBefore = r.next;
      }
    } else {
      this.jobs.delete(r.id);
    }
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
        this.size += Buffer.byteLength(text);
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
      if (this.size > this.compactBytes) await this.compact().catch(() => undefined);
    }
    this.flushing = false;
  }

  /** Rewrites the journal to what still matters; the old one becomes `.1`. */
  private async compact(): Promise<void> {
    const lines: string[] = [];
    for (const [src, list] of this.positions) {
      // The last few files of a source are enough: older ones were rotated away long ago.
      for (const pos of list.slice(-4)) lines.push(JSON.stringify({ t: 'pos', src, pos }));
    }
    const now = Date.now();
    for (const p of this.jobs.values()) {
      lines.push(JSON.stringify({ t: 'd', time: now, job: p.job }));
      if (p.attempts > 0) lines.push(JSON.stringify({ t: 'try', id: p.job.id, attempt: p.attempts, next: p.notBefore, message: 'carried over' }));
    }
    const text = lines.length ? `${lines.join('\n')}\n` : '';
    await writeFileAtomic(`${this.path}.new`, text, { mode: 0o600 });
    await this.handle?.close();
    this.handle = undefined;
    await rename(this.path, `${this.path}.1`).catch(() => undefined);
    await rename(`${this.path}.new`, this.path);
    this.handle = await open(this.path, 'a', 0o600);
    this.size = Buffer.byteLength(text);
  }

  /** Waits for outstanding appends, then closes. */
  async close(): Promise<void> {
    while (this.flushing || this.pending.length > 0) await new Promise((r) => setTimeout(r, 2));
    await this.handle?.close();
    this.handle = undefined;
  }
}
