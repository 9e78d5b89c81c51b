/**
 * MAC addresses as people and devices write them: `64:9d:99:00:00:01`, `64-9D-99-…`
 * (S3900 `show system`), `649d.9900.0001` (Cisco), `0:c:29:…` (ISC dhcpd drops leading
 * zeros). Stored and compared in one form: lower-case, colon-separated, two digits each.
 */

const SEPARATED = /^([0-9a-f]{1,2})([:-])([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})$/i;
const DOTTED = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i;
const BARE = /^[0-9a-f]{12}$/i;

/** Returns the canonical `aa:bb:cc:dd:ee:ff` form, or `undefined` if `text` is not a MAC address. */
export function normaliseMac(text: string): string | undefined {
  const s = text.trim();
  let hex: string;
  const sep = SEPARATED.exec(s);
  if (sep) {
    hex = [sep[1], sep[3], sep[4], sep[5], sep[6], sep[7]].map((o) => o!.padStart(2, '0')).join('');
  } else {
    const dot = DOTTED.exec(s);
    if (dot) hex = dot[1]! + dot[2]! + dot[3]!;
    else if (BARE.test(s)) hex = s;
    else return undefined;
  }
  hex = hex.toLowerCase();
  return hex.match(/../g)!.join(':');
}
