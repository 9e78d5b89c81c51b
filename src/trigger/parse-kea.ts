/**
 * Kea DHCPv4 lines (2.2; docs/platforms.md, DHCP servers). The lease message, file or
 * syslog output:
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
import { leaseEvent, type FoundLease, type Span } from './parse-fields.js';
import type { LeaseEvent } from './types.js';
import { canonicalMac, decodeAgentId } from './values.js';

// The address is any word: one no lease can be for still makes an event (marked invalid).
const ALLOC = /^DHCP4_LEASE_ALLOC \[hwtype=\d+ ([0-9a-fA-F:]{11,17})\], cid=\[[^\]]*\], tid=0x[0-9a-fA-F]+: lease ([^ ]{1,64}) has been allocated for /;
const ALLOC_TAIL = ' has been allocated for '.length;

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
  if (mac === undefined) return undefined;
  const ipEnd = close + 2 + m[0].length - ALLOC_TAIL;
  return leaseEvent(line, { ip: [ipEnd - m[2]!.length, ipEnd], mac }, source, time, 'kea');
}

const LEGAL = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?: [A-Za-z0-9+:-]+)? Address: ([^ ]{1,64}) has been (?:assigned|renewed) for /;
const DEVICE = ' to a device with hardware address: hwtype=';
const HEX = /^[0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2})*/;

/** Parses a Kea forensic-log assignment or renewal line; `undefined` if it is none. */
export function parseKeaLegal(line: string, source: string, time: number): LeaseEvent | undefined {
  const m = LEGAL.exec(line);
  if (m === null) return undefined;
  // The timestamp's zone has no blank: the first ` Address: ` is the one.
  const ipStart = line.indexOf(' Address: ') + 10;
  const ip: Span = [ipStart, ipStart + m[1]!.length];
  let i = line.indexOf(DEVICE, m[0].length);
  if (i === -1) return undefined;
  i += DEVICE.length;
  while (i < line.length && line.charCodeAt(i) !== 0x20) i++; // hwtype number
  const macMatch = HEX.exec(line.slice(i + 1, i + 64));
  const mac = macMatch ? normaliseMac(macMatch[0]) : undefined;
  if (mac === undefined) return undefined;
  i += 1 + macMatch![0].length;
  const found: { -readonly [K in keyof FoundLease]: FoundLease[K] } = { ip, mac };
  if (line.startsWith(', client-id: ', i)) {
    i += 13;
    const cid = HEX.exec(line.slice(i, i + 800));
    if (cid === null) return leaseEvent(line, found, source, time, 'kea');
    i += cid[0].length;
    // Skip exactly the printable rendering Kea adds, whatever it contains.
    const shown = ` (${decodeAgentId(cid[0])})`;
    if (line.startsWith(shown, i)) i += shown.length;
  }
  const RELAY = ' connected via relay at address: ';
  if (line.startsWith(RELAY, i)) {
    i += RELAY.length;
    let end = i;
    while (end < line.length && line.charCodeAt(end) !== 0x2c /* , */ && line.charCodeAt(end) !== 0x20) end++;
    found.relay = [i, end];
    const CIRCUIT = ', identified by circuit-id: ';
    if (line.startsWith(CIRCUIT, end)) {
      const hex = HEX.exec(line.slice(end + CIRCUIT.length, end + CIRCUIT.length + 800));
      const circuitId = hex ? decodeAgentId(hex[0]) : undefined;
      if (circuitId !== undefined) found.circuitId = circuitId;
    }
  }
  return leaseEvent(line, found, source, time, 'kea');
}
