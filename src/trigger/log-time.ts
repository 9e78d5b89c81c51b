/**
 * The timestamp at the start of a log line, in the forms DHCP servers' logs use:
 * traditional syslog `Nov 27 20:50:41` (no year), rsyslog's ISO form
 * `2026-11-27T20:50:41.123456+00:00`, and Kea's `2026-11-27 21:55:42.660` (local time).
 */

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

const TRADITIONAL = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?/;

// A log has many lines per second: the last timestamp text and its value are remembered.
let lastText = '';
let lastNowDay = -1;
let lastValue: number | undefined;

/** Milliseconds since the epoch of the line's leading timestamp, or `undefined` when it has none. */
export function parseLogTime(line: string, now: number): number | undefined {
  const head = line.slice(0, 15);
  const day = Math.floor(now / 86_400_000);
  if (head === lastText && day === lastNowDay && line.charCodeAt(15) === 0x20) return lastValue;
  const value = parseTime(line, now);
  lastText = head;
  lastNowDay = day;
  lastValue = value;
  return value;
}

function parseTime(line: string, now: number): number | undefined {
  const c = line.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return parseIso(line);
  const m = TRADITIONAL.exec(line);
  if (!m) return undefined;
  const month = MONTHS[m[1]!];
  if (month === undefined) return undefined;
  // RFC 3164 has no year. Take the current one, unless that puts the line more than a
  // day in the future: then it was written last year (a December log read in January).
  const year = new Date(now).getFullYear();
  let t = new Date(year, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
  if (t > now + 86_400_000) t = new Date(year - 1, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
  return t;
}

function parseIso(line: string): number | undefined {
  const m = ISO.exec(line);
  if (!m) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const zone = m[8];
  if (zone === undefined) return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone === 'Z') return utc;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  return utc - sign * offset;
}
