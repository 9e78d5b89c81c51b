/**
 * VLAN lists as switches write them. A running config prints a collapsed list
 * (`vlan range 10,20,30-32`, `switchport trunk allowed vlan add 10,20`); templates build
 * them from the inventory's VLAN map or a list.
 */

/** Parses a VLAN list: numbers, `10,20,30-32` strings, lists of either, or a map keyed by VLAN id. */
export function vlanExpand(value: unknown): number[] {
  const out = new Set<number>();
  add(value, out);
  return [...out].sort((a, b) => a - b);
}

/**
 * Collapses VLANs into the printed form: sorted, unique, runs of three or more as
 * `a-b`, two neighbours listed apart (`10,11`), as IOS prints them.
 */
export function vlanList(value: unknown): string {
  const ids = vlanExpand(value);
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${ids[i]}-${ids[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(ids[k]));
    i = j + 1;
  }
  return parts.join(',');
}

function add(value: unknown, out: Set<number>): void {
  if (value === undefined || value === null || value === '') return;
  if (typeof value === 'number') {
    out.add(checkId(value, String(value)));
  } else if (typeof value === 'string') {
    for (const part of value.split(',')) {
      const p = part.trim();
      if (p === '') continue;
      const m = /^(\d+)\s*-\s*(\d+)$/.exec(p);
      if (m) {
        const from = checkId(Number(m[1]), p);
        const to = checkId(Number(m[2]), p);
        if (from > to) throw new Error(`VLAN range "${p}" runs backwards`);
        for (let v = from; v <= to; v++) out.add(v);
      } else if (/^\d+$/.test(p)) {
        out.add(checkId(Number(p), p));
      } else {
        throw new Error(`"${p}" is not a VLAN number or range`);
      }
    }
  } else if (Array.isArray(value)) {
    for (const v of value) add(v, out);
  } else if (typeof value === 'object') {
    // A VLAN map (`vlans: { 10: { name: mgmt } }`): the keys are the VLAN ids.
    for (const k of Object.keys(value)) add(k, out);
  } else {
    throw new Error(`${JSON.stringify(value)} is not a VLAN list`);
  }
}

function checkId(id: number, text: string): number {
  if (!Number.isInteger(id) || id < 1 || id > 4094) throw new Error(`VLAN "${text}" is out of range (1-4094)`);
  return id;
}
