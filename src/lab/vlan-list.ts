/**
 * VLAN id lists as switches type and print them: `10,20,30-32`. The simulator keeps
 * lists as sets and prints them collapsed, the way the devices do.
 */

/** Parses `10,20,30-32` into sorted unique ids; undefined when malformed or out of 1..4094. */
export function parseVlanList(text: string): number[] | undefined {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) return undefined;
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    const lo = Number(a);
    const hi = b === undefined ? lo : Number(b);
    if (lo < 1 || hi > 4094 || lo > hi) return undefined;
    for (let v = lo; v <= hi; v++) ids.add(v);
  }
  return [...ids].sort((x, y) => x - y);
}

/** Prints ids collapsed into ranges: `[10,20,30,31,32]` → `10,20,30-32`. */
export function collapseVlanList(ids: Iterable<number>): string {
  const sorted = [...new Set(ids)].sort((x, y) => x - y);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    // Two adjacent ids print as a range too (`30-31`), as Centec and Cisco both do.
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}
