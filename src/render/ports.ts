/**
 * Port ranges: `eth-0-1..24` (S5850), `ethernet 1/1..24` (S3900),
 * `GigabitEthernet0/1..8` (IOS): the last number before `..` counts up to the number
 * after it. Several ranges may be given as a list or separated by commas.
 */

const MAX_PORTS = 4096;

/** Expands port range specs into port names, in the order written. */
export function portRange(spec: unknown): string[] {
  const out: string[] = [];
  const specs = Array.isArray(spec) ? spec : [spec];
  for (const s of specs) {
    if (typeof s !== 'string') throw new Error(`${JSON.stringify(s)} is not a port range (write e.g. eth-0-1..24)`);
    for (const part of s.split(',')) {
      const p = part.trim();
      if (p === '') continue;
      const m = /^(.*?)(\d+)\.\.(\d+)$/.exec(p);
      if (!m) {
        if (p.includes('..')) throw new Error(`"${p}" is not a port range (write e.g. eth-0-1..24)`);
        out.push(p);
        continue;
      }
      const [, prefix, a, b] = m;
      const from = Number(a);
      const to = Number(b);
      if (from > to) throw new Error(`port range "${p}" runs backwards`);
      if (to - from + out.length >= MAX_PORTS) throw new Error(`port range "${p}" is too long`);
      for (let n = from; n <= to; n++) out.push(`${prefix}${n}`);
    }
  }
  return out;
}
