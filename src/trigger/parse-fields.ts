/**
 * From the fields a log parser found to the lease event: every field cleaned and cut on
 * its own (a 10 kB hostname loses its tail, never the line's ` via eth0`), the addresses
 * checked, and the line rebuilt around the kept fields so that raw-line rules see exactly
 * what the fields say. The parsers find; this decides what is kept.
 */
import type { DhcpServer, LeaseEvent } from './types.js';
import { cleanField, eventLine, ipv4Problem, isPlain, looksLikeIpv4, MAX_ADDRESS_TEXT, MAX_HOSTNAME, MAX_IFACE, MAX_LINE, quoted, type FieldText } from './values.js';

/** A field's place in the line: `[start, end)`. */
export type Span = readonly [start: number, end: number];

/** What a parser found in a lease line. */
export interface FoundLease {
  readonly ip: Span;
  /** Already canonical. */
  readonly mac: string;
  readonly hostname?: Span;
  /** dhcpd's `via`: the relay when it reads as an address, else the server's interface. */
  readonly via?: Span;
  readonly iface?: Span;
  /** A relay address; ignored unless it reads as one. */
  readonly relay?: Span;
  /** Decoded from hex, hence printable or colon hex. */
  readonly circuitId?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The lease event of `line` from what a parser found in it. */
export function leaseEvent(line: string, found: FoundLease, source: string, time: number, server: DhcpServer): LeaseEvent {
  const kept = new Kept(line);
  const event: Mutable<LeaseEvent> = { line, type: 'DHCPACK', ip: kept.address(found.ip, 'lease address'), mac: found.mac, time, source, server };
  if (found.iface) kept.name(event, 'iface', found.iface, MAX_IFACE);
  if (found.hostname) kept.name(event, 'hostname', found.hostname, MAX_HOSTNAME);
  if (found.via) kept.via(event, found.via, true);
  if (found.relay) kept.via(event, found.relay, false);
  if (found.circuitId !== undefined) {
    const circuitId = cleanField(found.circuitId, MAX_HOSTNAME);
    if (circuitId !== '') event.circuitId = circuitId;
  }
  // Real lease lines are short printable ASCII with nothing to cut: they stay as read.
  if (kept.changed) event.line = eventLine(line, kept.fields.sort((a, b) => a.start - b.start));
  if (kept.problems !== undefined) event.invalid = kept.problems.join('; ');
  return event;
}

/** The fields taken from one line, and whether the line must be rebuilt around them. */
class Kept {
  readonly fields: FieldText[] = [];
  changed: boolean;
  problems: string[] | undefined;
  private readonly plain: boolean;

  constructor(private readonly line: string) {
    this.plain = line.length <= MAX_LINE && isPlain(line);
    this.changed = !this.plain;
  }

  /** The text kept for a field: as it is in a plain line when short and untrimmed, else cleaned and cut. */
  text(span: Span, max: number, raw = this.line.slice(span[0], span[1])): string {
    const text = this.plain && raw.length <= max && raw.charCodeAt(0) !== 0x20 && raw.charCodeAt(raw.length - 1) !== 0x20 ? raw : cleanField(raw, max);
    if (text !== raw) this.changed = true;
    this.fields.push({ start: span[0], end: span[1], text });
    return text;
  }

  /** An address field, checked: a problem marks the event invalid. */
  address(span: Span, what: string): string {
    const raw = this.line.slice(span[0], span[1]);
    const problem = ipv4Problem(raw);
    if (problem !== undefined) (this.problems ??= []).push(`${what} ${quoted(raw)} ${problem}`);
    return this.text(span, MAX_ADDRESS_TEXT, raw);
  }

  /** A name field (hostname, interface), set when not empty. */
  name(event: Mutable<LeaseEvent>, key: 'hostname' | 'iface', span: Span, max: number): void {
    const text = this.text(span, max);
    if (text !== '') event[key] = text;
  }

  /** dhcpd's `via` (a relay address or an interface) or Kea's relay (an address or nothing). */
  via(event: Mutable<LeaseEvent>, span: Span, orIface: boolean): void {
    // A trailing blank is not part of the value (dhcpd lines may end in one).
    let end = span[1];
    while (end > span[0] && this.line.charCodeAt(end - 1) === 0x20) end--;
    if (end === span[0]) return;
    if (looksLikeIpv4(this.line.slice(span[0], end))) event.relay = this.address([span[0], end], 'relay address');
    else if (orIface) this.name(event, 'iface', [span[0], end], MAX_IFACE);
  }
}
