/**
 * `switchyard watch`: the DHCP-triggered daemon (tails DHCP logs, listens for syslog and
 * for `switchyard trigger`), and `watch --replay`, which decides a log from start to EOF
 * and exits (rule testing, benchmarks). Also the glue `trigger` shares: loading the
 * project's context, the action handlers and how decisions are printed.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputErrors, SwitchyardError } from '../../errors.js';
import { loadInventory, normaliseMac, type Inventory } from '../../inventory/index.js';
import { loadEndpoints } from '../../reconcile/index.js';
import { reconcileHandlers, type ReconcileHandlers } from '../../app/index.js';
import {
  DecisionEngine,
  loadRules,
  parseSyslogUrl,
  replayFiles,
  Watcher,
  type Decision,
  type InputSpec,
  type TriggerLogEntry,
  type WatchContext,
} from '../../trigger/index.js';
import { safeText } from '../../util/safe-text.js';
import { globalOptions } from '../global-options.js';
import { openProject, stateDirOf, type Project } from '../../app/index.js';
import type { SetExit } from './index.js';

interface WatchFlags {
  input: string[];
  syslog: string[];
  replay?: boolean;
  dryRun?: boolean;
  json?: boolean;
  fromStart?: boolean;
  concurrency: string;
  identifyConcurrency: string;
  maxCandidates: string;
  socket?: string;
  socketMode: string;
  poll: string;
  endpoints?: string;
  lldp: boolean;
}

/** Registers `watch`. */
export function register(program: Command, setExit: SetExit): void {
  program
    .command('watch')
    .description('run the DHCP-triggered daemon: tail DHCP logs / listen for syslog and hooks, reconcile or provision switches that get a lease')
    .option('--input <file>', 'DHCP server log to tail (repeatable; replaces the rules files\' inputs:)', collect, [])
    .option('--syslog <url>', 'listen for syslog: udp://HOST:PORT or tcp://HOST:PORT (repeatable)', collect, [])
    .option('--replay', 'read the inputs from the start to EOF, print the decisions and exit (acts on nothing)')
    .option('--dry-run', 'decide and log, run nothing (state kept apart in .switchyard/dry-run/)')
    .option('--json', 'one JSON object per line (decisions: fields in docs/architecture.md; log records with level and msg)')
    .option('--from-start', 'with no saved position, read existing files from their start instead of their end')
    .option('--concurrency <n>', 'jobs of known switches running at once', '8')
    .option('--identify-concurrency <n>', 'LLDP look-ups of unknown switches running at once (a lane of their own)', '2')
    .option('--max-candidates <n>', 'unknown switches waiting for identification at most; further ones are refused', '128')
    .option('--socket <path>', 'control socket for `switchyard trigger` and `status` (default .switchyard/watch.sock)')
    .option('--socket-mode <octal>', 'file mode of the control socket (e.g. 0660 with a shared group for hooks)', '0600')
    .option('--poll <ms>', 'poll interval in addition to file notifications', '250')
    .option('--no-lldp', 'never identify a factory-new switch by the LLDP neighbours it reports (only by option 82 circuit-id); see docs/watch.md, security')
    .option('--endpoints <file>', 'JSON map DEVICE or DHCP-ADDRESS → "HOST:PORT" overriding where switches are reached (the lab, port forwards)')
    .action(async (flags: WatchFlags, cmd: Command) => {
      const { root } = globalOptions(cmd);
      const inputs = cliInputs(root, flags);
      if (flags.replay) {
        setExit(await replay(root, inputs, flags.json === true));
        return;
      }
      setExit(await daemon(root, inputs, flags));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function cliInputs(root: string, flags: WatchFlags): InputSpec[] | undefined {
  const inputs: InputSpec[] = flags.input.map((p) => ({ kind: 'file', path: resolve(root, p) }));
  for (const url of flags.syslog) {
    const spec = parseSyslogUrl(url);
    if (typeof spec === 'string') throw new SwitchyardError('USAGE', `--syslog ${spec}`);
    inputs.push(spec);
  }
  return inputs.length > 0 ? inputs : undefined;
}

/** Loads inventory, rules and the MAC bindings remembered at provisioning: what deciding needs. */
export async function loadWatchContext(root: string): Promise<WatchContext> {
  const [inventory, rules, bindings] = await allParts([loadInventory(root), loadRules(root), readBindingsMap(stateDirOf(root))] as const);
  return { inventory, rules, bindings };
}

/** What acting needs too: the project (the same inventory, and the templates) that reconcile and provision jobs use. */
export interface ActionContext extends WatchContext {
  /** Absent when no job can render: a dry run, or rules that only run programs and log (such projects need no templates). */
  readonly project?: Project;
}

/** Options of {@link loadActionContext}. */
export interface ActionContextOptions {
  /** Nothing will be run: no templates are read. */
  readonly dryRun?: boolean;
  /**
   * Render every device once, so that a context that loads is one no job can fail to
   * render: the daemon loads so at start and on SIGHUP, and keeps its last good one when
   * this throws.
   */
  readonly renderAll?: boolean;
}

/** Loads inventory, rules, bindings and — when a rule reconciles or provisions — the templates, as one context. */
export async function loadActionContext(root: string, options: ActionContextOptions = {}): Promise<ActionContext> {
  const ctx = await loadWatchContext(root);
  const renders = !options.dryRun && ctx.rules.rules.some((r) => r.action === 'reconcile' || r.action === 'provision');
  if (!renders) return ctx;
  return { ...ctx, project: await openProject(root, ctx.inventory, options.renderAll ? { renderAll: true } : {}) };
}

/** Awaits every part; when parts fail, throws their problems together (an error that is no problem list goes first). */
async function allParts<T extends readonly unknown[]>(parts: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(parts);
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (errors.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
  const other = errors.find((e) => !(e instanceof InputErrors));
  if (other !== undefined || errors.length === 1) throw other ?? errors[0];
  throw new InputErrors(errors.flatMap((e) => (e as InputErrors).problems));
}

/** `<state>/bindings.json` (written by provisioning: MAC → { site, device }) as MAC → device name. */
async function readBindingsMap(stateDir: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  let data: Record<string, { device?: unknown }>;
  try {
    data = JSON.parse(await readFile(join(stateDir, 'bindings.json'), 'utf8')) as Record<string, { device?: unknown }>;
  } catch {
    return map;
  }
  for (const [mac, b] of Object.entries(data)) {
    const m = normaliseMac(mac);
    if (m !== undefined && typeof b?.device === 'string') map.set(m, b.device);
  }
  return map;
}

/**
 * The actions the daemon and `trigger` run: reconcile and provision through src/reconcile,
 * and the LLDP look-up of a factory-new switch (src/app/job-handlers.ts says where each
 * one connects, and why). The endpoints file is checked against `inventory` (loaded here
 * when not given) before the first job runs.
 */
export async function actionHandlers(root: string, endpointsFile?: string, inventory?: Inventory): Promise<ReconcileHandlers> {
  const endpoints = endpointsFile !== undefined ? await loadEndpoints(resolve(root, endpointsFile), inventory ?? (await loadInventory(root))) : undefined;
  return reconcileHandlers({ root, ...(endpoints ? { endpoints } : {}) });
}

/** Prints decisions and log records: JSON lines, or one human line each (event text escaped). */
export function printer(json: boolean): { decision(d: Decision): void; log(e: TriggerLogEntry): void } {
  return {
    decision(d) {
      console.log(json ? JSON.stringify(d) : humanDecision(d));
    },
    log(e) {
      if (json) {
        console.log(JSON.stringify(e));
        return;
      }
      const { level, msg, ...rest } = e;
      const extra = Object.entries(rest).map(([k, v]) => `${k}=${safeText(typeof v === 'string' ? v : JSON.stringify(v), 200)}`);
      (level === 'info' ? console.log : console.error)([`${level}:`, msg, ...extra].join(' '));
    },
  };
}

/** `reconcile FS-S5850-SRV  rule=… ip=… mac=… host=…  reason` with untrusted text escaped. */
export function humanDecision(d: Decision): string {
  const parts = [`${d.alert ? 'ALERT ' : ''}${d.action}`, d.device ?? '-', ` rule=${d.rule ?? '-'}`, `ip=${d.ip}`, `mac=${d.mac}`];
  if (d.hostname !== null) parts.push(`host=${safeText(d.hostname, 64)}`);
  if (d.circuitId !== null) parts.push(`circuit-id=${safeText(d.circuitId, 64)}`);
  return `${parts.join(' ')}  ${safeText(d.reason, 300)}`;
}

async function replay(root: string, inputs: InputSpec[] | undefined, json: boolean): Promise<number> {
  const ctx = await loadWatchContext(root);
  const files = (inputs ?? ctx.rules.inputs).filter((i) => i.kind === 'file').map((i) => (i as { path: string }).path);
  if (files.length === 0) throw new SwitchyardError('USAGE', '--replay needs a file: give --input FILE or list files under inputs: in rules/*.yml');
  const engine = new DecisionEngine({ inventory: ctx.inventory, rules: ctx.rules.rules, bindings: ctx.bindings, lldp: false });
  const out = printer(json);
  // Decisions go out in large writes: a replay prints tens of thousands of lines.
  const lines: string[] = [];
  const flush = () => {
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    lines.length = 0;
  };
  const started = performance.now();
  const stats = await replayFiles(files, {
    engine,
    onVerdict: (v) => {
      if (!v.decision) return;
      lines.push(json ? JSON.stringify(v.decision) : humanDecision(v.decision));
      if (lines.length >= 4096) flush();
    },
  });
  flush();
  const ms = performance.now() - started;
  if (!json) out.log({ level: 'info', msg: 'replay done', files: files.length, bytes: stats.bytes, events: stats.events, decisions: stats.decisions, ms: Math.round(ms) });
  return 0;
}

async function daemon(root: string, inputs: InputSpec[] | undefined, flags: WatchFlags): Promise<number> {
  const out = printer(flags.json === true);
  const stateDir = stateDirOf(root);
  const dryRun = flags.dryRun === true;
  const socketMode = Number.parseInt(flags.socketMode, 8);
  if (!Number.isInteger(socketMode) || socketMode < 0 || socketMode > 0o777) throw new SwitchyardError('USAGE', `--socket-mode takes an octal mode such as 0600, not "${flags.socketMode}"`);
  const all = await actionHandlers(root, flags.endpoints);
  // What an unknown switch says about its own neighbours is its word only; a relay's
  // circuit-id is the network's. Sites with option 82 everywhere can refuse the former.
  const handlers: ReconcileHandlers = flags.lldp ? all : { use: (p) => all.use(p), reconcile: all.reconcile, provision: all.provision };
  const watcher = await Watcher.start<ActionContext>({
    root,
    stateDir,
    // At start and on SIGHUP the whole project is loaded and checked (every device rendered,
    // when jobs render) before it replaces the last good one, for decisions and jobs at once.
    load: () => loadActionContext(root, { dryRun, renderAll: true }),
    onContext: (ctx) => handlers.use(ctx.project),
    handlers,
    dryRun,
    ...(inputs ? { inputs } : {}),
    ...(flags.fromStart ? { fromStart: true } : {}),
    concurrency: positive(flags.concurrency, '--concurrency'),
    candidates: { concurrency: positive(flags.identifyConcurrency, '--identify-concurrency'), maxQueued: positive(flags.maxCandidates, '--max-candidates') },
    ...(flags.socket ? { socketPath: resolve(root, flags.socket) } : {}),
    socketMode,
    pollMs: positive(flags.poll, '--poll'),
    onDecision: (d) => out.decision(d),
    onOutcome: (job, o, final) =>
      out.log({ level: o.status === 'failed' ? 'error' : 'info', msg: final ? 'job finished' : 'job will be retried', job: job.kind, device: job.device ?? job.key, status: o.status, message: o.message, ...(o.alert ? { alert: true } : {}) }),
    log: (e) => out.log(e),
  });
  out.log({ level: 'info', msg: dryRun ? 'watching (dry run: nothing is run)' : 'watching', root, pid: process.pid });
  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        out.log({ level: 'warn', msg: `${signal} again: still waiting for running jobs to finish (a push is never interrupted)` });
        return;
      }
      stopping = true;
      out.log({ level: 'info', msg: `${signal}: stopping intake, waiting for running jobs` });
      watcher.stop().then(
        () => {
          process.off('SIGHUP', hup);
          out.log({ level: 'info', msg: 'stopped; offsets saved' });
          resolveExit(0);
        },
        (err: unknown) => {
          out.log({ level: 'error', msg: 'stopping failed', error: (err as Error).message });
          resolveExit(1);
        },
      );
    };
    const hup = () => {
      watcher.reload().catch((err: unknown) => out.log({ level: 'error', msg: 'reload refused; keeping the last good project', error: (err as Error).message }));
    };
    process.on('SIGHUP', hup);
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new SwitchyardError('USAGE', `${flag} takes a positive whole number, not "${text}"`);
  return n;
}
