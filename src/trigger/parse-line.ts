/**
 * One entry point for every log line, whatever server wrote it: the format is detected
 * per line. Most lines of a DHCP log are not lease grants, so a line is first checked for
 * a cheap substring and only then parsed; the option 82 line of dhcpd is remembered and
 * joined to the ACK that follows it for the same MAC.
 */
import { lineHeader } from './line-header.js';
import { parseLogTime } from './log-time.js';
import { OPTION82_TAG, parseDhcpdAck, parseOption82, type Option82Record } from './parse-dhcpd.js';
import { parseDnsmasqAck } from './parse-dnsmasq.js';
import { parseKeaAlloc, parseKeaLegal } from './parse-kea.js';
import type { LeaseEvent } from './types.js';

/**
 * Substrings of which every line that can matter contains at least one. Readers scan raw
 * bytes for these and never decode the other lines.
 */
export const LINE_KEYWORDS: readonly string[] = ['DHCPACK', 'has been ', OPTION82_TAG];

/** What a line turned out to be. */
type ParsedLine = { readonly kind: 'lease'; readonly event: LeaseEvent } | { readonly kind: 'option82'; readonly record: Option82Record; readonly time: number };

/**
 * Parses one line. `now` is the time it was read; `time` the timestamp a syslog header
 * already gave (else the line's own leading timestamp is used, else `now`). The whole line
 * is parsed (by scans and anchored expressions, linear in its length); the fields are cut
 * afterwards, each on its own, and the event's line with them (parse-fields.ts). Cutting
 * the line first would cut a 10 kB hostname's ` via eth0` and leave the lease undecided.
 */
export function parseLine(line: string, source: string, now: number, time?: number): ParsedLine | undefined {
  if (line.includes('DHCPACK')) {
    const at = lineHeader(line).messageStart;
    const t = time ?? parseLogTime(line, now) ?? now;
    const event = line.startsWith('DHCPACK on ', at) ? parseDhcpdAck(line, at, source, t) : parseDnsmasqAck(line, at, source, t);
    return event === undefined ? undefined : { kind: 'lease', event };
  }
  if (line.includes('has been ')) {
    const t = time ?? parseLogTime(line, now) ?? now;
    const event = line.includes('DHCP4_LEASE_ALLOC') ? parseKeaAlloc(line, source, t) : parseKeaLegal(line, source, t);
    return event === undefined ? undefined : { kind: 'lease', event };
  }
  if (line.includes(OPTION82_TAG)) {
    const header = lineHeader(line);
    // Only dhcpd itself (or its bare stderr) may speak for option 82.
    if (header.tag !== '' && header.tag !== 'dhcpd') return undefined;
    const record = parseOption82(line, header.messageStart);
    return record === undefined ? undefined : { kind: 'option82', record, time: time ?? parseLogTime(line, now) ?? now };
  }
  return undefined;
}

/** How long (ms of log time) a circuit-id from an option 82 line waits for its ACK. */
const OPTION82_TTL_MS = 120_000;
const OPTION82_MAX = 10_000;

/** A remembered option 82 record, serialisable with the saved read positions. */
export interface Option82Entry {
  readonly mac: string;
  readonly circuitId: string;
  readonly time: number;
}

/**
 * Turns lines into lease events, joining dhcpd's option 82 lines to the ACK of the same
 * MAC. The join is by MAC within OPTION82_TTL_MS: dhcpd evaluates the `log()` statement
 * while building the reply, so the option line precedes its ACK.
 */
export class LeaseReader {
  private readonly option82 = new Map<string, Option82Entry>();

  constructor(entries: readonly Option82Entry[] = []) {
    for (const e of entries) this.option82.set(e.mac, e);
  }

  /** The lease event of `line`, or `undefined` when it is none. */
  read(raw: string, source: string, now: number, time?: number): LeaseEvent | undefined {
    const parsed = parseLine(raw, source, now, time);
    if (parsed === undefined) return undefined;
    if (parsed.kind === 'option82') {
      this.remember({ ...parsed.record, time: parsed.time });
      return undefined;
    }
    const event = parsed.event;
    if (event.circuitId !== undefined) return event;
    const known = this.option82.get(event.mac);
    if (known === undefined || Math.abs(event.time - known.time) > OPTION82_TTL_MS) return event;
    return { ...event, circuitId: known.circuitId };
  }

  /** Adds an entry (also used by hook events that carry option 82). */
  remember(entry: Option82Entry): void {
    this.option82.delete(entry.mac);
    this.option82.set(entry.mac, entry);
    if (this.option82.size > OPTION82_MAX) {
      const oldest = this.option82.keys().next();
      if (!oldest.done) this.option82.delete(oldest.value);
    }
  }

  /** Entries still young enough to matter at `now` (saved with the read positions). */
  entries(now: number): Option82Entry[] {
    return [...this.option82.values()].filter((e) => now - e.time <= OPTION82_TTL_MS);
  }
}
