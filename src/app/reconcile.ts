/**
 * `reconcile`, `plan` and `demo` below the CLI: a loaded project's devices reconciled
 * through the team's connector, at their management addresses or where an endpoints map
 * says.
 */
import type { Device } from '../inventory/index.js';
import { loadEndpoints, reconcileFleet, teamConnector, type DeviceResult, type Endpoint, type ReconcileObserver } from '../reconcile/index.js';
import type { Project } from './project.js';

/** Options of {@link openReconciler}: where devices are reached and where the state is kept. */
interface ReconcilerOptions {
  /** Backups, pins, locks and the run journal; default the project's state folder. */
  readonly stateDir?: string;
  /** Where devices are reached instead of their management address: a JSON file DEVICE → "HOST:PORT", or the map itself. */
  readonly endpoints?: string | ReadonlyMap<string, Endpoint>;
  readonly connectTimeoutMs?: number;
  readonly commandTimeoutMs?: number;
}

/** Options of one {@link Reconciler.run}. */
interface RunOptions {
  /** Compute and report the changes; push nothing. */
  readonly check: boolean;
  /** Put a unified diff of running → desired (secrets masked) in each result. */
  readonly diff: boolean;
  /** Devices handled at once (default: src/reconcile's DEFAULT_FORKS). */
  readonly forks?: number;
  readonly observer?: ReconcileObserver;
}

/** Runs reconciles of one project, all through one connector (one set of pinned keys). */
interface Reconciler {
  /** Results in the order of `devices`; one device's failure is a result like the others. */
  run(devices: readonly Device[], options: RunOptions): Promise<DeviceResult[]>;
}

/** The reconciler of `project`; an endpoints file is loaded and checked against the inventory before it resolves. */
export async function openReconciler(project: Project, options: ReconcilerOptions = {}): Promise<Reconciler> {
  const stateDir = options.stateDir ?? project.stateDir;
  // Checked before anything connects: a misspelt device would be reached at its real address.
  const endpoints = typeof options.endpoints === 'string' ? await loadEndpoints(options.endpoints, project.inventory) : options.endpoints;
  const connect = teamConnector({
    root: project.root,
    stateDir,
    ...(endpoints ? { endpoints } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
  });
  return {
    run(devices, run) {
      const ctx = { stateDir, check: run.check, diff: run.diff, desired: (d: Device) => project.desired(d), connect, ...(run.observer ? { observer: run.observer } : {}) };
      return reconcileFleet(devices, ctx, run.forks);
    },
  };
}
