/**
 * App: the composition below the CLI. Loads a project, assembles the watch daemon and the
 * jobs it runs (reconcile, provision, LLDP look-up) from src/trigger and src/reconcile, so
 * that the CLI only parses arguments, chooses a view and sets the exit code.
 */
export { loadProject, openProject, selectDevices, stateDirOf, type Project, type OpenProjectOptions } from './project.js';
export { openReconciler, type Reconciler, type ReconcilerOptions, type RunOptions } from './reconcile.js';
export { reconcileHandlers, outcomeOf, type ReconcileHandlers, type HandlerOptions } from './job-handlers.js';
export { startDaemon, controlSocketOf, type DaemonOptions } from './daemon.js';
export { replayDecisions, type ReplaySummary } from './replay.js';
export { handToDaemon, decideHere, type DecideHereOptions } from './trigger.js';
export { daemonStatus } from './status.js';
