/**
 * `switchyard trigger` below the CLI: hand a DHCP server's events to the running daemon
 * over its control socket, or — when no daemon listens — decide them here and run their
 * jobs, through the same context and handlers the daemon uses.
 */
import { SwitchyardError } from '../errors.js';
import { DecisionEngine, requestControl, runExec, type Decision, type JobOutcome, type JobSpec, type LeaseEvent } from '../trigger/index.js';
import { loadActionContext } from './contexts.js';
import { controlSocketOf } from './daemon.js';
import { actionHandlers } from './job-handlers.js';

/**
 * Hands `events` to the daemon at the control socket (`socket` relative to `root`), its
 * decisions to `onDecision`. False when no daemon answered the first event: nothing was
 * handed, decide here. Throws `STATE_IO` when the daemon refuses one.
 */
export async function handToDaemon(
  root: string,
  events: readonly LeaseEvent[],
  options: { readonly socket?: string; readonly onDecision: (decision: Decision) => void },
): Promise<boolean> {
  const socket = controlSocketOf(root, options.socket !== undefined ? { socket: options.socket } : {});
  let handed = false;
  for (const event of events) {
    const answer = await requestControl(socket, { op: 'event', event });
    if (answer === undefined) break;
    if (answer.ok !== true) throw new SwitchyardError('STATE_IO', `the watch daemon refused the event: ${String(answer.error)}`);
    for (const d of (answer.decisions ?? []) as Decision[]) options.onDecision(d);
    handed = true;
  }
  return handed;
}

/** Options of {@link decideHere}. */
interface DecideHereOptions {
  /** Decide and report; run nothing (no templates are read). */
  readonly dryRun?: boolean;
  /** JSON map DEVICE or DHCP-ADDRESS → "HOST:PORT" overriding where switches are reached, relative to `root`. */
  readonly endpointsFile?: string;
  readonly onDecision: (decision: Decision) => void;
  /** Each job's outcome, as it finishes. */
  readonly onOutcome: (job: JobSpec, outcome: JobOutcome) => void;
}

/**
 * Decides `events` in this process and, unless a dry run, runs each job to its end, one
 * after another (no queue and no retry: a job that would be retried reports `retry`).
 * Resolves to the outcomes of the jobs run.
 */
export async function decideHere(root: string, events: readonly LeaseEvent[], options: DecideHereOptions): Promise<readonly JobOutcome[]> {
  const ctx = await loadActionContext(root, { dryRun: options.dryRun === true });
  const engine = new DecisionEngine({ inventory: ctx.inventory, rules: ctx.rules.rules, bindings: ctx.bindings, lldp: false });
  const handlers = await actionHandlers(root, options.endpointsFile, ctx.inventory);
  handlers.use(ctx.project);
  const outcomes: JobOutcome[] = [];
  for (const event of events) {
    for (const v of engine.decide(event, Date.now())) {
      if (v.decision) options.onDecision(v.decision);
      if (options.dryRun || v.job === undefined) continue;
      const job = v.job;
      let outcome: JobOutcome;
      const signal = new AbortController().signal;
      if (job.kind === 'exec') {
        const rule = ctx.rules.rules.find((r) => r.name === job.rule)!;
        outcome = await runExec(rule.exec!, job.event, rule.name, job.device, { timeoutMs: rule.timeoutMs, signal, cwd: root });
      } else {
        const device = ctx.inventory.byName(job.device!)!;
        outcome = await (job.kind === 'reconcile' ? handlers.reconcile(device, job.event, signal) : handlers.provision(device, job.event, signal));
      }
      options.onOutcome(job, outcome);
      outcomes.push(outcome);
    }
  }
  return outcomes;
}
