/**
 * The `watch` daemon: inputs (tailed files, syslog, the control socket) → lease events →
 * decisions → journal → job queue → the injected handlers. SIGHUP reloads inventory and
 * rules without touching the queue; stop() stops intake, lets running jobs finish, saves
 * the read offsets and exits clean.
 *
 * Order of an event's life: decided; its job handed to the queue (so it starts at once);
 * the decision and job appended to the journal (fdatasync, in parallel with the job's
 * start); once on disk, the decision is logged and the read offset may move past its
 * line. A crash before the journal write means the line is read and decided again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inventory } from '../inventory/index.js';
import { listenControl, SOCKET_FILE, type ControlRequest, type ControlServer } from './control.js';
import { decision, DecisionEngine, type Verdict } from './decide.js';
import { runExec } from './exec-action.js';
import { checkEvent } from './hook-event.js';
import { JobQueue, laneOf, type LaneLimits, type QueueEntry } from './job-queue.js';
import { Journal, readJournal, type FilePos, type JournalRecord, type StoredJob } from './journal.js';
import { mergePositions, readOffsets, writeOffsets } from './offsets.js';
import { LeaseReader } from './parse-line.js';
import type { InputSpec, RuleSet } from './rules-load.js';
import { listenSyslog, type SyslogListener } from './syslog.js';
import { FileTail, type TailBatch } from './tail.js';
import { RECENT_DECISIONS, STATUS_INTERVAL_MS, writeStatus, type LaneStatus, type LastOutcome, type WatchStatus } from './status.js';
import type { Decision, JobHandlers, JobOutcome, JobSpec, LeaseEvent, TriggerLogger } from './types.js';

/** What the daemon (re)loads on start and SIGHUP. */
export interface WatchContext {
  readonly inventory: Inventory;
  readonly rules: RuleSet;
  /** MAC → device name bindings remembered at provisioning. */
  readonly bindings: ReadonlyMap<string, string>;
}

/** Options of {@link Watcher.start}. */
export interface WatcherOptions<C extends WatchContext = WatchContext> {
  readonly root: string;
  /** The project's state folder; a dry run keeps its own state in `dry-run/` below it. */
  readonly stateDir: string;
  /** Loads and checks a whole context; throws, changing nothing, when any part of it is broken. */
  readonly load: () => Promise<C>;
  /**
   * Called with each context as it takes effect — at start, and on each reload whose load
   * succeeded — in the same step as the decision engine switches to it, so what the job
   * handlers act on switches with it: no job sees one load's inventory and another's templates.
   */
  onContext?(ctx: C): void;
  readonly handlers: JobHandlers;
  /** Decide and log; run nothing. */
  readonly dryRun: boolean;
  /** Inputs given on the command line; replace the rules files' `inputs:`. */
  readonly inputs?: readonly InputSpec[];
  /** With no saved position, read existing files from their start (default: from the end). */
  readonly fromStart?: boolean;
  readonly concurrency?: number;
  readonly socketPath?: string;
  readonly socketMode?: number;
  readonly pollMs?: number;
  readonly drainQuietMs?: number;
  readonly backoffMs?: number;
  readonly maxAttempts?: number;
  /** Limits of the lane of unknown switches' LLDP look-ups (default CANDIDATE_LANE); the options above are the known switches'. */
  readonly candidates?: Partial<LaneLimits>;
  /** Logged after the decision is on disk. */
  readonly onDecision: (decision: Decision) => void;
  readonly onOutcome?: (job: StoredJob, outcome: JobOutcome, final: boolean) => void;
  readonly log: TriggerLogger;
}

/** The jobs an intake batch has claimed so far (not yet in the queue). */
interface Claims {
  readonly keys: Set<string>;
  candidates: number;
}

/** Marks the start of a job (the latency benchmark measures up to here). */
type JobStartHook = (job: StoredJob) => void;

/** The running daemon. */
export class Watcher<C extends WatchContext = WatchContext> {
  private engine!: DecisionEngine;
  private ctx!: C;
  private journal!: Journal;
  private queue!: JobQueue;
  private readonly reader: LeaseReader;
  private readonly tails = new Map<string, FileTail>();
  private readonly listeners = new Map<string, SyslogListener>();
  /** The kernel's drop counts of the UDP listeners, as last read (by listener key). */
  private readonly drops = new Map<string, number | undefined>();
  private control: ControlServer | undefined;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly recent: (Decision & { time: string })[] = [];
  private readonly lastOutcome: Record<string, LastOutcome> = {};
  private readonly counters = { events: 0, decisions: 0, jobsStarted: 0, jobsFinished: 0, candidatesRefused: 0 };
  /** Candidates refused since the lane was last found full (reported when it has room again). */
  private refusing: number | undefined;
  private readonly started = new Date().toISOString();
  private readonly dir: string;
  private positions = new Map<string, FilePos[]>();
  /** When offsets.json was written: a tail whose saved files are all gone reads the siblings written since. */
  private savedAt: number | undefined;
  private offsetsTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private statusDirty = true;
  private stopping = false;
  /** The reload under way: SIGHUPs are served one after the other, so the last edit wins. */
  private reloading: Promise<void> = Promise.resolve();
  private seq = 0;
  /** Called when a job starts (tests and the benchmark). */
  onJobStart: JobStartHook | undefined;

  private constructor(private readonly options: WatcherOptions<C>, option82: ConstructorParameters<typeof LeaseReader>[0]) {
    this.dir = options.dryRun ? join(options.stateDir, 'dry-run') : options.stateDir;
    this.reader = new LeaseReader(option82);
  }

  /** Loads the context, resumes the queue and the read positions, opens the inputs. */
  // The context type is named by the caller (`Watcher.start<MyContext>`), not inferred from `load`.
  static async start<C extends WatchContext = WatchContext>(options: WatcherOptions<NoInfer<C>>): Promise<Watcher<C>> {
    const dir = options.dryRun ? join(options.stateDir, 'dry-run') : options.stateDir;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const offsets = await readOffsets(dir);
    const w = new Watcher<C>(options, offsets.option82);
    w.ctx = await options.load();
    w.engine = new DecisionEngine(w.engineContext(w.ctx));
    options.onContext?.(w.ctx);
    const state = await readJournal(dir);
    w.positions = mergePositions(offsets.files, state.positions);
    w.savedAt = offsets.savedAt;
    w.journal = await Journal.open(dir, state);
    w.queue = new JobQueue({
      concurrency: options.concurrency ?? 8,
      run: (job, attempt, signal) => w.runJob(job, attempt, signal),
      onOutcome: (entry, outcome, final, next) => w.jobOutcome(entry, outcome, final, next),
      ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.candidates !== undefined ? { candidates: options.candidates } : {}),
    });
    for (const p of state.pending) w.queue.add(p.job, p.attempts, p.notBefore);
    if (state.pending.length > 0) options.log({ level: 'info', msg: 'resuming jobs from the journal', jobs: state.pending.length });
    w.control = await listenControl(options.socketPath ?? join(dir, SOCKET_FILE), options.socketMode ?? 0o600, (req) => w.answer(req));
    await w.openInputs();
    w.statusTimer = setInterval(() => void w.readDrops().then(() => w.publish()), STATUS_INTERVAL_MS);
    w.statusTimer.unref();
    await w.publish();
    return w;
  }

  /**
   * Reloads the context (SIGHUP); queue and windows stay. The new context replaces the old
   * only once it has loaded completely; when loading throws, nothing has changed and the
   * promise rejects with the error. Running jobs keep what they started with.
   */
  reload(): Promise<void> {
    const next = this.reloading.then(() => this.reloadNow());
    this.reloading = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<void> {
    if (this.stopping) return;
    const ctx = await this.options.load();
    // Stopped while loading: the inputs are closed and must stay closed.
    if (this.stopping) return;
    // One synchronous step: no decision or job start can fall between the two switches.
    this.ctx = ctx;
    this.engine.setContext(this.engineContext(ctx));
    this.options.onContext?.(ctx);
    this.statusDirty = true;
    try {
      await this.openInputs();
    } catch (err) {
      // The new context is in force already; an input it names (a syslog port in use) is not.
      this.options.log({ level: 'error', msg: 'opening the inputs of the reloaded rules failed', error: (err as Error).message });
    }
    this.options.log({ level: 'info', msg: 'reloaded inventory and rules', rules: ctx.rules.rules.length, devices: ctx.inventory.devices.length });
  }

  /** Stops intake, waits for running jobs (never interrupting a push), saves offsets. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await Promise.all([...this.tails.values()].map((t) => t.stop()));
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
    await this.control?.close();
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
    await this.queue.stop();
    if (this.offsetsTimer) clearTimeout(this.offsetsTimer);
    await this.saveOffsets();
    if (this.statusTimer) clearInterval(this.statusTimer);
    await this.publish(false);
    await this.journal.close();
  }

  /** Decides events handed over by `switchyard trigger` (or a test); resolves after they are on disk. */
  async submit(events: readonly LeaseEvent[]): Promise<Decision[]> {
    const out: Decision[] = [];
    // The caller gets the decisions, and the daemon's log has them too
    // (docs/architecture.md, decisions): the operator reading it must see why a job it
    // runs was started.
    const emit = (d: Decision): void => {
      out.push(d);
      this.options.onDecision(d);
    };
    await this.track(this.intake(events.map((event) => ({ event })), emit));
    return out;
  }

  /** The published state. */
  status(running = true): WatchStatus {
    return {
      pid: process.pid,
      started: this.started,
      updated: new Date().toISOString(),
      running,
      dryRun: this.options.dryRun,
      inputs: [...this.tails.keys(), ...this.listeners.keys()],
      files: [...this.tails.values()].map((t) => t.status()),
      counters: { ...this.counters },
      queue: this.queue.snapshot().map((e) => ({
        id: e.job.id,
        kind: e.job.kind,
        key: e.job.key,
        device: e.job.device ?? null,
        state: e.state,
        attempts: e.attempts,
        nextAttempt: e.state === 'waiting' && e.notBefore > Date.now() ? new Date(e.notBefore).toISOString() : null,
        lastMessage: e.lastMessage ?? null,
      })),
      lanes: { known: this.laneStatus('known'), candidates: this.laneStatus('candidate') },
      syslog: [...this.listeners].map(([key, l]) => ({ address: l.address, received: l.received(), receiveBuffer: l.receiveBuffer ?? null, drops: this.drops.get(key) ?? null })),
      recent: [...this.recent],
      lastOutcome: { ...this.lastOutcome },
    };
  }

  private laneStatus(lane: 'known' | 'candidate'): LaneStatus {
    const { running, waiting, limits } = this.queue.laneStatus(lane);
    return { running, waiting, concurrency: limits.concurrency, maxQueued: Number.isFinite(limits.maxQueued) ? limits.maxQueued : null };
  }

  private engineContext(ctx: WatchContext) {
    return {
      inventory: ctx.inventory,
      rules: ctx.rules.rules,
      bindings: ctx.bindings,
      lldp: !this.options.dryRun && this.options.handlers.identifyByLldp !== undefined,
    };
  }

  private async openInputs(): Promise<void> {
    const inputs = this.options.inputs ?? this.ctx.rules.inputs;
    const wantFiles = new Set(inputs.filter((i) => i.kind === 'file').map((i) => (i as { path: string }).path));
    for (const [path, tail] of this.tails) {
      if (!wantFiles.has(path)) {
        await tail.stop();
        this.tails.delete(path);
      }
    }
    for (const path of wantFiles) {
      if (this.tails.has(path)) continue;
      const tail = new FileTail({
        path,
        saved: this.positions.get(path) ?? [],
        ...(this.options.fromStart ? { fromStart: true } : {}),
        ...(this.options.pollMs !== undefined ? { pollMs: this.options.pollMs } : {}),
        ...(this.options.drainQuietMs !== undefined ? { drainQuietMs: this.options.drainQuietMs } : {}),
        ...(this.savedAt !== undefined ? { savedAt: this.savedAt } : {}),
        onBatch: (batch) => this.track(this.onBatch(batch)),
        log: this.options.log,
      });
      this.tails.set(path, tail);
      await tail.start();
    }
    for (const spec of inputs) {
      if (spec.kind !== 'syslog') continue;
      const key = `${spec.proto}://${spec.host}:${spec.port}`;
      if (this.listeners.has(key)) continue;
      const listener = await listenSyslog({
        ...spec,
        onLine: (l, source) => void this.track(this.intake([{ text: l.line, ...(l.time !== undefined ? { time: l.time } : {}), source }], this.options.onDecision)),
        log: this.options.log,
      });
      this.listeners.set(key, listener);
      this.options.log({ level: 'info', msg: 'listening for syslog', address: `${spec.proto}://${spec.host}:${listener.port}`, ...(listener.receiveBuffer !== undefined ? { receiveBuffer: listener.receiveBuffer } : {}) });
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  private async onBatch(batch: TailBatch): Promise<void> {
    this.statusDirty = true; // bytes read, and a file that appeared
    if (batch.lines.length > 0) await this.intake(batch.lines.map((l) => ({ text: l.text, pos: l.pos, src: batch.src })), this.options.onDecision);
    this.scheduleOffsets();
  }

  /**
   * Decides items (lines or ready events) in order, starts their jobs, commits decisions
   * and jobs to the journal, and then reports the decisions.
   */
  private async intake(
    items: readonly { text?: string; event?: LeaseEvent; time?: number; source?: string; src?: string; pos?: FilePos }[],
    emit: (d: Decision) => void,
  ): Promise<void> {
    if (this.stopping && items.some((i) => i.event !== undefined)) throw new Error('the daemon is shutting down');
    const now = Date.now();
    const records: JournalRecord[] = [];
    const decisions: Decision[] = [];
    const jobs: StoredJob[] = [];
    const claims: Claims = { keys: new Set(), candidates: 0 };
    for (const item of items) {
      const event = item.event ?? this.reader.read(item.text!, item.source ?? `file:${item.src}`, now, item.time);
      if (event === undefined) continue;
      this.counters.events++;
      for (const v of this.engine.decide(event, now)) {
        const { decision, job } = this.claim(v, claims);
        records.push({ t: 'd', time: now, ...(item.src ? { src: item.src, pos: item.pos! } : {}), ...(decision ? { decision } : {}), ...(job ? { job } : {}) });
        if (decision) decisions.push(decision);
        if (job) jobs.push(job);
      }
    }
    if (records.length === 0) return;
    const committed = this.journal.append(records);
    for (const job of jobs) this.queue.add(job);
    await committed;
    for (const d of decisions) this.report(d, emit);
  }

  /**
   * Turns a verdict's job into a stored one, or its decision into `suppress` when the key is
   * busy, or into `refuse` when it is an unknown switch and the candidate lane is full.
   */
  private claim(v: Verdict, claims: Claims): { decision?: Decision; job?: StoredJob } {
    if (v.job === undefined) return v.decision ? { decision: v.decision } : {};
    if (this.options.dryRun) return v.decision ? { decision: v.decision } : {};
    if (this.queue.has(v.job.key) || claims.keys.has(v.job.key)) {
      const reason = `a job for ${v.job.device ?? v.job.key} is already queued or running`;
      // An identify job comes without a decision: the repeat needs one of its own.
      const base = v.decision ?? decision(v.job.event, v.job.rule, 'suppress', v.job.device ?? null, reason);
      return { decision: { ...base, action: 'suppress', reason } };
    }
    if (laneOf(v.job) === 'candidate') {
      if (claims.candidates >= this.queue.room('candidate')) return { decision: this.refuseCandidate(v.job) };
      claims.candidates++;
      if (this.refusing !== undefined) {
        this.options.log({ level: 'info', msg: 'unknown switches accepted again', refused: this.refusing });
        this.refusing = undefined;
      }
    }
    claims.keys.add(v.job.key);
    const job: StoredJob = { ...v.job, id: `${Date.now().toString(36)}-${(++this.seq).toString(36)}-${randomBytes(3).toString('hex')}` };
    return v.decision ? { decision: v.decision, job } : { job };
  }

  /**
   * An unknown switch when the candidate lane holds its maximum: anyone on the access
   * network can send DHCPACKs from fresh MACs, and the lane must not grow without bound.
   */
  private refuseCandidate(job: JobSpec): Decision {
    const limit = this.queue.laneStatus('candidate').limits.maxQueued;
    this.counters.candidatesRefused++;
    if (this.refusing === undefined) {
      this.refusing = 0;
      this.options.log({ level: 'warn', msg: 'unknown switches refused: too many waiting for identification', limit });
    }
    this.refusing++;
    const reason = `${limit} unknown switches are already waiting for identification (the limit); not looked up — a DHCPACK after the rule's suppress window is decided anew`;
    return decision(job.event, job.rule, 'refuse', null, reason);
  }

  private report(d: Decision, emit: (d: Decision) => void): void {
    this.counters.decisions++;
    this.recent.push({ ...d, time: new Date().toISOString() });
    if (this.recent.length > RECENT_DECISIONS) this.recent.shift();
    this.statusDirty = true;
    emit(d);
  }

  private async runJob(job: StoredJob, attempt: number, signal: AbortSignal): Promise<JobOutcome> {
    this.counters.jobsStarted++;
    this.statusDirty = true;
    this.onJobStart?.(job);
    // With its time: how long a job waited is read from the log, not guessed from the decision's.
    this.options.log({ level: 'info', msg: 'job started', job: job.kind, device: job.device ?? job.key, attempt, time: new Date().toISOString() });
    const h = this.options.handlers;
    if (job.kind === 'identify') return this.identify(job, signal);
    if (job.kind === 'exec') {
      const rule = this.ctx.rules.rules.find((r) => r.name === job.rule);
      if (rule?.exec === undefined) return { status: 'failed', message: `rule ${job.rule} no longer runs a program (rules reloaded)` };
      return runExec(rule.exec, job.event, rule.name, job.device, { timeoutMs: rule.timeoutMs, signal, cwd: this.options.root });
    }
    const device = job.device === undefined ? undefined : this.ctx.inventory.byName(job.device);
    if (device === undefined) return { status: 'failed', message: `device ${job.device ?? '?'} is no longer in the inventory` };
    return job.kind === 'reconcile' ? h.reconcile(device, job.event, signal) : h.provision(device, job.event, signal);
  }

  /** LLDP identification of an unknown switch; its decision is made and logged here. */
  private async identify(job: StoredJob, signal: AbortSignal): Promise<JobOutcome> {
    const lldp = this.options.handlers.identifyByLldp;
    if (lldp === undefined) return { status: 'failed', message: 'no LLDP identification available' };
    let neighbours;
    try {
      neighbours = await lldp(job.event, signal);
    } catch (err) {
      // The switch answers DHCP before its SSH server is up: try again later.
      return { status: 'retry', message: `LLDP identification not possible yet: ${(err as Error).message}` };
    }
    const verdict = this.engine.finishIdentify(job, neighbours);
    const { decision, job: next } = this.claim(verdict, { keys: new Set(), candidates: 0 });
    await this.journal.append([{ t: 'd', time: Date.now(), ...(decision ? { decision } : {}), ...(next ? { job: next } : {}) }]);
    if (decision) this.report(decision, this.options.onDecision);
    if (next) setImmediate(() => this.queue.add(next));
    return { status: 'ok', message: decision ? `${decision.action}: ${decision.reason}` : 'identified' };
  }

  private jobOutcome(entry: QueueEntry, outcome: JobOutcome, final: boolean, next: number | undefined): void {
    const job = entry.job;
    const rec: JournalRecord = final
      ? { t: 'done', id: job.id, time: Date.now(), status: outcome.status, message: outcome.message }
      : { t: 'try', id: job.id, attempt: entry.attempts, next: next ?? Date.now(), message: outcome.message };
    if (final) this.counters.jobsFinished++;
    if (final && outcome.status === 'ok' && job.kind === 'provision' && job.device !== undefined) {
      // The handler has written the binding to disk; the engine must know it now, or the
      // switch's next lease under its new name reads as a spoof until a SIGHUP.
      this.ctx = { ...this.ctx, bindings: new Map([...this.ctx.bindings, [job.event.mac, job.device]]) };
      this.engine.setContext(this.engineContext(this.ctx));
    }
    this.lastOutcome[job.device ?? job.key] = { kind: job.kind, status: final ? outcome.status : 'retry', message: outcome.message, time: new Date().toISOString() };
    this.statusDirty = true;
    // Reported once on disk: after the job's decision, which the journal wrote first.
    void this.track(this.journal.append([rec])).then(
      () => this.options.onOutcome?.(job, outcome, final),
      (err: unknown) => this.options.log({ level: 'error', msg: 'journal write failed', error: (err as Error).message }),
    );
  }

  private answer(req: ControlRequest): Promise<unknown> {
    if (req.op === 'status') return this.readDrops().then(() => ({ status: this.status() }));
    if (req.op === 'event') {
      const event = checkEvent(req.event, Date.now());
      if (event === undefined) return Promise.reject(new Error('invalid event (needs an IPv4 address and a MAC)'));
      return this.submit([event]).then((decisions) => ({ decisions }));
    }
    return Promise.reject(new Error('unknown request'));
  }

  /** Reads the kernel's drop counts of the UDP listeners; a new count makes the status worth writing. */
  private async readDrops(): Promise<void> {
    for (const [key, listener] of this.listeners) {
      const drops = await listener.drops().catch(() => undefined);
      // A closed socket's row is gone: its last count stays.
      if (drops === undefined || drops === this.drops.get(key)) continue;
      this.drops.set(key, drops);
      this.statusDirty = true;
    }
  }

  private scheduleOffsets(): void {
    if (this.offsetsTimer || this.stopping) return;
    this.offsetsTimer = setTimeout(() => {
      this.offsetsTimer = undefined;
      void this.saveOffsets().catch((err: unknown) => this.options.log({ level: 'error', msg: 'saving read offsets failed', error: (err as Error).message }));
    }, 200);
    this.offsetsTimer.unref();
  }

  private async saveOffsets(): Promise<void> {
    const files: Record<string, FilePos[]> = {};
    for (const [path, tail] of this.tails) files[path] = tail.positions();
    await writeOffsets(this.dir, { version: 1, files, option82: this.reader.entries(Date.now()) });
  }

  private async publish(running = true): Promise<void> {
    if (!this.statusDirty && running) return;
    this.statusDirty = false;
    await writeStatus(this.dir, this.status(running)).catch(() => undefined);
  }
}
