/**
 * Small value conversions the parsers, hooks and rules share: option 82 ids as the DHCP
 * servers print them, durations as rules spell them, and what is done to untrusted text
 * (cleaned, cut) and to addresses (checked) before anything matches or acts on them.
 */
import { safeText } from '../util/safe-text.js';

/** Longest line (characters) an event carries; a longer line is cut after its fields are taken. */
export const MAX_LINE = 4096;

/** Longest hostname kept from an event (DHCP option 12 allows 255 bytes). */
export const MAX_HOSTNAME = 255;

/** Longest interface name kept (Linux allows 15 characters). */
export const MAX_IFACE = 64;

/** Longest address text kept in an event (an IPv4 address has at most 15 characters). */
export const MAX_ADDRESS_TEXT = 64;

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

/**
 * Cuts `text` to `max` characters (never inside a surrogate pair) and says how much was
 * left out, `dropped` characters more included: `BBB…(+9745 chars)`.
 */
function cutText(text: string, max: number, dropped = 0): string {
  let keep = Math.min(text.length, max);
  if (keep < text.length && keep > 0) {
    const c = text.charCodeAt(keep - 1);
    if (c >= 0xd800 && c <= 0xdbff) keep--;
  }
  const left = text.length - keep + dropped;
  return left === 0 ? text : `${text.slice(0, keep)}…(+${left} chars)`;
}

/**
 * Where the first character is that ends a line or a string for some reader of a log: NUL
 * (C strings), LF, VT, FF, CR, the file/group/record separators, NEL, U+2028 and U+2029
 * (the line boundaries of Python's splitlines, JavaScript and Unicode); -1 if none.
 */
function lineEnd(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || (c >= 0x0a && c <= 0x0d) || (c >= 0x1c && c <= 0x1e) || c === 0x85 || c === 0x2028 || c === 0x2029) return i;
  }
  return -1;
}

/**
 * What cannot be seen: controls, format characters (zero-width, joiners, direction
 * overrides, soft hyphen, BOM), other default-ignorable code points (variation selectors,
 * Hangul fillers, tags), line and paragraph separators, lone surrogates.
 */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

/** Printable ASCII only: the text every real lease line is made of, and the fast path. */
export function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * An untrusted field (hostname, interface, circuit-id, address text) as events carry it: one
 * visible line, read the way it reads. A line end ends the field: what follows would be
 * another line to any reader that splits lines, and a rule must not match it (a hostname
 * `Switch\nDHCPACK on … (FS-S3900-ACC2) via x` is `Switch…(+63 chars)`). Characters that
 * cannot be seen are removed (`Switch\u200b` is `Switch`, so what a rule or the spoof check
 * compares is what a person reads). Trimmed, then cut to `max` characters with a marker.
 */
export function cleanField(raw: string, max: number): string {
  const text = raw.trim();
  if (text.length <= max && isPlain(text)) return text;
  const end = lineEnd(text);
  const head = end === -1 ? text : text.slice(0, end);
  return cutText(head.replace(UNSEEN, '').trim(), max, text.length - head.length);
}

/** The parts of a lease line between its fields (the server's own text): what cannot be seen is removed. */
function cleanRest(text: string): string {
  return isPlain(text) ? text : text.replace(UNSEEN, '');
}

/** Where a field is in a line (`start`, `end`) and the text kept for it. */
export interface FieldText {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The line an event carries: `line` with each field (in order, not overlapping) replaced by
 * its kept text and the rest cleaned, cut to MAX_LINE with a marker. A 10 kB hostname is
 * cut inside its parentheses, so the line keeps its ` via eth0` and rules see what the
 * fields say.
 */
export function eventLine(line: string, fields: readonly FieldText[]): string {
  let out = '';
  let pos = 0;
  for (const f of fields) {
    out += cleanRest(line.slice(pos, f.start)) + f.text;
    pos = f.end;
  }
  return cutText(out + cleanRest(line.slice(pos)), MAX_LINE);
}

/** `"text"` for a reason, escaped and cut (it may be anything a client or a log wrote). */
export function quoted(text: string): string {
  return `"${safeText(text, MAX_ADDRESS_TEXT)}"`;
}

/** Four groups of digits: what a log writes where it means an address (dhcpd's `via` is an address or a name). */
export function looksLikeIpv4(text: string): boolean {
  return /^\d{1,12}\.\d{1,12}\.\d{1,12}\.\d{1,12}$/.test(text);
}

/**
 * Why `text` is not an address a lease may be for, or `undefined` when it is one: a dotted
 * quad in canonical form, unicast. A leading zero is refused because the C library
 * (inet_aton, behind ssh, ping and getaddrinfo) reads `010` as octal: `010.010.000.002` is
 * 8.8.0.2 there. Refused too: 0.0.0.0/8 ("this network"), multicast 224.0.0.0/4, reserved
 * 240.0.0.0/4 and broadcast 255.255.255.255. Loopback 127.0.0.0/8 is allowed (the lab and
 * tests run on it). Runs per DHCPACK line, hence a scan and no split().
 */
export function ipv4Problem(text: string): string | undefined {
  let parts = 0;
  let digits = 0;
  let value = 0;
  let first = 0;
  let all255 = true;
  let leadingZero = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 0x2e : text.charCodeAt(i);
    if (c === 0x2e /* . */) {
      if (digits === 0 || digits > 3 || value > 255 || parts === 4) return 'is not an IPv4 address';
      if (digits > 1 && text.charCodeAt(i - digits) === 0x30) leadingZero = true;
      if (parts++ === 0) first = value;
      if (value !== 255) all255 = false;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      digits++;
      value = value * 10 + (c - 0x30);
    } else return 'is not an IPv4 address';
  }
  if (parts !== 4) return 'is not an IPv4 address';
  if (leadingZero) return leadingZeroProblem(text);
  if (first === 0) return 'is in 0.0.0.0/8 ("this network"), never the address of a host';
  if (first >= 224 && first < 240) return 'is a multicast address (224.0.0.0/4)';
  if (all255) return 'is the broadcast address';
  if (first >= 240) return 'is reserved (240.0.0.0/4)';
  return undefined;
}

/** What a dotted quad with leading zeros means: decimal to a person, octal to inet_aton (which refuses an 8 or 9 after a 0). */
function leadingZeroProblem(text: string): string {
  const parts = text.split('.');
  const decimal = parts.map((p) => Number(p)).join('.');
  const octal = parts.every((p) => !p.startsWith('0') || /^[0-7]+$/.test(p)) ? parts.map((p) => (p.startsWith('0') ? parseInt(p, 8) : Number(p))).join('.') : undefined;
  return octal === undefined
    ? `has a leading zero: not an address in canonical form (${decimal} was probably meant)`
    : `has a leading zero, which the C library's resolver (ssh, ping) reads as octal: ${octal}, not ${decimal}`;
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
