/**
 * `switchyard trigger` as a DHCP server's hook: turns what each server hands its script
 * into lease events.
 * - dnsmasq `--dhcp-script`: argv `add|old|del MAC IP [HOSTNAME]`, environment
 *   `DNSMASQ_SUPPLIED_HOSTNAME`, `DNSMASQ_CIRCUIT_ID`, `DNSMASQ_RELAY_ADDRESS`, `DNSMASQ_INTERFACE`;
 * - Kea `run_script`: argv the hook point, environment `LEASE4_*` (lease4_renew) or
 *   `LEASES4_SIZE` + `LEASES4_AT<i>_*` (leases4_committed), `QUERY4_OPTION_82_SUB_OPTION_1` (hex);
 * - ISC dhcpd `on commit { execute(…) }`: `commit IP MAC [HOSTNAME] [CIRCUIT_ID_HEX]`;
 * - explicit `--ip --mac [--hostname] [--circuit-id]` for anything else.
 * Every value is untrusted and checked here, as the log parsers check theirs: an address
 * must be canonical unicast IPv4 (else the call is an error, exit 1), text fields are made
 * one visible line and cut (values.ts cleanField). Nothing is ever passed to a shell.
 */
import { normaliseMac } from '../inventory/index.js';
import type { DhcpServer, LeaseEvent } from './types.js';
import { cleanField, decodeAgentId, ipv4Problem, MAX_HOSTNAME, MAX_IFACE, quoted } from './values.js';

/** Explicit fields given as options. */
export interface HookFlags {
  readonly ip?: string;
  readonly mac?: string;
  readonly hostname?: string;
  readonly circuitId?: string;
  readonly relay?: string;
  readonly iface?: string;
}

/** The events a hook call stands for, or why it stands for none. */
type HookResult =
  | { readonly ok: true; readonly server: DhcpServer | 'manual'; readonly events: readonly LeaseEvent[] }
  | { readonly ok: false; readonly ignored: boolean; readonly reason: string };

type Env = Readonly<Record<string, string | undefined>>;

/** Detects the calling server from argv and environment (`from` forces one). */
export function hookEvents(args: readonly string[], flags: HookFlags, env: Env, now: number, from?: DhcpServer | 'manual'): HookResult {
  const first = args[0];
  const server =
    from ??
    (first === 'add' || first === 'old' || first === 'del' || first === 'tftp' || first === 'arp-add' || first === 'arp-del' || first === 'init'
      ? 'dnsmasq'
      : first !== undefined && /^leases?[46]_/.test(first)
        ? 'kea'
        : first === 'commit'
          ? 'dhcpd'
          : 'manual');
  switch (server) {
    case 'dnsmasq':
      return fromDnsmasq(args, env, now);
    case 'kea':
      return fromKea(args, env, now);
    case 'dhcpd':
      return fromDhcpd(args, now);
    case 'manual':
      return build('manual', { ip: flags.ip, mac: flags.mac, hostname: flags.hostname, circuitId: flags.circuitId, relay: flags.relay, iface: flags.iface }, now);
  }
}

function fromDnsmasq(args: readonly string[], env: Env, now: number): HookResult {
  const [action, mac, ip, host] = args;
  // `old` is a lease dnsmasq already had (restart, or renewed with a change): an ACK too.
  if (action !== 'add' && action !== 'old') return { ok: false, ignored: true, reason: `dnsmasq action "${action ?? ''}" grants no lease` };
  return build('dnsmasq', {
    ip,
    mac,
    hostname: host ?? env.DNSMASQ_SUPPLIED_HOSTNAME,
    circuitId: env.DNSMASQ_CIRCUIT_ID,
    relay: env.DNSMASQ_RELAY_ADDRESS,
    iface: env.DNSMASQ_INTERFACE,
  }, now);
}

function fromKea(args: readonly string[], env: Env, now: number): HookResult {
  const point = args[0] ?? '';
  const common = {
    circuitId: env.QUERY4_OPTION_82_SUB_OPTION_1,
    relay: env.QUERY4_GIADDR !== undefined && env.QUERY4_GIADDR !== '0.0.0.0' ? env.QUERY4_GIADDR : undefined,
    iface: env.QUERY4_IFACE_NAME,
  };
  if (point === 'lease4_renew') {
    return build('kea', { ...common, ip: env.LEASE4_ADDRESS, mac: env.LEASE4_HWADDR, hostname: env.LEASE4_HOSTNAME }, now);
  }
  if (point === 'leases4_committed') {
    const n = Number(env.LEASES4_SIZE ?? '0');
    if (!Number.isInteger(n) || n <= 0) return { ok: false, ignored: true, reason: 'leases4_committed without leases (a DECLINE or RELEASE)' };
    const events: LeaseEvent[] = [];
    for (let i = 0; i < Math.min(n, 64); i++) {
      const r = build('kea', { ...common, ip: env[`LEASES4_AT${i}_ADDRESS`], mac: env[`LEASES4_AT${i}_HWADDR`], hostname: env[`LEASES4_AT${i}_HOSTNAME`] }, now);
      if (!r.ok) return r;
      events.push(...r.events);
    }
    return { ok: true, server: 'kea', events };
  }
  return { ok: false, ignored: true, reason: `Kea hook point "${point}" grants no lease` };
}

function fromDhcpd(args: readonly string[], now: number): HookResult {
  const [, ip, mac, host, circuitHex] = args;
  return build('dhcpd', { ip, mac, hostname: host, circuitId: circuitHex }, now);
}

/** The event fields a hook passes, before checking: the same as the `trigger` flags. */
type Raw = HookFlags;

function build(server: DhcpServer | 'manual', raw: Raw, now: number): HookResult {
  const fail = (reason: string): HookResult => ({ ok: false, ignored: false, reason });
  if (raw.ip === undefined || raw.ip.trim() === '') return fail('no lease address given (--ip)');
  const ipProblem = ipv4Problem(raw.ip);
  if (ipProblem !== undefined) return fail(`lease address ${quoted(raw.ip)} ${ipProblem}`);
  const mac = raw.mac === undefined ? undefined : normaliseMac(raw.mac);
  if (mac === undefined) return fail(`not a MAC address: ${raw.mac === undefined ? 'none given (--mac)' : quoted(raw.mac)}`);
  let relay: string | undefined;
  if (raw.relay !== undefined && raw.relay.trim() !== '') {
    const relayProblem = ipv4Problem(raw.relay);
    if (relayProblem !== undefined) return fail(`relay address ${quoted(raw.relay)} ${relayProblem}`);
    relay = raw.relay;
  }
  const hostname = raw.hostname === undefined ? '' : cleanField(raw.hostname, MAX_HOSTNAME);
  // Hex is decoded only in a size a relay can send (option 82 sub-options are at most 255 bytes).
  const agentId = raw.circuitId === undefined ? undefined : raw.circuitId.length <= 800 ? decodeAgentId(raw.circuitId) : raw.circuitId;
  const circuitId = agentId === undefined ? '' : cleanField(agentId, MAX_HOSTNAME);
  const iface = raw.iface === undefined ? '' : cleanField(raw.iface, MAX_IFACE);
  // The line a dhcpd log would hold for this lease, so raw-line `pattern:` rules (and
  // rules imported from SEC) treat hook events as they treat log lines. Built from the
  // cleaned fields: one line, whatever a hostname held.
  const text = `DHCPACK on ${raw.ip} to ${mac}${hostname ? ` (${hostname})` : ''} via ${relay ?? (iface || server)}`;
  const event: { -readonly [K in keyof LeaseEvent]: LeaseEvent[K] } = { line: text, type: 'DHCPACK', ip: raw.ip, mac, time: now, source: `hook:${server}` };
  if (server !== 'manual') event.server = server;
  if (hostname) event.hostname = hostname;
  if (circuitId) event.circuitId = circuitId;
  if (relay) event.relay = relay;
  if (iface) event.iface = iface;
  return { ok: true, server, events: [event] };
}

/**
 * Checks an event received over the control socket (it crossed a process boundary): its
 * fields go through the same checks as a hook's, and its line is built again from them,
 * never taken from the request.
 */
export function checkEvent(value: unknown, now: number): LeaseEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const claimed = str('server');
  const server = claimed === 'dhcpd' || claimed === 'dnsmasq' || claimed === 'kea' ? claimed : 'manual';
  const r = build(server, { ip: str('ip'), mac: str('mac'), hostname: str('hostname'), circuitId: str('circuitId'), relay: str('relay'), iface: str('iface') }, now);
  if (!r.ok) return undefined;
  const e = r.events[0]!;
  const source = str('source');
  return source !== undefined && /^hook:[a-z]+$/.test(source) ? { ...e, source } : e;
}
