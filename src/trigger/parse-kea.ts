/**
 * Kea DHCPv4 lines (2.2, PLATFORM-NOTES.md). The lease message, file or syslog output:
 *   `2026-11-27 21:55:42.660 INFO  [kea-dhcp4.leases/2137.140345035854336] DHCP4_LEASE_ALLOC
 *    [hwtype=1 aa:bb:cc:dd:ee:01], cid=[01:aa:…], tid=0x48f0e548: lease 192.0.2.50 has been allocated for 600 seconds`
 * (new leases and renewals alike; no hostname, no circuit-id, no interface at INFO), and
 * the forensic (legal_log) hook's line, which carries the relay and the circuit-id:
 *   `2018-01-06 01:02:03 CET Address: 192.2.1.100 has been renewed for 1 hrs 52 min 15 secs
 *    to a device with hardware address: hwtype=1 08:00:2b:02:3f:4e, client-id: 17:34:…
 *    connected via relay at address: 192.2.16.33, identified by circuit-id: 68:6f:77:64:79 (howdy) …`
 * Both are parsed field after field from a fixed start: the client-id's printable form is
 * client text and could otherwise fake a relay section.
 */
import { normaliseMac } from '../inventory/index.js';
import type { LeaseEvent } from './types.js';
import { canonicalMac, decodeAgentId, isIpv4 } from './values.js';

const ALLOC = /^DHCP4_LEASE_ALLOC \[hwtype=\d+ ([0-9a-fA-F:]{11,17})\], cid=\[[^\]]*\], tid=0x[0-9a-fA-F]+: lease (\d{1,3}(?:\.\d{1,3}){3}) has been allocated for /;

/** Parses a Kea `DHCP4_LEASE_ALLOC` line (file or syslog form); `undefined` if it is none. */
export function parseKeaAlloc(line: string, source: string, time: number): LeaseEvent | undefined {
  // The logger's bracket is the first `[` of a Kea line; the message id follows it.
  const open = line.indexOf('[');
  if (open === -1) return undefined;
  const close = line.indexOf('] ', open);
  if (close === -1) return undefined;
  const m = ALLOC.exec(line.slice(close + 2));
  if (m === null) return undefined;
  const mac = canonicalMac(m[1]!, normaliseMac);
  if (mac === undefined || !isIpv4(m[2]!)) return undefined;
  return { line, type: 'DHCPACK', ip: m[2]!, mac, time, source, server: 'kea' };
}

const LEGAL = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?: [A-Za-z0-9+:-]+)? Address: (\d{1,3}(?:\.\d{1,3}){3}) has been (?:assigned|renewed) for /;
const DEVICE = ' to a device with hardware address: hwtype=';
const HEX = /^[0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2})*/;

/** Parses a Kea forensic-log assignment or renewal line; `undefined` if it is none. */
export function parseKeaLegal(line: string, source: string, time: number): LeaseEvent | undefined {
  const m = LEGAL.exec(line);
  if (m === null) return undefined;
  let i = line.indexOf(DEVICE, m[0].length);
  if (i === -1) return undefined;
  i += DEVICE.length;
  while (i < line.length && line.charCodeAt(i) !== 0x20) i++; // hwtype number
  const macMatch = HEX.exec(line.slice(i + 1, i + 64));
  const mac = macMatch ? normaliseMac(macMatch[0]) : undefined;
  if (mac === undefined || !isIpv4(m[1]!)) return undefined;
  i += 1 + macMatch![0].length;
  const event: { -readonly [K in keyof LeaseEvent]: LeaseEvent[K] } = { line, type: 'DHCPACK', ip: m[1]!, mac, time, source, server: 'kea' };
  if (line.startsWith(', client-id: ', i)) {
    i += 13;
    const cid = HEX.exec(line.slice(i, i + 800));
    if (cid === null) return event;
    i += cid[0].length;
    // Skip exactly the printable rendering Kea adds, whatever it contains.
    const shown = ` (${decodeAgentId(cid[0])})`;
    if (line.startsWith(shown, i)) i += shown.length;
  }
  const RELAY = ' connected via relay at address: ';
  if (!line.startsWith(RELAY, i)) return event;
  i += RELAY.length;
  let end = i;
  while (end < line.length && line.charCodeAt(end) !== 0x2c /* , */ && line.charCodeAt(end) !== 0x20) end++;
  const relay = line.slice(i, end);
  if (isIpv4(relay)) event.relay = relay;
  const CIRCUIT = ', identified by circuit-id: ';
  if (line.startsWith(CIRCUIT, end)) {
    const hex = HEX.exec(line.slice(end + CIRCUIT.length, end + CIRCUIT.length + 800));
    const circuitId = hex ? decodeAgentId(hex[0]) : undefined;
    if (circuitId !== undefined) event.circuitId = circuitId;
  }
  return event;
}
