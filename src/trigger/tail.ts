/**
 * Follows one log file the way logrotate and syslog daemons treat it:
 * - rename + create: the old file is kept open and drained (rsyslog writes to it until it
 *   is HUPed) and let go only after it has been quiet for a while; the new file is read
 *   from its start;
 * - copytruncate and plain truncation: noticed by the size dropping below the read offset
 *   or by the first bytes changing; the lines not read yet are read from the copy (the
 *   sibling whose first bytes match) before the new content.
 * The read position is the inode, the offset and a fingerprint (sha1 of the first bytes),
 * so a restart finds its place again even in a rotated sibling, however many rotations
 * happened meanwhile: it reads that file to its end, then every newer sibling, then the
 * file itself. What is gone for good (deleted, compressed, truncated in place) is logged
 * with the number of bytes lost. Changes are noticed with fs.watch on the folder, and by
 * polling in case the watch misses any (NFS, overlay). A path that does not exist yet is
 * reported once and read from its start when it appears.
 *
 * File access is synchronous on purpose: the calls are a stat and a read of what was just
 * appended, microseconds on a local disk, whereas each async call is a round trip through
 * libuv's thread pool (shared with the journal's fdatasync) that costs milliseconds on a
 * busy host — the difference between meeting the 20 ms latency target and missing it.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { FilePos } from './journal.js';
import { decodeLine, forEachCandidateLine, keywordBytes } from './line-scan.js';
import { LINE_KEYWORDS } from './parse-line.js';
import { compressedLoss, findCompressed, fingerprint, FP_BYTES, goneLoss, inspectCompressed, lossWarning, rotatedSiblings, type Loss } from './rotated-files.js';
import type { FileInputStatus } from './status.js';
import type { TriggerLogger } from './types.js';

const CHUNK = 1 << 20;
// File times are coarse (a clock tick) and the save a moment after the last read: a sibling
// written within this long before the save still counts as written after it.
const MTIME_SLACK_MS = 1000;
const KEYWORDS = keywordBytes(LINE_KEYWORDS);

/** Lines read in one go, each with the position just after it. */
export interface TailBatch {
  readonly src: string;
  readonly lines: readonly { readonly text: string; readonly pos: FilePos }[];
}

/** Options of {@link FileTail}. */
interface FileTailOptions {
  /** The configured path; also the source key of its positions. */
  readonly path: string;
  /** Positions saved by an earlier run (rotated files first). */
  readonly saved: readonly FilePos[];
  /**
   * When `saved` was written (ms). Only used when none of the saved files is found any
   * more: rotated siblings written after it are then read; without it, none are.
   */
  readonly savedAt?: number;
  /** With nothing saved: start at the end (default) rather than replay the whole file. */
  readonly fromStart?: boolean;
  readonly pollMs?: number;
  /** A rotated file is let go after it has not grown for this long. */
  readonly drainQuietMs?: number;
  /** Receives candidate lines; the tail waits for it before reading on (backpressure). */
  readonly onBatch: (batch: TailBatch) => Promise<void>;
  readonly log: TriggerLogger;
}

interface Tracked {
  fd: number;
  name: string;
  ino: number;
  off: number;
  fp: string;
  fpLen: number;
  /** The largest size seen: bytes up to it existed, whether read or not. */
  seen: number;
  lastSize: number;
  quietSince: number;
}

/** Follows one path. */
export class FileTail {
  private current: Tracked | undefined;
  private draining: Tracked[] = [];
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private busy = false;
  private again = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  private everSaved: boolean;
  private buf = Buffer.allocUnsafe(CHUNK);
  private exists = false;
  /** Reported missing (or unreadable) at start: say so when that changes. */
  private reported: string | undefined;
  private bytesRead = 0;

  constructor(private readonly options: FileTailOptions) {
    this.everSaved = options.saved.length > 0;
  }

  /** Finds the saved places, reads what is there, then follows changes. */
  async start(): Promise<void> {
    this.resume();
    this.reportAbsence();
    try {
      this.watcher = watch(dirname(this.options.path), { persistent: false }, () => this.kick());
      this.watcher.on('error', () => undefined);
    } catch {
      // No folder yet: polling notices it when it appears.
    }
    this.poller = setInterval(() => this.kick(), this.options.pollMs ?? 250);
    this.poller.unref();
    this.kick();
  }

  /** Positions of the files followed (rotated ones first), after the last delivered batch. */
  positions(): FilePos[] {
    return [...this.draining, ...(this.current ? [this.current] : [])].map(toPos);
  }

  /** The path's state for `switchyard status`. */
  status(): FileInputStatus {
    return { path: this.options.path, exists: this.exists, bytesRead: this.bytesRead, ...(this.reported !== undefined ? { problem: this.reported } : {}) };
  }

  /** Asks for a read now (a change was seen). */
  kick(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.idle = (async () => {
      do {
        this.again = false;
        try {
          await this.cycle();
        } catch (err) {
          this.options.log({ level: 'warn', msg: 'reading input failed', input: this.options.path, error: (err as Error).message });
        }
      } while (this.again && !this.stopped);
      this.busy = false;
    })();
  }

  /** Stops following; resolves after the read in progress has been delivered. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    if (this.poller) clearInterval(this.poller);
    await this.idle;
    // The tracked files keep their offsets: positions() still answers for the final save,
    // with the sizes as of now (what is beyond the offset then was not read).
    for (const t of [...this.draining, ...(this.current ? [this.current] : [])]) {
      try {
        t.seen = Math.max(t.seen, fstatSync(t.fd).size);
      } catch {
        // closed already: the size last seen stands
      }
      closeQuietly(t.fd);
    }
  }

  /**
   * Re-finds the saved positions in the path and its rotated siblings, and queues every
   * sibling newer than the newest of them to be read from its start: each rotation while
   * the daemon was down left one.
   */
  private resume(): void {
    const path = this.options.path;
    const siblings = rotatedSiblings(path);
    const readable = [path, ...siblings.filter((s) => !s.compressed).map((s) => s.name)];
    const orderOf = (name: string) => (name === path ? Number.POSITIVE_INFINITY : siblings.find((s) => s.name === name)?.order);
    const opened = new Map<number, Tracked>();
    const gone: FilePos[] = [];
    let newest: number | undefined;
    for (const saved of this.options.saved) {
      const found = locate(readable, saved);
      if (found === undefined) {
        gone.push(saved);
        continue;
      }
      newest = later(newest, orderOf(found.name));
      const known = opened.get(found.ino);
      if (known) {
        known.off = Math.max(known.off, saved.off);
        closeQuietly(found.fd);
      } else {
        opened.set(found.ino, { ...found, off: saved.off, seen: Math.max(found.seen, saved.size ?? 0) });
      }
    }
    const losses: Loss[] = [];
    for (const saved of gone) {
      const zipped = findCompressed(siblings, saved.fp, saved.fpLen);
      if (zipped) newest = later(newest, zipped.sibling.order);
      // A position without a size comes from the journal alone: the file may have been
      // read to its end and let go long ago. It counts only when nothing else is found.
      if (saved.size === undefined && opened.size > 0) continue;
      if (zipped) losses.push(compressedLoss(zipped.sibling, zipped.info, saved.off));
      else if (opened.size === 0 || (saved.size ?? 0) > saved.off) losses.push(goneLoss(path, saved, false));
    }
    // Rotated while the daemon was down: the siblings newer than the saved file. With the
    // saved file nowhere, the ones written since the save (logrotate deletes the oldest first).
    const savedAt = this.options.savedAt;
    const newer = siblings.filter((s) =>
      s.order === undefined ? false : newest !== undefined ? s.order > newest : this.everSaved && savedAt !== undefined && mtimeOf(s.name) > savedAt - MTIME_SLACK_MS,
    );
    const st = statSync(path, { throwIfNoEntry: false });
    const located = [...opened.values()].sort((a, b) => (orderOf(a.name) ?? -1) - (orderOf(b.name) ?? -1));
    for (const t of located) {
      if (st !== undefined && t.ino === st.ino && t.name === path) this.current = t;
      else this.draining.push(t);
    }
    for (const s of newer) {
      if (s.compressed) {
        losses.push(compressedLoss(s, inspectCompressed(s.name, FP_BYTES) ?? { fp: undefined, size: undefined, diskSize: 0 }, 0));
        continue;
      }
      const t = track(s.name, false);
      if (t !== undefined && !opened.has(t.ino) && t.ino !== st?.ino) this.draining.push(t);
      else if (t !== undefined) closeQuietly(t.fd);
    }
    if (losses.length > 0) this.options.log(lossWarning(path, losses));
    if (this.current === undefined && st !== undefined) {
      const atEnd = !this.everSaved && !this.options.fromStart;
      this.current = this.open(path, atEnd);
    }
    this.exists = st !== undefined;
  }

  /** One line at start for a path that is not there, or cannot be opened. */
  private reportAbsence(): void {
    if (this.current !== undefined) return;
    const st = statSync(this.options.path, { throwIfNoEntry: false });
    if (st === undefined) {
      this.reported = 'missing';
      this.options.log({ level: 'warn', msg: 'input file does not exist; waiting for it to appear', input: this.options.path });
    }
    // An unreadable file was reported by open().
  }

  /** Opens a file to follow; an error other than a missing file is logged once. */
  private open(name: string, atEnd: boolean): Tracked | undefined {
    try {
      const t = track(name, atEnd, true);
      if (this.reported !== undefined) {
        this.options.log({ level: 'info', msg: this.reported === 'missing' ? 'input file appeared; reading it from its start' : 'input file can be read now', input: this.options.path });
        this.reported = undefined;
      }
      return t;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      if (code !== 'ENOENT' && this.reported !== code) {
        this.reported = code;
        this.options.log({ level: 'warn', msg: 'input file cannot be opened; retrying', input: this.options.path, error: (err as Error).message });
      }
      return undefined;
    }
  }

  private async cycle(): Promise<void> {
    const now = Date.now();
    for (const t of [...this.draining]) {
      await this.read(t);
      const size = fstatSync(t.fd).size;
      if (size !== t.lastSize) {
        t.lastSize = size;
        t.quietSince = now;
      } else if (now - t.quietSince >= (this.options.drainQuietMs ?? 2000)) {
        await this.read(t, true);
        closeQuietly(t.fd);
        this.draining = this.draining.filter((d) => d !== t);
      }
    }
    const st = statSync(this.options.path, { throwIfNoEntry: false });
    const cur = this.current;
    if (st === undefined) {
      this.exists = false;
      // Moved away and not recreated yet: the writer may still be appending to it.
      if (cur) await this.read(cur);
      return;
    }
    this.exists = true;
    if (cur === undefined) {
      this.current = this.open(this.options.path, false);
    } else if (st.ino !== cur.ino) {
      // Renamed away and a new file created: drain the old one first, then the new.
      cur.quietSince = now;
      this.draining.push(cur);
      await this.read(cur);
      this.current = this.open(this.options.path, false);
    } else if (st.size < cur.off || (cur.fpLen > 0 && fingerprint(cur.fd, cur.fpLen) !== cur.fp)) {
      await this.truncated(cur);
    }
    if (this.current) await this.read(this.current);
  }

  /** Copytruncate: the unread rest is in the copy, if one was made; then start over. */
  private async truncated(cur: Tracked): Promise<void> {
    let copied = false;
    const siblings = rotatedSiblings(this.options.path);
    for (const s of siblings) {
      if (s.compressed || cur.fpLen === 0) continue;
      const fd = openQuietly(s.name);
      if (fd === undefined) continue;
      const st = fstatSync(fd);
      if (st.size >= cur.off && fingerprint(fd, cur.fpLen) === cur.fp) {
        const copy: Tracked = { fd, name: s.name, ino: st.ino, off: cur.off, fp: cur.fp, fpLen: cur.fpLen, seen: st.size, lastSize: st.size, quietSince: Date.now() };
        // Listed while it is read, so that offsets saved meanwhile name it.
        this.draining.push(copy);
        await this.read(copy, true);
        this.draining = this.draining.filter((d) => d !== copy);
        closeQuietly(fd);
        copied = true;
        break;
      }
      closeQuietly(fd);
    }
    if (copied) {
      this.options.log({ level: 'info', msg: 'input truncated (copytruncate): the rest was read from the copy; reading it from its start', input: this.options.path });
    } else {
      // No copy to read: compressed at once (compress without delaycompress), or none made.
      const zipped = findCompressed(siblings, cur.fp, cur.fpLen);
      this.options.log(lossWarning(this.options.path, [zipped ? compressedLoss(zipped.sibling, zipped.info, cur.off) : goneLoss(this.options.path, toPos(cur), true)]));
    }
    cur.off = 0;
    cur.fp = '';
    cur.fpLen = 0;
    cur.seen = 0;
  }

  /** Reads complete lines from `t.off` on; `final` also takes a last line without newline. */
  private async read(t: Tracked, final = false): Promise<void> {
    let buf = this.buf;
    for (;;) {
      if (t.fpLen < FP_BYTES) this.refreshFingerprint(t);
      const bytesRead = readSync(t.fd, buf, 0, buf.length, t.off);
      t.seen = Math.max(t.seen, t.off + bytesRead);
      if (bytesRead === 0) return;
      let end = buf.lastIndexOf(10, bytesRead - 1) + 1;
      if (end === 0) {
        if (bytesRead === buf.length) {
          buf = Buffer.allocUnsafe(buf.length * 2); // a line longer than the buffer
          this.buf = buf;
          continue;
        }
        if (!final) return;
        end = bytesRead;
      }
      const lines: { text: string; pos: FilePos }[] = [];
      const base = t.off;
      forEachCandidateLine(buf, 0, end, KEYWORDS, (s, e) => {
        lines.push({ text: decodeLine(buf, s, e), pos: { ino: t.ino, off: base + Math.min(e + 1, end), fp: t.fp, fpLen: t.fpLen } });
      });
      // Delivered (and committed) before the offset moves past these lines.
      await this.options.onBatch({ src: this.options.path, lines });
      t.off = base + end;
      this.bytesRead += end;
      if (bytesRead < buf.length) return;
    }
  }

  private refreshFingerprint(t: Tracked): void {
    const len = Math.min(fstatSync(t.fd).size, FP_BYTES);
    if (len > t.fpLen) {
      t.fp = fingerprint(t.fd, len);
      t.fpLen = len;
    }
  }
}

function toPos(t: Tracked): FilePos {
  return { ino: t.ino, off: t.off, fp: t.fp, fpLen: t.fpLen, size: t.seen };
}

/** Opens `name` to follow it; undefined when it cannot be opened (`strict`: throws instead). */
function track(name: string, atEnd: boolean, strict = false): Tracked | undefined {
  const fd = strict ? openSync(name, 'r') : openQuietly(name);
  if (fd === undefined) return undefined;
  const st = fstatSync(fd);
  const fpLen = Math.min(st.size, FP_BYTES);
  return { fd, name, ino: st.ino, off: atEnd ? st.size : 0, fp: fingerprint(fd, fpLen), fpLen, seen: st.size, lastSize: st.size, quietSince: Date.now() };
}

/** The saved file among `candidates`: same inode and first bytes, or (a copy) the same first bytes. */
function locate(candidates: readonly string[], saved: FilePos): Omit<Tracked, 'off'> | undefined {
  let byFingerprint: Omit<Tracked, 'off'> | undefined;
  for (const name of candidates) {
    const fd = openQuietly(name);
    if (fd === undefined) continue;
    const st = fstatSync(fd);
    const ok = st.size >= saved.off && fingerprint(fd, saved.fpLen) === saved.fp;
    const t = { fd, name, ino: st.ino, fp: saved.fp, fpLen: saved.fpLen, seen: st.size, lastSize: st.size, quietSince: Date.now() };
    if (ok && st.ino === saved.ino) {
      if (byFingerprint) closeQuietly(byFingerprint.fd);
      return t;
    }
    if (ok && byFingerprint === undefined && saved.fpLen > 0) byFingerprint = t;
    else closeQuietly(fd);
  }
  return byFingerprint;
}

/** The later of two places in the rotation order. */
function later(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function mtimeOf(name: string): number {
  return statSync(name, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

function openQuietly(name: string): number | undefined {
  try {
    return openSync(name, 'r');
  } catch {
    return undefined;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}
