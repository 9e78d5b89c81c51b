/**
 * Small value conversions the parsers, hooks and rules share: option 82 ids as the DHCP
 * servers print them, durations as rules spell them, and the cut applied to untrusted text.
 */

/** Longest line (characters) kept from a log; longer lines are cut before any regex runs. */
export const MAX_LINE = 4096;

/** Longest hostname kept from an event (DHCP option 12 allows 255 bytes). */
export const MAX_HOSTNAME = 255;

const HEX_COLON = /^[0-9a-f]{1,2}(?::[0-9a-f]{1,2})*$/i;
const HEX_0X = /^0x((?:[0-9a-f]{2})+)$/i;

/**
 * An option 82 sub-option as a server hands it over: Kea `0x766574…`, dhcpd
 * `binary-to-ascii(16, 8, ":", …)` (`76:65:74`, leading zeros dropped: `0:4:…`), dnsmasq
 * colon hex, or plain text. Returns the text when every byte is printable ASCII (what a
 * relay configured with a port name sends, and what inventories write), else the bytes as
 * lower-case two-digit colon hex. `undefined` for an empty value.
 */
export function decodeAgentId(raw: string): string | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  let bytes: number[] | undefined;
  const ox = HEX_0X.exec(s);
  if (ox) bytes = ox[1]!.match(/../g)!.map((h) => parseInt(h, 16));
  else if (HEX_COLON.test(s) && s.includes(':')) bytes = s.split(':').map((h) => parseInt(h, 16));
  if (bytes === undefined) return s;
  if (bytes.every((b) => b >= 0x20 && b < 0x7f)) return String.fromCharCode(...bytes);
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration as rules write it: `10m`, `30s`, `1h`, `500ms`, `2d`, or a bare number of
 * seconds (SEC's `window=`). Returns milliseconds, or `undefined` when unreadable.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const m = DURATION.exec(value.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 's']!);
}

/** Cuts `text` to `max` characters (untrusted input must not grow memory or regex time). */
export function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** A dotted IPv4 address (each part 0–255). Runs per DHCPACK line, hence no split(). */
export function isIpv4(text: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 0x2e : text.charCodeAt(i);
    if (c === 0x2e /* . */) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else return false;
  }
  return parts === 4;
}

/**
 * A MAC in the form the servers mostly print (`aa:bb:cc:dd:ee:01`) is taken as it is; any
 * other spelling goes through the inventory's normaliseMac. Runs per DHCPACK line.
 */
export function canonicalMac(text: string, normalise: (s: string) => string | undefined): string | undefined {
  if (text.length === 17) {
    let ok = true;
    for (let i = 0; i < 17 && ok; i++) {
      const c = text.charCodeAt(i);
      ok = i % 3 === 2 ? c === 0x3a : (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
    }
    if (ok) return text;
  }
  return normalise(text);
}
