/**
 * `switchyard watch`: the DHCP-triggered daemon (tails DHCP logs, listens for syslog and
 * for `switchyard trigger`), and `watch --replay`, which decides a log from start to EOF
 * and exits (rule testing, benchmarks). The daemon is assembled in src/app; this command
 * parses its flags, prints what it reports and handles signals.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { replayDecisions, startDaemon } from '../../app/index.js';
import { SwitchyardError } from '../../errors.js';
import { parseSyslogUrl, type InputSpec } from '../../trigger/index.js';
import { positiveInt } from '../arguments.js';
import { globalOptions } from '../global-options.js';
import { humanDecision, outcomeRecord, printer } from '../views/decisions.js';
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

async function replay(root: string, inputs: InputSpec[] | undefined, json: boolean): Promise<number> {
  const out = printer(json);
  // Decisions go out in large writes: a replay prints tens of thousands of lines.
  const lines: string[] = [];
  const flush = () => {
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    lines.length = 0;
  };
  const stats = await replayDecisions(root, inputs, (d) => {
    lines.push(json ? JSON.stringify(d) : humanDecision(d));
    if (lines.length >= 4096) flush();
  });
  flush();
  if (!json) out.log({ level: 'info', msg: 'replay done', files: stats.files, bytes: stats.bytes, events: stats.events, decisions: stats.decisions, ms: Math.round(stats.ms) });
  return 0;
}

async function daemon(root: string, inputs: InputSpec[] | undefined, flags: WatchFlags): Promise<number> {
  const out = printer(flags.json === true);
  const dryRun = flags.dryRun === true;
  const socketMode = Number.parseInt(flags.socketMode, 8);
  if (!Number.isInteger(socketMode) || socketMode < 0 || socketMode > 0o777) throw new SwitchyardError('USAGE', `--socket-mode takes an octal mode such as 0600, not "${flags.socketMode}"`);
  const watcher = await startDaemon({
    root,
    dryRun,
    lldp: flags.lldp,
    ...(flags.endpoints !== undefined ? { endpointsFile: flags.endpoints } : {}),
    ...(inputs ? { inputs } : {}),
    ...(flags.fromStart ? { fromStart: true } : {}),
    concurrency: positiveInt(flags.concurrency, '--concurrency'),
    candidates: { concurrency: positiveInt(flags.identifyConcurrency, '--identify-concurrency'), maxQueued: positiveInt(flags.maxCandidates, '--max-candidates') },
    ...(flags.socket ? { socket: flags.socket } : {}),
    socketMode,
    pollMs: positiveInt(flags.poll, '--poll'),
    onDecision: (d) => out.decision(d),
    onOutcome: (job, o, final) => out.log(outcomeRecord(final ? 'job finished' : 'job will be retried', job, o)),
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
