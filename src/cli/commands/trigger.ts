/**
 * `switchyard trigger`: the command DHCP servers call from their hooks (dnsmasq
 * `--dhcp-script`, Kea `run_script`, dhcpd `on commit { execute(…) }`, or by hand with
 * `--ip/--mac`). It hands the event to the running daemon over its control socket; when
 * no daemon listens it decides (and, without --dry-run, acts) itself.
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { SwitchyardError } from '../../errors.js';
import {
  DecisionEngine,
  hookEvents,
  requestControl,
  runExec,
  SOCKET_FILE,
  type Decision,
  type DhcpServer,
  type HookFlags,
  type JobOutcome,
  type Verdict,
} from '../../trigger/index.js';
import { globalOptions } from '../global-options.js';
import { stateDirOf } from '../../app/index.js';
import type { SetExit } from './index.js';
import { actionHandlers, loadActionContext, printer } from './watch.js';

interface TriggerFlags extends HookFlags {
  from?: string;
  dryRun?: boolean;
  json?: boolean;
  socket?: string;
  endpoints?: string;
}

const SERVERS = ['dnsmasq', 'kea', 'dhcpd', 'manual'] as const;

/** Registers `trigger`. */
export function register(program: Command, setExit: SetExit): void {
  program
    .command('trigger')
    .description('hand a DHCP lease to the watch daemon (for dnsmasq --dhcp-script, Kea run_script, dhcpd on commit), or decide it directly')
    .argument('[args...]', 'what the DHCP server passes: dnsmasq `add|old|del MAC IP [HOST]`, Kea `HOOK_POINT`, dhcpd `commit IP MAC [HOST] [CIRCUIT_HEX]`')
    .option('--ip <ip>', 'leased address')
    .option('--mac <mac>', 'client MAC')
    .option('--hostname <name>', 'hostname the client sent')
    .option('--circuit-id <id>', 'option 82 circuit-id (text, or hex as 0x… / aa:bb:…)')
    .option('--relay <ip>', 'relay (giaddr) the request came through')
    .option('--iface <name>', 'server interface')
    .option('--from <server>', `force the calling server: ${SERVERS.join(', ')} (default: detected from the arguments)`)
    .option('--dry-run', 'decide and print; never hand over, never act')
    .option('--json', 'print decisions as JSON lines')
    .option('--socket <path>', 'the daemon\'s control socket (default .switchyard/watch.sock)')
    .option('--endpoints <file>', 'when run without a daemon: JSON map DEVICE or DHCP-ADDRESS → "HOST:PORT" (see watch)')
    .action(async (args: string[], flags: TriggerFlags, cmd: Command) => {
      const { root } = globalOptions(cmd);
      setExit(await trigger(root, args, flags));
    });
}

async function trigger(root: string, args: string[], flags: TriggerFlags): Promise<number> {
  if (flags.from !== undefined && !(SERVERS as readonly string[]).includes(flags.from)) {
    throw new SwitchyardError('USAGE', `--from must be one of ${SERVERS.join(', ')}`);
  }
  const from = flags.from as DhcpServer | 'manual' | undefined;
  const hook = hookEvents(args, flags, process.env, Date.now(), from);
  const out = printer(flags.json === true);
  if (!hook.ok) {
    // Releases, expiries, DNS-only calls: nothing to do, and not an error for the server.
    if (hook.ignored) return 0;
    throw new SwitchyardError('USAGE', `trigger: ${hook.reason}`, { hint: 'give --ip and --mac, or call it the way dnsmasq, Kea or dhcpd do (see docs/watch.md)' });
  }
  if (!flags.dryRun) {
    const socket = flags.socket ? resolve(root, flags.socket) : join(stateDirOf(root), SOCKET_FILE);
    let handed = false;
    for (const event of hook.events) {
      const answer = await requestControl(socket, { op: 'event', event });
      if (answer === undefined) break;
      if (answer.ok !== true) throw new SwitchyardError('STATE_IO', `the watch daemon refused the event: ${String(answer.error)}`);
      for (const d of (answer.decisions ?? []) as Decision[]) out.decision(d);
      handed = true;
    }
    if (handed) return 0;
  }
  // No daemon (or a dry run): decide here.
  const ctx = await loadActionContext(root, { dryRun: flags.dryRun === true });
  const engine = new DecisionEngine({ inventory: ctx.inventory, rules: ctx.rules.rules, bindings: ctx.bindings, lldp: false });
  const handlers = await actionHandlers(root, flags.endpoints, ctx.inventory);
  handlers.use(ctx.project);
  let failed = false;
  for (const event of hook.events) {
    const verdicts: Verdict[] = engine.decide(event, Date.now());
    for (const v of verdicts) {
      if (v.decision) out.decision(v.decision);
      if (flags.dryRun || v.job === undefined) continue;
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
      out.log({ level: outcome.status === 'failed' ? 'error' : 'info', msg: 'job finished', job: job.kind, device: job.device ?? job.key, status: outcome.status, message: outcome.message, ...(outcome.alert ? { alert: true } : {}) });
      if (outcome.status === 'failed' || outcome.status === 'retry') failed = true;
    }
  }
  return failed ? 1 : 0;
}
