/**
 * MD5-crypt (`$1$salt$hash`, as `openssl passwd -1` makes it): the hash format of FSOS
 * `secret 5` / `password 7` and IOS `secret 5` account lines. The simulator verifies
 * logins against it, so an account a config creates can log in at the next session.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function md5(...parts: Buffer[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

function to64(value: number, chars: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < chars; i++) {
    out += ITOA64[v & 0x3f];
    v >>>= 6;
  }
  return out;
}

/** The MD5-crypt hash of `password` with `salt` (at most 8 characters are used). */
export function md5Crypt(password: string, salt: string): string {
  const magic = Buffer.from('$1$');
  const pw = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.replace(/^\$1\$/, '').split('$')[0]!.slice(0, 8), 'utf8');

  const alt = md5(pw, s, pw);
  const ctx: Buffer[] = [pw, magic, s];
  for (let left = pw.length; left > 0; left -= 16) ctx.push(alt.subarray(0, Math.min(16, left)));
  // The "weird" bit loop of the original FreeBSD code: a NUL byte for a set bit, the
  // first password byte for a clear one.
  for (let i = pw.length; i > 0; i >>>= 1) ctx.push(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  let final = md5(...ctx);

  // 1000 rounds to slow down brute force, as the format prescribes.
  for (let i = 0; i < 1000; i++) {
    const parts: Buffer[] = [];
    parts.push(i & 1 ? pw : final);
    if (i % 3) parts.push(s);
    if (i % 7) parts.push(pw);
    parts.push(i & 1 ? final : pw);
    final = md5(...parts);
  }

  const b = final;
  const enc =
    to64((b[0]! << 16) | (b[6]! << 8) | b[12]!, 4) +
    to64((b[1]! << 16) | (b[7]! << 8) | b[13]!, 4) +
    to64((b[2]! << 16) | (b[8]! << 8) | b[14]!, 4) +
    to64((b[3]! << 16) | (b[9]! << 8) | b[15]!, 4) +
    to64((b[4]! << 16) | (b[10]! << 8) | b[5]!, 4) +
    to64(b[11]!, 2);
  return `$1$${s.toString('utf8')}$${enc}`;
}

/** True when `hash` looks like an MD5-crypt string. */
export function isMd5CryptHash(hash: string): boolean {
  return /^\$1\$[^$]{0,8}\$[./0-9A-Za-z]{22}$/.test(hash);
}

/** Checks `password` against an MD5-crypt `hash`, in constant time for equal lengths. */
export function verifyMd5Crypt(password: string, hash: string): boolean {
  if (!isMd5CryptHash(hash)) return false;
  const salt = hash.split('$')[2] ?? '';
  const a = Buffer.from(md5Crypt(password, salt));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A salt derived from `seed`: clear passwords typed into a simulated switch are stored
 * hashed (as `service password-encryption` would), and a deterministic salt keeps the
 * printed running config stable across runs.
 */
export function saltFor(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < 8; i++) out += ITOA64[digest[i]! & 0x3f];
  return out;
}
