/**
 * `switchyard status`: what the watch daemon is doing — queue, recent decisions, the last
 * outcome per device. Asks the daemon over its control socket; when it does not answer,
 * shows the status file it last wrote and says that it is not running.
 */
import type { Command } from 'commander';
import { daemonStatus } from '../../app/index.js';
import type { WatchStatus } from '../../trigger/index.js';
import { safeText } from '../../util/safe-text.js';
import { globalOptions } from '../global-options.js';
import { humanDecision } from '../views/decisions.js';
import type { SetExit } from './index.js';

interface StatusFlags {
  json?: boolean;
  dryRun?: boolean;
  socket?: string;
}

/** Registers `status`. */
export function register(program: Command, setExit: SetExit): void {
  program
    .command('status')
    .description('what the watch daemon is doing: queue, recent decisions, last outcome per device')
    .option('--json', 'print the status as JSON')
    .option('--dry-run', 'the status of a `watch --dry-run` daemon')
    .option('--socket <path>', 'the daemon\'s control socket (default .switchyard/watch.sock)')
    .action(async (flags: StatusFlags, cmd: Command) => {
      const { root } = globalOptions(cmd);
      const { status, live } = await daemonStatus(root, { ...(flags.socket ? { socket: flags.socket } : {}), dryRun: flags.dryRun === true });
      if (flags.json) {
        console.log(JSON.stringify(status ?? { running: false }, null, 2));
      } else if (status === undefined) {
        console.log('watch daemon: not running (no status published yet)');
      } else {
        console.log(render(status, live));
      }
      setExit(live ? 0 : 3);
    });
}

/** A tailed file: a missing one stands out (a typo in --input, a log not written yet). */
function fileState(f: NonNullable<WatchStatus['files']>[number]): string {
  if (!f.exists) return 'MISSING: waiting for it to appear';
  if (f.problem !== undefined) return `cannot be opened (${f.problem}); retrying`;
  return `reading, ${f.bytesRead} bytes read`;
}

function syslogState(l: WatchStatus['syslog'][number]): string {
  if (l.receiveBuffer === null) return `received ${l.received} messages`;
  const drops = l.drops === null ? 'drops unknown' : `${l.drops} dropped by the kernel`;
  return `received ${l.received} datagrams, ${drops} (receive buffer ${l.receiveBuffer} bytes)`;
}

function laneText(l: WatchStatus['lanes']['known']): string {
  return `${l.running} of ${l.concurrency} running, ${l.waiting} waiting${l.maxQueued === null ? '' : ` (at most ${l.maxQueued})`}`;
}

function render(s: WatchStatus, live: boolean): string {
  const lines: string[] = [];
  lines.push(live ? `watch daemon: running (pid ${s.pid}, since ${s.started}${s.dryRun ? ', dry run' : ''})` : `watch daemon: not running (last status ${s.updated}, pid ${s.pid})`);
  lines.push(`inputs: ${s.inputs.join(', ') || '(none)'}`);
  for (const f of s.files ?? []) lines.push(`  ${f.path}  ${fileState(f)}`);
  // Absent in the status file of a daemon from before the counts.
  for (const l of s.syslog ?? []) lines.push(`  ${l.address}  ${syslogState(l)}`);
  lines.push(`events ${s.counters.events}, decisions ${s.counters.decisions}, jobs started ${s.counters.jobsStarted}, finished ${s.counters.jobsFinished}`);
  lines.push('', `queue (${s.queue.length}):`);
  // Absent in the status file of a daemon from before the lanes.
  if (s.lanes !== undefined) {
    const refused = s.counters.candidatesRefused > 0 ? `, ${s.counters.candidatesRefused} refused when full` : '';
    lines.push(`  known switches: ${laneText(s.lanes.known)}; unknown switches to identify: ${laneText(s.lanes.candidates)}${refused}`);
  }
  for (const q of s.queue) {
    const next = q.nextAttempt ? `, next attempt ${q.nextAttempt}` : '';
    lines.push(`  ${q.state.padEnd(8)} ${q.kind.padEnd(10)} ${q.device ?? q.key}  attempts ${q.attempts}${next}${q.lastMessage ? `  ${safeText(q.lastMessage, 120)}` : ''}`);
  }
  const outcomes = Object.entries(s.lastOutcome);
  lines.push('', `last outcome per device (${outcomes.length}):`);
  for (const [device, o] of outcomes.sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`  ${device.padEnd(24)} ${o.kind.padEnd(10)} ${o.status.padEnd(8)} ${o.time}  ${safeText(o.message, 120)}`);
  }
  lines.push('', `recent decisions (${s.recent.length}, newest last):`);
  for (const d of s.recent.slice(-15)) lines.push(`  ${d.time} ${humanDecision(d)}`);
  return lines.join('\n');
}
