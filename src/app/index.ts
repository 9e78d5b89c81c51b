/**
 * App: the composition below the CLI. Loads a project, assembles the watch daemon and the
 * jobs it runs (reconcile, provision, LLDP look-up) from src/trigger and src/reconcile, so
 * that the CLI only parses arguments, chooses a view and sets the exit code.
 */
export { loadProject, selectDevices, stateDirOf } from './project.js';
export { openReconciler } from './reconcile.js';
export { reconcileHandlers, outcomeOf } from './job-handlers.js';
export { startDaemon } from './daemon.js';
export { replayDecisions } from './replay.js';
export { handToDaemon, decideHere } from './trigger.js';
export { daemonStatus } from './status.js';
