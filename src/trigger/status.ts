/**
 * What the daemon publishes about itself for `switchyard status`: `<state>/status.json`
 * (rewritten atomically when something changed, at most every STATUS_INTERVAL_MS) and the
 * same object live over the control socket.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Decision } from './types.js';

/** The status file name in the state folder. */
const STATUS_FILE = 'status.json';
/** How often the status file is rewritten at most. */
export const STATUS_INTERVAL_MS = 1000;
/** Decisions kept for `status`. */
export const RECENT_DECISIONS = 50;

/** One queued or running job as `status` shows it. */
export interface QueueItem {
  readonly id: string;
  readonly kind: string;
  readonly key: string;
  readonly device: string | null;
  readonly state: 'waiting' | 'running';
  readonly attempts: number;
  /** ISO time of the next attempt, for a job waiting after a retry. */
  readonly nextAttempt: string | null;
  readonly lastMessage: string | null;
}

/** One lane of the queue: known switches, or unknown candidates waiting for identification. */
export interface LaneStatus {
  readonly running: number;
  readonly waiting: number;
  readonly concurrency: number;
  /** Jobs the lane holds at most (further candidates are refused); null: no bound. */
  readonly maxQueued: number | null;
}

/** A syslog listener: what it received and, for UDP, what the kernel dropped before it could. */
export interface SyslogStatus {
  /** `udp://HOST:PORT` or `tcp://HOST:PORT`. */
  readonly address: string;
  /** Datagrams (UDP) or messages (TCP). */
  readonly received: number;
  /** UDP: the receive buffer the kernel granted, in bytes. */
  readonly receiveBuffer: number | null;
  /** UDP: datagrams the kernel dropped, receive buffer full (Linux /proc/net/udp); null where unknown, and for TCP. */
  readonly drops: number | null;
}

/** How the last job of a device (or MAC) ended. */
export interface LastOutcome {
  readonly kind: string;
  readonly status: string;
  readonly message: string;
  readonly time: string;
}

/** A tailed file as `status` shows it. */
export interface FileInputStatus {
  readonly path: string;
  /** False while the path does not exist: waiting for it to appear. */
  readonly exists: boolean;
  /** Bytes read from it (and its rotated siblings) since the daemon started. */
  readonly bytesRead: number;
  /** `missing` (reported at start), or the error code that keeps it from being opened. */
  readonly problem?: string;
}

/** The daemon's published state. */
export interface WatchStatus {
  readonly pid: number;
  readonly started: string;
  readonly updated: string;
  readonly running: boolean;
  readonly dryRun: boolean;
  readonly inputs: readonly string[];
  /** The tailed files' state (absent in status files of earlier versions). */
  readonly files?: readonly FileInputStatus[];
  readonly counters: {
    readonly events: number;
    readonly decisions: number;
    readonly jobsStarted: number;
    readonly jobsFinished: number;
    /** Unknown switches refused because the candidate lane was full. */
    readonly candidatesRefused: number;
  };
  readonly queue: readonly QueueItem[];
  readonly lanes: { readonly known: LaneStatus; readonly candidates: LaneStatus };
  readonly syslog: readonly SyslogStatus[];
  readonly recent: readonly (Decision & { readonly time: string })[];
  readonly lastOutcome: Readonly<Record<string, LastOutcome>>;
}

/** Writes the status file (mode 0600: decisions name devices and addresses). */
export async function writeStatus(dir: string, status: WatchStatus): Promise<void> {
  await writeFileAtomic(join(dir, STATUS_FILE), `${JSON.stringify(status, null, 1)}\n`, { mode: 0o600 });
}

/** Reads the status file, or `undefined` when there is none. */
export async function readStatus(dir: string): Promise<WatchStatus | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, STATUS_FILE), 'utf8')) as WatchStatus;
  } catch {
    return undefined;
  }
}
