/**
 * `switchyard trigger`: the command DHCP servers call from their hooks (dnsmasq
 * `--dhcp-script`, Kea `run_script`, dhcpd `on commit { execute(…) }`, or by hand with
 * `--ip/--mac`). It hands the event to the running daemon over its control socket; when
 * no daemon listens it decides (and, without --dry-run, acts) itself.
 */
import type { Command } from 'commander';
import { decideHere, handToDaemon } from '../../app/index.js';
import { SwitchyardError } from '../../errors.js';
import { hookEvents, type DhcpServer, type HookFlags } from '../../trigger/index.js';
import { globalOptions } from '../global-options.js';
import { outcomeRecord, printer } from '../views/decisions.js';
import type { SetExit } from './index.js';

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
    const handed = await handToDaemon(root, hook.events, { ...(flags.socket ? { socket: flags.socket } : {}), onDecision: (d) => out.decision(d) });
    if (handed) return 0;
  }
  // No daemon (or a dry run): decide here.
  const outcomes = await decideHere(root, hook.events, {
    dryRun: flags.dryRun === true,
    ...(flags.endpoints !== undefined ? { endpointsFile: flags.endpoints } : {}),
    onDecision: (d) => out.decision(d),
    onOutcome: (job, outcome) => out.log(outcomeRecord('job finished', job, outcome)),
  });
  return outcomes.some((o) => o.status === 'failed' || o.status === 'retry') ? 1 : 0;
}
