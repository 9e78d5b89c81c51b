/**
 * ISC dhcpd lines (4.4; docs/platforms.md, DHCP servers):
 *   `Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (FS-S5850-SRV) via veth-srv`
 * with the `(HOST)` part absent when the client sent no hostname, `via` naming the
 * interface or, behind a relay, the relay's address; `dhcpd -d` prints the bare message.
 *
 * dhcpd never logs option 82. The documented `log()` statement (docs/watch.md) adds
 *   `dhcpd[10257]: switchyard-option82 mac=aa:bb:cc:dd:ee:1 circuit-id-hex=46:53:2d:…`
 * whose MAC has dropped leading zeros (binary-to-ascii) and whose circuit-id is hex so
 * that any bytes a relay sends survive syslog.
 */
import { normaliseMac } from '../inventory/index.js';
import { leaseEvent, type Span } from './parse-fields.js';
import type { LeaseEvent } from './types.js';
import { canonicalMac, decodeAgentId } from './values.js';

/** The marker of the option 82 line written by the documented dhcpd.conf `log()` statement. */
export const OPTION82_TAG = 'switchyard-option82 ';

/** A circuit-id learnt from the option 82 log line, to be joined to the ACK by MAC. */
export interface Option82Record {
  readonly mac: string;
  readonly circuitId: string;
}

const ACK_ON = 'DHCPACK on ';

/**
 * Parses the message (starting at `at`) of a dhcpd ACK line; `undefined` if it is none. The
 * address is whatever stands between `DHCPACK on ` and ` to `: an address no lease can be
 * for still makes an event (marked invalid), so that the line gets its decision.
 */
export function parseDhcpdAck(line: string, at: number, source: string, time: number): LeaseEvent | undefined {
  // `DHCPACK to IP (MAC) via IFACE` answers a DHCPINFORM: no lease was granted.
  if (!line.startsWith(ACK_ON, at)) return undefined;
  const ipStart = at + ACK_ON.length;
  const ipEnd = line.indexOf(' ', ipStart);
  if (ipEnd <= ipStart || !line.startsWith(' to ', ipEnd)) return undefined;
  let i = ipEnd + 4;
  const macEnd = line.indexOf(' ', i);
  if (macEnd === -1) return undefined;
  const mac = canonicalMac(line.slice(i, macEnd), normaliseMac);
  if (mac === undefined) return undefined;
  i = macEnd + 1;
  let hostname: Span | undefined;
  let via: Span;
  if (line.charCodeAt(i) === 0x28 /* ( */) {
    // The hostname is the client's text and may itself contain ") via ": the real
    // `via` is the last one on the line.
    const close = line.lastIndexOf(') via ');
    if (close < i) return undefined;
    hostname = [i + 1, close];
    via = [close + 6, line.length];
  } else if (line.startsWith('via ', i)) {
    via = [i + 4, line.length];
  } else {
    return undefined;
  }
  return leaseEvent(line, { ip: [ipStart, ipEnd], mac, ...(hostname ? { hostname } : {}), via }, source, time, 'dhcpd');
}

const OPTION82 = /^mac=([0-9a-fA-F:]{11,17}) circuit-id-hex=([0-9a-fA-F:]{1,767})\s*$/;

/** Parses the message (starting at `at`) of the option 82 log line; strict, hex only. */
export function parseOption82(line: string, at: number): Option82Record | undefined {
  if (!line.startsWith(OPTION82_TAG, at)) return undefined;
  const m = OPTION82.exec(line.slice(at + OPTION82_TAG.length));
  if (m === null) return undefined;
  const mac = normaliseMac(m[1]!);
  const circuitId = decodeAgentId(m[2]!);
  if (mac === undefined || circuitId === undefined) return undefined;
  return { mac, circuitId };
}
