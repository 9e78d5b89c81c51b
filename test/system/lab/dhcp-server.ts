/**
 * The DHCP side of the lab: ISC dhcpd (log = its `-d` stderr), dnsmasq (log =
 * `--log-facility=FILE`), and ISC dhcrelay adding option 82. There is no syslog daemon on
 * these machines, so each server writes its own file, which is what `switchyard watch`
 * tails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startDaemon, waitFor } from './exec.js';
import { nsExec } from './netns.js';

/** A subnet the server hands out addresses in (or only knows, without a range). */
export interface DhcpSubnet {
  readonly network: string;
  readonly netmask: string;
  readonly range?: readonly [string, string];
  readonly router?: string;
}

/** The message that prefixes dhcpd's option-82 log line (src/trigger's OPTION82_TAG). */
const OPTION82_LOG_TAG = 'switchyard-option82';

/**
 * dhcpd logs option 82 only through a `log()` statement in its config. The lab uses the
 * format src/trigger/parse-dhcpd.ts reads:
 * `switchyard-option82 mac=2:0:0:0:30:2 circuit-id-hex=67:65:2d:31:2d:30:2d:37`
 * (binary-to-ascii drops leading zeros, in the MAC and in each hex byte alike; hex keeps
 * whatever bytes a relay sends intact). dhcpd runs the statement at commit, so the line
 * comes *before* the `DHCPREQUEST` and `DHCPACK` lines of the same exchange (observed,
 * 4.4.3). It is written whenever the lease has a circuit-id: for a relayed request, and
 * also for a unicast renewal that bypassed the relay, because dhcpd keeps the agent
 * options stored with the lease.
 */
const OPTION82_LOG_STATEMENT = [
  'on commit {',
  '  if exists agent.circuit-id {',
  `    log(info, concat("${OPTION82_LOG_TAG} mac=", binary-to-ascii(16, 8, ":", substring(hardware, 1, 6)),`,
  '                     " circuit-id-hex=", binary-to-ascii(16, 8, ":", option agent.circuit-id)));',
  '  }',
  '}',
].join('\n');

/** The dhcpd.conf for SUBNETS, with the option-82 log statement. */
function dhcpdConfig(subnets: readonly DhcpSubnet[], leaseSeconds = 600): string {
  const lines = [
    '# Written by test/system/lab (Switchyard system-test lab).',
    'authoritative;',
    `default-lease-time ${leaseSeconds};`,
    `max-lease-time ${leaseSeconds};`,
    'ddns-update-style none;',
    '',
    OPTION82_LOG_STATEMENT,
    '',
  ];
  for (const s of subnets) {
    lines.push(`subnet ${s.network} netmask ${s.netmask} {`);
    if (s.range) lines.push(`  range ${s.range[0]} ${s.range[1]};`);
    if (s.router) lines.push(`  option routers ${s.router};`);
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

/** A running DHCP server or relay. */
export interface DhcpDaemon {
  readonly process: ChildProcess;
  /** The file the daemon logs to. */
  readonly logFile: string;
}

function waitForLog(what: string, child: ChildProcess, logFile: string, ready: (text: string) => boolean): Promise<true> {
  return waitFor(what, () => {
    const text = safeRead(logFile);
    if (child.exitCode !== null) throw new Error(`${what} exited ${child.exitCode}: ${text.trim().split('\n').slice(-8).join('\n')}`);
    return ready(text) ? true : undefined;
  });
}

/** Starts `dhcpd -4 -d` in NS on INTERFACES; stderr (the whole log) goes to DIR/dhcpd.log. */
export async function startDhcpd(ns: string, dir: string, interfaces: readonly string[], subnets: readonly DhcpSubnet[]): Promise<DhcpDaemon> {
  const conf = join(dir, 'dhcpd.conf');
  const leases = join(dir, 'dhcpd.leases');
  writeFileSync(conf, dhcpdConfig(subnets));
  writeFileSync(leases, '');
  const logFile = join(dir, 'dhcpd.log');
  const argv = ['dhcpd', '-4', '-d', '-cf', conf, '-lf', leases, '-pf', join(dir, 'dhcpd.pid'), ...interfaces];
  const child = startDaemon(nsExec(ns, argv), logFile);
  await waitForLog('dhcpd', child, logFile, (t) => t.includes('Server starting service.'));
  return { process: child, logFile };
}

/** Options of the dnsmasq variant. */
interface DnsmasqOptions {
  /** Absolute path passed as `--dhcp-script` (called with add|old|del MAC IP [HOSTNAME]). */
  readonly dhcpScript?: string;
  /**
   * Also call the script when the lease expiry changes (`--script-on-renewal`). Expiry has
   * one-second resolution: a renewal within the same second as the grant calls nothing.
   */
  readonly scriptOnRenewal?: boolean;
  /** dnsmasq's environment, which the script inherits besides the DNSMASQ_* variables. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts dnsmasq (DHCP only, DNS off) in NS; `--log-dhcp` lines go to DIR/dnsmasq.log. */
export async function startDnsmasq(
  ns: string,
  dir: string,
  interfaces: readonly string[],
  subnets: readonly DhcpSubnet[],
  options: DnsmasqOptions = {},
): Promise<DhcpDaemon> {
  const logFile = join(dir, 'dnsmasq.log');
  const argv = [
    'dnsmasq', '--keep-in-foreground', '--conf-file=/dev/null', '--port=0', '--no-resolv', '--no-hosts',
    `--pid-file=${join(dir, 'dnsmasq.pid')}`,
    `--dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
    `--log-facility=${logFile}`, '--log-dhcp', '--dhcp-authoritative', '--bind-interfaces',
    // dnsmasq pings an address before offering it and handles nothing else meanwhile (up to
    // 3 s per DISCOVER): with several switches booting at once the clients gave up first.
    '--no-ping',
    ...interfaces.map((i) => `--interface=${i}`),
    ...subnets.filter((s) => s.range).map((s) => `--dhcp-range=${s.range?.[0]},${s.range?.[1]},${s.netmask},10m`),
    ...(options.dhcpScript ? [`--dhcp-script=${options.dhcpScript}`] : []),
    ...(options.scriptOnRenewal ? ['--script-on-renewal'] : []),
  ];
  const child = startDaemon(nsExec(ns, argv), join(dir, 'dnsmasq.out'), options.env);
  const ranges = subnets.filter((s) => s.range).length;
  await waitForLog('dnsmasq', child, logFile, (t) => (t.match(/DHCP, IP range/g)?.length ?? 0) >= ranges);
  return { process: child, logFile };
}

/**
 * Starts `dhcrelay -a` in NS: requests from the DOWNSTREAM interfaces go to SERVER with
 * option 82 appended, whose circuit-id is the name of the interface the request came in
 * on (observed with isc-dhcp-relay 4.4.3: `eth-0-7` arrives as circuit-id `eth-0-7`).
 */
export async function startDhcrelay(ns: string, dir: string, upstream: string, downstream: readonly string[], server: string): Promise<DhcpDaemon> {
  const logFile = join(dir, 'dhcrelay.log');
  const argv = [
    'dhcrelay', '-4', '-d', '-a', '-pf', join(dir, 'dhcrelay.pid'),
    '-iu', upstream, ...downstream.flatMap((i) => ['-id', i]), server,
  ];
  const child = startDaemon(nsExec(ns, argv), logFile);
  await waitForLog('dhcrelay', child, logFile, (t) => t.includes('Sending on   Socket/fallback'));
  return { process: child, logFile };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
