/**
 * IPv4 helpers for templates: a CIDR such as `10.10.0.2/24` (or a bare address, or a
 * prefix length) into the pieces each dialect prints: S5850 wants `10.10.0.2/24`, S3900
 * and IOS want `10.10.0.2 255.255.255.0`, IOS ACLs a wildcard `0.0.0.255`.
 */

interface Cidr {
  readonly addr: number;
  readonly len: number;
}

/** The address part of a CIDR (`10.10.0.2/24` → `10.10.0.2`). */
export function ipAddr(cidr: unknown): string {
  return toDotted(parseCidr(cidr, true).addr);
}

/** The prefix length (`10.10.0.2/24` → 24). */
export function prefixLen(cidr: unknown): number {
  return parseCidr(cidr, false).len;
}

/** The netmask of a CIDR or of a prefix length (`24` → `255.255.255.0`). */
export function netmask(cidrOrLen: unknown): string {
  return toDotted(maskOf(lenOf(cidrOrLen)));
}

/** The inverse mask (`24` → `0.0.0.255`), as IOS ACLs write it. */
export function wildcard(cidrOrLen: unknown): string {
  return toDotted(~maskOf(lenOf(cidrOrLen)) >>> 0);
}

/** The network address (`10.10.0.2/24` → `10.10.0.0`). */
export function network(cidr: unknown): string {
  const c = parseCidr(cidr, false);
  return toDotted((c.addr & maskOf(c.len)) >>> 0);
}

/** Joins an address and a prefix length into a CIDR (`10.10.0.2`, 24 → `10.10.0.2/24`). */
export function cidr(addr: unknown, len: unknown): string {
  return `${ipAddr(addr)}/${lenOf(len)}`;
}

function lenOf(v: unknown): number {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const n = Number(v);
    if (n >= 0 && n <= 32) return n;
    throw new Error(`prefix length ${String(v)} is out of range (0-32)`);
  }
  return parseCidr(v, false).len;
}

function parseCidr(v: unknown, lenOptional: boolean): Cidr {
  if (typeof v !== 'string') throw new Error(`${JSON.stringify(v)} is not an IPv4 address`);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(v.trim());
  const octets = m ? [m[1], m[2], m[3], m[4]].map(Number) : [];
  if (!m || octets.some((o) => o > 255) || (m[5] !== undefined && Number(m[5]) > 32)) {
    throw new Error(`"${v}" is not an IPv4 address${lenOptional ? '' : ' with a prefix length'} (write e.g. 10.10.0.2/24)`);
  }
  if (m[5] === undefined && !lenOptional) throw new Error(`"${v}" has no prefix length (write e.g. 10.10.0.2/24)`);
  const addr = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  return { addr, len: m[5] === undefined ? 32 : Number(m[5]) };
}

function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

function toDotted(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
