/**
 * The switch's DHCP client: busybox udhcpc in the foreground, with the switch's MAC (set
 * on the interface) and hostname (option 12). Its event script configures the leased
 * address and prints one line per event, which is how the lab knows a lease arrived.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './exec.js';
import { nsExec } from './netns.js';

const EVENT_LINE = /^switchyard-lab-dhcp event=(\S+) ip=(\S*) serverid=(\S*)$/;

/** One event the udhcpc script reported. */
export interface DhcpClientEvent {
  /** `deconfig`, `bound`, `renew`, `leasefail` or `nak`. */
  readonly event: string;
  readonly ip: string;
  readonly serverId: string;
  readonly time: number;
}

/** Writes the udhcpc event script into DIR and returns its path. */
export function writeUdhcpcScript(dir: string): string {
  const path = join(dir, 'udhcpc-event');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      '# udhcpc event script of the Switchyard lab: apply the lease, report the event.',
      'case "$1" in',
      '  deconfig) ip -4 addr flush dev "$interface" scope global ;;',
      '  bound|renew)',
      '    ip -4 addr flush dev "$interface" scope global',
      '    ip -4 addr add "$ip/${mask:-24}" dev "$interface"',
      // Behind the relay the router is the relay: a unicast renewal then reaches dhcpd directly.
      '    for r in $router; do ip route replace default via "$r" dev "$interface"; break; done ;;',
      'esac',
      'echo "switchyard-lab-dhcp event=$1 ip=${ip:-} serverid=${serverid:-}"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return path;
}

/** What a DhcpClient needs. */
interface DhcpClientSpec {
  readonly ns: string;
  readonly iface: string;
  /** Sent as option 12; null sends none. */
  readonly hostname: string | null;
  readonly script: string;
  readonly logFile: string;
}

/** A udhcpc process in a switch namespace, restartable. */
export class DhcpClient {
  readonly events: DhcpClientEvent[] = [];
  private child: ChildProcess | undefined;

  constructor(readonly spec: DhcpClientSpec) {}

  /** PID of the running udhcpc, if any. */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** The address of the current lease, if bound. */
  get ip(): string | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e?.event === 'bound' || e?.event === 'renew') return e.ip;
      if (e?.event === 'deconfig' || e?.event === 'nak') return undefined;
    }
    return undefined;
  }

  /** Starts udhcpc (a fresh DISCOVER) and waits for the lease. */
  async start(timeoutMs = 20_000): Promise<DhcpClientEvent> {
    if (this.pid !== undefined) throw new Error(`udhcpc already runs in ${this.spec.ns}`);
    const from = this.events.length;
    const argv = nsExec(this.spec.ns, [
      'busybox', 'udhcpc', '-f', '-i', this.spec.iface, '-s', this.spec.script,
      // Short retry timers: a lost first packet costs a second, not the default 3 s + 20 s.
      '-T', '1', '-t', '10', '-A', '1',
      ...(this.spec.hostname === null ? [] : ['-x', `hostname:${this.spec.hostname}`]),
    ]);
    const [file, ...args] = argv;
    const child = spawn(file as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', () => undefined);
    this.child = child;
    let buffer = '';
    const onData = (chunk: string): void => {
      appendFileSync(this.spec.logFile, chunk);
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const m = EVENT_LINE.exec(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (m) this.events.push({ event: m[1] ?? '', ip: m[2] ?? '', serverId: m[3] ?? '', time: Date.now() });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (d: string) => appendFileSync(this.spec.logFile, d));
    return this.waitForLease(from, timeoutMs);
  }

  /**
   * Renews the lease now (SIGUSR1): udhcpc sends a unicast DHCPREQUEST to the server that
   * gave the lease and the server logs a DHCPACK. Resolves with the renewal's event.
   */
  async renew(timeoutMs = 20_000): Promise<DhcpClientEvent> {
    const pid = this.pid;
    if (pid === undefined) throw new Error(`udhcpc does not run in ${this.spec.ns}`);
    const from = this.events.length;
    process.kill(pid, 'SIGUSR1');
    return this.waitForLease(from, timeoutMs);
  }

  /** Stops udhcpc without releasing the lease (as a switch that reboots). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  private waitForLease(from: number, timeoutMs: number): Promise<DhcpClientEvent> {
    return waitFor(`a DHCP lease in ${this.spec.ns}`, () => {
      const found = this.events.slice(from).find((e) => e.event === 'bound' || e.event === 'renew');
      if (found) return found;
      if (this.child?.exitCode !== null) throw new Error(`udhcpc in ${this.spec.ns} exited ${String(this.child?.exitCode)}`);
      return undefined;
    }, timeoutMs);
  }
}
