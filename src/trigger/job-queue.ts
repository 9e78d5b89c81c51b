/**
 * The job queue: one job per key (device) at a time, a concurrency limit, and retries
 * with exponential backoff while a switch is not reachable yet (it answers DHCP seconds
 * before its SSH server listens). Jobs are persisted by the journal; this class only
 * schedules. Stopping lets running jobs finish (a push is never interrupted).
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

/** Options of {@link JobQueue}. */
export interface JobQueueOptions {
  /** Jobs running at once. */
  readonly concurrency: number;
  /** Runs one job; a rejection counts as `failed`. */
  readonly run: (job: StoredJob, attempt: number, signal: AbortSignal) => Promise<JobOutcome>;
  /** Called for every outcome (retry included), after which the queue moves on. */
  readonly onOutcome: (entry: QueueEntry, outcome: JobOutcome, final: boolean, nextAttemptAt: number | undefined) => void;
  /** Attempts before a `retry` outcome becomes final. Default 12 (about 15 minutes of backoff). */
  readonly maxAttempts?: number;
  /** First backoff step in ms (doubling, capped at maxBackoffMs). Default 2000. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly now?: () => number;
}

/** Schedules jobs. */
export class JobQueue {
  private readonly entries = new Map<string, QueueEntry>(); // by key
  private readonly order: string[] = []; // keys of waiting entries, FIFO
  private running = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private idleWaiters: (() => void)[] = [];
  private readonly abort = new AbortController();

  constructor(private readonly options: JobQueueOptions) {}

  /** A job for this key is waiting or running. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Adds a job (the caller checked `has`); starts it at once when a slot is free. */
  add(job: StoredJob, attempts = 0, notBefore = 0): void {
    if (this.entries.has(job.key)) return;
    this.entries.set(job.key, { job, attempts, notBefore, state: 'waiting' });
    this.order.push(job.key);
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
    for (let i = 0; i < this.order.length && this.running < this.options.concurrency; ) {
      const entry = this.entries.get(this.order[i]!)!;
      if (entry.notBefore > now) {
        soonest = Math.min(soonest, entry.notBefore);
        i++;
        continue;
      }
      this.order.splice(i, 1);
      this.start(entry);
    }
    for (const key of this.order) soonest = Math.min(soonest, this.entries.get(key)!.notBefore);
    if (soonest !== Infinity && soonest > now && soonest < this.timerAt) {
      if (this.timer) clearTimeout(this.timer);
      this.timerAt = soonest;
      this.timer = setTimeout(() => {
        this.timerAt = Infinity;
        this.pump();
      }, soonest - now);
    }
  }

  private start(entry: QueueEntry): void {
    entry.state = 'running';
    entry.attempts++;
    this.running++;
    const attempt = entry.attempts;
    this.options
      .run(entry.job, attempt, this.abort.signal)
      .catch((err: unknown): JobOutcome => ({ status: 'failed', message: err instanceof Error ? err.message : String(err) }))
      .then((outcome) => this.finish(entry, outcome))
      .catch(() => undefined);
  }

  private finish(entry: QueueEntry, outcome: JobOutcome): void {
    this.running--;
    entry.lastMessage = outcome.message;
    const max = this.options.maxAttempts ?? 12;
    if (outcome.status === 'retry' && entry.attempts < max && !this.stopped) {
      const base = this.options.backoffMs ?? 2000;
      const step = Math.min(this.options.maxBackoffMs ?? 120_000, base * 2 ** (entry.attempts - 1));
      // Jitter keeps a rack of switches that booted together from retrying in lockstep.
      const delay = Math.max(outcome.retryAfterMs ?? 0, Math.round(step * (0.8 + Math.random() * 0.4)));
      entry.notBefore = this.now() + delay;
      entry.state = 'waiting';
      this.order.push(entry.job.key);
      this.options.onOutcome(entry, outcome, false, entry.notBefore);
    } else if (outcome.status === 'retry' && this.stopped) {
      // Shutting down: stays pending in the journal and resumes after the restart.
      entry.state = 'waiting';
      this.options.onOutcome(entry, outcome, false, this.now());
    } else {
      this.entries.delete(entry.job.key);
      const final: JobOutcome = outcome.status === 'retry' ? { status: 'failed', message: `gave up after ${entry.attempts} attempts: ${outcome.message}` } : outcome;
      this.options.onOutcome(entry, final, true, undefined);
    }
    if (this.running === 0 && this.stopped) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
    this.pump();
  }
}
