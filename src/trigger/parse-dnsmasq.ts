/**
 * dnsmasq lines (2.90; docs/platforms.md, DHCP servers):
 *   `dnsmasq-dhcp[11581]: DHCPACK(veth-srv) 192.0.2.81 aa:bb:cc:dd:ee:01 FS-S5850-SRV`
 * optionally with a transaction id before `DHCPACK` (`--log-dhcp`), and ending in a space
 * when the client sent no hostname.
 */
import { normaliseMac } from '../inventory/index.js';
import { leaseEvent } from './parse-fields.js';
import type { LeaseEvent } from './types.js';
import { canonicalMac } from './values.js';

/** Parses the message (starting at `at`) of a dnsmasq ACK line; `undefined` if it is none. */
export function parseDnsmasqAck(line: string, at: number, source: string, time: number): LeaseEvent | undefined {
  let i = at;
  // Transaction id: digits and a space (dnsmasq --log-dhcp).
  let j = i;
  while (j < line.length && line.charCodeAt(j) >= 0x30 && line.charCodeAt(j) <= 0x39) j++;
  if (j > i && line.charCodeAt(j) === 0x20) i = j + 1;
  if (!line.startsWith('DHCPACK(', i)) return undefined;
  const ifaceEnd = line.indexOf(') ', i + 8);
  if (ifaceEnd === -1) return undefined;
  const iface = [i + 8, ifaceEnd] as const;
  i = ifaceEnd + 2;
  const ipEnd = line.indexOf(' ', i);
  if (ipEnd <= i) return undefined;
  const ip = [i, ipEnd] as const;
  i = ipEnd + 1;
  let macEnd = line.indexOf(' ', i);
  if (macEnd === -1) macEnd = line.length;
  const mac = canonicalMac(line.slice(i, macEnd), normaliseMac);
  if (mac === undefined) return undefined;
  // The rest of the line is the client's hostname (a lone space when it sent none).
  const hostname = macEnd < line.length ? { hostname: [macEnd + 1, line.length] as const } : {};
  return leaseEvent(line, { ip, mac, iface, ...hostname }, source, time, 'dnsmasq');
}
