/**
 * Results and events of a reconcile run. The runner emits events; the CLI's listr2 view
 * and plain lines subscribe to them, `--json` prints the results, and the daemon logs
 * each job's outcome (docs/architecture.md, data flow).
 */
import type { Device } from '../inventory/index.js';

/** What happened to one device. */
export type Outcome =
  | 'in-sync' // nothing to do: "Configuration OK"
  | 'drift' // check mode found differences (nothing pushed)
  | 'converged' // pushed, verified, saved
  | 'not-converged' // pushed, but the re-read config still differs; not saved
  | 'failed'; // could not finish; see `error` (and `rollback` when something had been pushed)

/** The steps of one device's run, in order. */
export type Step = 'queued' | 'lock' | 'render' | 'connect' | 'read' | 'backup' | 'plan' | 'push' | 'verify' | 'save' | 'rollback' | 'done';

/** What went wrong, in words a user can act on. */
export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** The command the switch rejected, and what it said. */
  readonly command?: string;
  readonly deviceOutput?: string;
}

/** What the rollback after a failed push achieved. */
export interface RollbackResult {
  readonly attempted: boolean;
  /** The device's running config equals the backup taken at the start. */
  readonly restored: boolean;
  readonly commands: readonly string[];
  readonly error?: RunError;
}

/** The result of one device's run. Never thrown: one device's failure is a result. */
export interface DeviceResult {
  readonly site: string;
  readonly device: string;
  readonly outcome: Outcome;
  /** The remediation computed from the running config (what was or would be pushed). */
  readonly commands: readonly string[];
  /** Commands actually sent before the run stopped. */
  readonly sent: number;
  /** Unified diff running → desired (secrets masked), when asked for or in check mode. */
  readonly diff?: string;
  /** Lines still differing after the push (not-converged). */
  readonly remaining?: readonly string[];
  readonly saved: boolean;
  readonly error?: RunError;
  readonly rollback?: RollbackResult;
  /** Path of the running-config backup of this run. */
  readonly backup?: string;
  /** The committed baseline differs from what the templates render now. */
  readonly baselineStale?: boolean;
  /** Milliseconds per step, and in total. */
  readonly durations: Readonly<Partial<Record<Step | 'total', number>>>;
}

/** Subscriber to a run's progress. Every method is optional. */
export interface ReconcileObserver {
  onStart?(device: Device): void;
  onStep?(device: Device, step: Step, detail?: string): void;
  onFinish?(result: DeviceResult): void;
}

/** Exit code of a whole run: 1 any failure, 2 drift in check mode, else 0. */
export function exitCodeOf(results: readonly DeviceResult[]): number {
  if (results.some((r) => r.outcome === 'failed' || r.outcome === 'not-converged')) return 1;
  if (results.some((r) => r.outcome === 'drift')) return 2;
  return 0;
}
