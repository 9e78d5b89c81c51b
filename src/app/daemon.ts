/**
 * The watch daemon, assembled: the context it loads at start and on SIGHUP (inventory,
 * rules, bindings and, when a rule renders, the templates), the job handlers that act
 * through src/reconcile, where switches are reached (the endpoints file) and where its
 * control socket listens. The CLI parses the flags, subscribes its views and handles
 * signals.
 */
import { join, resolve } from 'node:path';
import { SOCKET_FILE, Watcher, type WatcherOptions } from '../trigger/index.js';
import { loadActionContext, type ActionContext } from './contexts.js';
import { actionHandlers, type ReconcileHandlers } from './job-handlers.js';
import { stateDirOf } from './project.js';

/** Options of {@link startDaemon}: the watcher's, less what is assembled here. */
interface DaemonOptions extends Omit<WatcherOptions<ActionContext>, 'stateDir' | 'load' | 'onContext' | 'handlers' | 'socketPath'> {
  /** The control socket, relative to `root` (default: see {@link controlSocketOf}). */
  readonly socket?: string;
  /** JSON map DEVICE or DHCP-ADDRESS → "HOST:PORT" overriding where switches are reached, relative to `root`. */
  readonly endpointsFile?: string;
  /** Identify a factory-new switch by the LLDP neighbours it reports (not only by option 82 circuit-id). */
  readonly lldp: boolean;
}

/** Starts the daemon for the project at `options.root`; resolves once it reads its inputs and listens. */
export async function startDaemon(options: DaemonOptions): Promise<Watcher<ActionContext>> {
  const { socket, endpointsFile, lldp, ...watcher } = options;
  const { root, dryRun } = options;
  const all = await actionHandlers(root, endpointsFile);
  // What an unknown switch says about its own neighbours is its word only; a relay's
  // circuit-id is the network's. Sites with option 82 everywhere can refuse the former.
  const handlers: ReconcileHandlers = lldp ? all : { use: (p) => all.use(p), reconcile: all.reconcile, provision: all.provision };
  return Watcher.start<ActionContext>({
    ...watcher,
    stateDir: stateDirOf(root),
    // At start and on SIGHUP the whole project is loaded and checked (every device rendered,
    // when jobs render) before it replaces the last good one, for decisions and jobs at once.
    load: () => loadActionContext(root, { dryRun, renderAll: true }),
    onContext: (ctx) => handlers.use(ctx.project),
    handlers,
    socketPath: controlSocketOf(root, { ...(socket !== undefined ? { socket } : {}), dryRun }),
  });
}

/**
 * The daemon's control socket, where `trigger` hands events and `status` asks: `socket`
 * relative to `root`, else `watch.sock` in the state folder (in its `dry-run/` for a dry
 * run, whose daemon keeps its files apart).
 */
export function controlSocketOf(root: string, options: { readonly socket?: string; readonly dryRun?: boolean } = {}): string {
  if (options.socket !== undefined) return resolve(root, options.socket);
  return join(daemonDirOf(root, options.dryRun === true), SOCKET_FILE);
}

/** The folder of the daemon's files: the state folder, or its `dry-run/` for a dry run. */
export function daemonDirOf(root: string, dryRun: boolean): string {
  return dryRun ? join(stateDirOf(root), 'dry-run') : stateDirOf(root);
}
