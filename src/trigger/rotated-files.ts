/**
 * A log file's rotated siblings as logrotate leaves them, and how to recognise one of
 * them by its first bytes: `dhcpd.log.1`, `dhcpd.log.2.gz`, … (numbered: `.1` is the
 * newest) or `dhcpd.log-20261127`, … (dateext: the name sorts by date). Compressed
 * siblings cannot be followed, but a gzip file still tells which file it was (its first
 * bytes, inflated) and how long (the size in its trailer), which is what a warning about
 * lost lines needs.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import type { FilePos } from './journal.js';
import type { TriggerLogEntry } from './types.js';

/** Bytes of a file's start that identify it. */
export const FP_BYTES = 128;

const COMPRESSED = /\.(gz|xz|bz2|zst|lz4|z)$/i;
// logrotate numbers rotations from 1 (`rotate 365` needs three digits); a longer run of
// digits is a date or a timestamp (dateext).
const NUMBERED = /^[.-](\d{1,4})$/;
const DATED = /^[._-]\d/;

/** One file next to the followed one whose name starts with the followed one's. */
interface Sibling {
  readonly name: string;
  readonly compressed: boolean;
  /**
   * Place in the rotation order, oldest first (dated names, then `.N` … `.1`); the
   * followed file itself comes after every sibling. Undefined for names logrotate does
   * not make (`dhcpd.log.bak`): such a file is recognised by its first bytes, never read
   * as a rotation.
   */
  readonly order: number | undefined;
}

/** The siblings of `path`, in rotation order (oldest first), then the unordered ones by name. */
export function rotatedSiblings(path: string): Sibling[] {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const present = new Set(names);
  const found = names
    // Mid-compression both exist: the readable one stands for the pair.
    .filter((n) => n !== base && n.startsWith(base) && !(COMPRESSED.test(n) && present.has(n.replace(COMPRESSED, ''))))
    .map((n) => {
      const suffix = n.slice(base.length).replace(COMPRESSED, '');
      const numbered = NUMBERED.exec(suffix);
      // Sort keys: dated names by their suffix, before every numbered one, highest number first.
      const key = numbered ? `1${String(9999 - Number(numbered[1])).padStart(4, '0')}` : DATED.test(suffix) ? `0${suffix}` : undefined;
      return { name: join(dir, n), compressed: COMPRESSED.test(n), key };
    });
  const ordered = found.filter((s) => s.key !== undefined).sort((a, b) => (a.key! < b.key! ? -1 : 1));
  const others = found.filter((s) => s.key === undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
  return [...ordered.map((s, i) => ({ name: s.name, compressed: s.compressed, order: i })), ...others.map((s) => ({ name: s.name, compressed: s.compressed, order: undefined }))];
}

/** sha1 of the first `len` bytes of an open file ('' for none, `short:N` when it has fewer). */
export function fingerprint(fd: number, len: number): string {
  if (len === 0) return '';
  const buf = Buffer.alloc(len);
  const bytesRead = readSync(fd, buf, 0, len, 0);
  return fingerprintOf(buf.subarray(0, bytesRead), len);
}

function fingerprintOf(start: Buffer, len: number): string {
  if (len === 0) return '';
  if (start.length < len) return `short:${start.length}`;
  return createHash('sha1').update(start.subarray(0, len)).digest('hex');
}

/** What a compressed sibling says about the file it was made from. */
interface CompressedInfo {
  /** The fingerprint of its first `len` bytes once inflated (undefined: not gzip, or unreadable). */
  readonly fp: string | undefined;
  /** Its size uncompressed (gzip stores it modulo 4 GiB; a log that long is not expected), else undefined. */
  readonly size: number | undefined;
  /** Its size on disk. */
  readonly diskSize: number;
}

// Enough deflate input to inflate the first FP_BYTES of any log line; bounded output,
// since a run of identical bytes inflates about a thousandfold.
const GZIP_HEAD = 4096;

/** The compressed sibling made from the file whose first `len` bytes have fingerprint `fp` (gzip only). */
export function findCompressed(siblings: readonly Sibling[], fp: string, len: number): { sibling: Sibling; info: CompressedInfo } | undefined {
  if (len === 0) return undefined;
  for (const sibling of siblings) {
    if (!sibling.compressed) continue;
    const info = inspectCompressed(sibling.name, len);
    if (info?.fp === fp) return { sibling, info };
  }
  return undefined;
}

/** Reads the start and the trailer of a compressed sibling (gzip only; other formats give sizes on disk). */
export function inspectCompressed(name: string, len: number): CompressedInfo | undefined {
  let fd: number;
  try {
    fd = openSync(name, 'r');
  } catch {
    return undefined;
  }
  try {
    const diskSize = fstatSync(fd).size;
    if (!name.toLowerCase().endsWith('.gz') || diskSize < 18) return { fp: undefined, size: undefined, diskSize };
    const head = Buffer.alloc(Math.min(GZIP_HEAD, diskSize));
    readSync(fd, head, 0, head.length, 0);
    const trailer = Buffer.alloc(4);
    readSync(fd, trailer, 0, 4, diskSize - 4);
    let fp: string | undefined;
    try {
      // A sync flush inflates what the partial input holds instead of failing at its end.
      fp = fingerprintOf(gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }), len);
    } catch {
      fp = undefined;
    }
    return { fp, size: trailer.readUInt32LE(0), diskSize };
  } finally {
    closeSync(fd);
  }
}

/** Bytes that can no longer be read, for the warning. */
export interface Loss {
  readonly what: string;
  readonly bytes: number;
  readonly exact: boolean;
}

/** The one warning about what an input lost: exact, "at least N", or unknown. */
export function lossWarning(input: string, losses: readonly Loss[]): TriggerLogEntry {
  const bytes = losses.reduce((n, l) => n + l.bytes, 0);
  const exact = losses.every((l) => l.exact);
  const amount = exact ? `${bytes} bytes` : bytes > 0 ? `at least ${bytes} bytes` : 'an unknown number of bytes';
  return {
    level: 'warn',
    msg: `${amount} of this input were lost unread (rotated away, compressed or truncated before they were read)`,
    input,
    lostBytes: bytes,
    atLeast: !exact,
    details: losses.map((l) => l.what),
  };
}

/** What is lost with a compressed sibling, from `off` on (0: all of it). */
export function compressedLoss(s: Sibling, info: CompressedInfo, off: number): Loss {
  const name = basename(s.name);
  if (info.size === undefined || info.size < off) {
    return { what: `${name}: compressed, cannot be read; its size is unknown (${info.diskSize} bytes compressed)`, bytes: 0, exact: false };
  }
  const bytes = info.size - off;
  return { what: off > 0 ? `${name}: compressed, cannot be read; ${bytes} bytes after offset ${off}` : `${name}: compressed, cannot be read; all ${bytes} bytes`, bytes, exact: true };
}

/**
 * A file found nowhere (`truncated`: the followed file, seen shrinking, with no copy).
 * At start the two cannot be told apart: a deleted file's inode is soon reused.
 */
export function goneLoss(path: string, saved: FilePos, truncated: boolean): Loss {
  const unread = Math.max(0, (saved.size ?? 0) - saved.off);
  const known = unread > 0 ? ` (${unread} bytes of it had been seen but not read)` : '';
  const what = truncated
    ? `${basename(path)}: truncated in place and no copy found; what was written after offset ${saved.off} is lost${known}`
    : `inode ${saved.ino}: not found (deleted, or truncated in place without a copy); what was written to it after offset ${saved.off} is lost${known}`;
  return { what, bytes: unread, exact: false };
}
