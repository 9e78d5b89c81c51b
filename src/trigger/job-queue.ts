/**
 * The job queue: one job per key (device) at a time, a concurrency limit, and retries
 * with exponential backoff while a switch is not reachable yet (it answers DHCP seconds
 * before its SSH server listens). Jobs are persisted by the journal; this class only
 * schedules. Stopping lets running jobs finish (a push is never interrupted).
 *
 * Two lanes with their own slots: jobs for switches the inventory knows, and the LLDP
 * look-ups of unknown candidates (`identify`). Anyone on the access network can make
 * candidates (a DHCPACK from a fresh MAC), and a look-up of an address that accepts TCP
 * and never answers holds its slot for the whole connect timeout: with one lane, 40 such
 * ACKs kept a known switch's reconcile waiting for 74 s (issue #11).
 */
import type { StoredJob } from './journal.js';
import type { JobOutcome } from './types.js';

/** A job and its scheduling state. */
export interface QueueEntry {
  readonly job: StoredJob;
  attempts: number;
  notBefore: number;
  state: 'waiting' | 'running';
  lastMessage?: string;
}

/** The lane of a job: switches the inventory knows, or unknown candidates to identify. */
type Lane = 'known' | 'candidate';

/** The lane a job runs in. */
export function laneOf(job: Pick<StoredJob, 'kind'>): Lane {
  return job.kind === 'identify' ? 'candidate' : 'known';
}

/** Scheduling limits of the candidate lane. */
export interface LaneLimits {
  /** Jobs running at once. */
  readonly concurrency: number;
  /** Attempts before a `retry` outcome becomes final. */
  readonly maxAttempts: number;
  /** First backoff step in ms (doubling, capped at maxBackoffMs). */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Jobs held (waiting or running) at most; the caller refuses more ({@link JobQueue.room}). */
  readonly maxQueued: number;
}

/**
 * Candidate look-ups: 2 at once, 6 attempts over about 3 minutes (10 s doubling to 60 s;
 * a switch's SSH server is up within a minute or two of its first DHCPACK), 128 held.
 */
export const CANDIDATE_LANE: LaneLimits = Object.freeze({ concurrency: 2, maxAttempts: 6, backoffMs: 10_000, maxBackoffMs: 60_000, maxQueued: 128 });

/** Options of {@link JobQueue}. */
interface JobQueueOptions {
  /** Jobs of known switches running at once. */
  readonly concurrency: number;
  /** Runs one job; a rejection counts as `failed`. */
  readonly run: (job: StoredJob, attempt: number, signal: AbortSignal) => Promise<JobOutcome>;
  /** Called for every outcome (retry included), after which the queue moves on. */
  readonly onOutcome: (entry: QueueEntry, outcome: JobOutcome, final: boolean, nextAttemptAt: number | undefined) => void;
  /** Attempts before a `retry` outcome becomes final (known lane). Default 12 (about 15 minutes of backoff). */
  readonly maxAttempts?: number;
  /** First backoff step in ms (doubling, capped at maxBackoffMs; known lane). Default 2000. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** The candidate lane's limits; default {@link CANDIDATE_LANE}. */
  readonly candidates?: Partial<LaneLimits>;
  readonly now?: () => number;
}

/** One lane's limits and state. */
interface LaneState {
  readonly limits: LaneLimits;
  /** Keys of waiting entries, FIFO; a retried entry goes to the back. */
  readonly order: string[];
  running: number;
  held: number;
}

/** Schedules jobs. */
export class JobQueue {
  private readonly entries = new Map<string, QueueEntry>(); // by key
  private readonly lanes: Readonly<Record<Lane, LaneState>>;
  private running = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private idleWaiters: (() => void)[] = [];
  private readonly abort = new AbortController();

  constructor(private readonly options: JobQueueOptions) {
    const known: LaneLimits = {
      concurrency: options.concurrency,
      maxAttempts: options.maxAttempts ?? 12,
      backoffMs: options.backoffMs ?? 2000,
      maxBackoffMs: options.maxBackoffMs ?? 120_000,
      maxQueued: Infinity,
    };
    const lane = (limits: LaneLimits): LaneState => ({ limits, order: [], running: 0, held: 0 });
    this.lanes = { known: lane(known), candidate: lane({ ...CANDIDATE_LANE, ...options.candidates }) };
  }

  /** A job for this key is waiting or running. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** How many more jobs `lane` takes before its maxQueued (Infinity for the known lane). */
  room(lane: Lane): number {
    const l = this.lanes[lane];
    return Math.max(0, l.limits.maxQueued - l.held);
  }

  /** Jobs of `lane` running and waiting, and its limits (for `status`). */
  laneStatus(lane: Lane): { running: number; waiting: number; limits: LaneLimits } {
    const l = this.lanes[lane];
    return { running: l.running, waiting: l.held - l.running, limits: l.limits };
  }

  /**
   * Adds a job (the caller checked `has`, and `room` for a new candidate; jobs resumed from
   * the journal are taken beyond it); starts it at once when a slot of its lane is free.
   */
  add(job: StoredJob, attempts = 0, notBefore = 0): void {
    if (this.entries.has(job.key)) return;
    this.entries.set(job.key, { job, attempts, notBefore, state: 'waiting' });
    const lane = this.lanes[laneOf(job)];
    lane.held++;
    lane.order.push(job.key);
    this.pump();
  }

  /** Entries for `status`, waiting and running. */
  snapshot(): QueueEntry[] {
    return [...this.entries.values()];
  }

  /** Starts no new job; resolves when running ones have finished. `force` also aborts them. */
  async stop(force = false): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (force) this.abort.abort();
    if (this.running === 0) return;
    await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private pump(): void {
    if (this.stopped) return;
    const now = this.now();
    let soonest = Infinity;
    for (const lane of Object.values(this.lanes)) {
      for (let i = 0; i < lane.order.length && lane.running < lane.limits.concurrency; ) {
        const entry = this.entries.get(lane.order[i]!)!;
        if (entry.notBefore > now) {
          i++;
          continue;
        }
        lane.order.splice(i, 1);
        this.start(entry, lane);
      }
      for (const key of lane.order) soonest = Math.min(soonest, this.entries.get(key)!.notBefore);
    }
    if (soonest !== Infinity && soonest > now && soonest < this.timerAt) {
      if (this.timer) clearTimeout(this.timer);
      this.timerAt = soonest;
      this.timer = setTimeout(() => {
        this.timerAt = Infinity;
        this.pump();
      }, soonest - now);
    }
  }

  private start(entry: QueueEntry, lane: LaneState): void {
    entry.state = 'running';
    entry.attempts++;
    this.running++;
    lane.running++;
    const attempt = entry.attempts;
    this.options
      .run(entry.job, attempt, this.abort.signal)
      .catch((err: unknown): JobOutcome => ({ status: 'failed', message: err instanceof Error ? err.message : String(err) }))
      .then((outcome) => this.finish(entry, lane, outcome))
      .catch(() => undefined);
  }

  private finish(entry: QueueEntry, lane: LaneState, outcome: JobOutcome): void {
    this.running--;
    lane.running--;
    entry.lastMessage = outcome.message;
    const { maxAttempts, backoffMs, maxBackoffMs } = lane.limits;
    if (outcome.status === 'retry' && entry.attempts < maxAttempts && !this.stopped) {
      const step = Math.min(maxBackoffMs, backoffMs * 2 ** (entry.attempts - 1));
      // Jitter keeps a rack of switches that booted together from retrying in lockstep.
      const delay = Math.max(outcome.retryAfterMs ?? 0, Math.round(step * (0.8 + Math.random() * 0.4)));
      entry.notBefore = this.now() + delay;
      entry.state = 'waiting';
      lane.order.push(entry.job.key);
      this.options.onOutcome(entry, outcome, false, entry.notBefore);
    } else if (outcome.status === 'retry' && this.stopped) {
      // Shutting down: stays pending in the journal and resumes after the restart.
      entry.state = 'waiting';
      this.options.onOutcome(entry, outcome, false, this.now());
    } else {
      this.entries.delete(entry.job.key);
      lane.held--;
      const final: JobOutcome = outcome.status === 'retry' ? { status: 'failed', message: `gave up after ${entry.attempts} attempts: ${outcome.message}` } : outcome;
      this.options.onOutcome(entry, final, true, undefined);
    }
    if (this.running === 0 && this.stopped) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
    this.pump();
  }
}
