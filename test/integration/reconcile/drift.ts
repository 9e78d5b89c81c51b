/**
 * Drift written as an engineer would cause it by hand on an S3900 access switch of the
 * example: a few access ports lost their VLAN, the SNMP location changed, a stray NTP
 * server appeared. Pure text edits of the baseline, independent of the config engine.
 */
export function driftAccessSwitch(baseline: string, ports = 8): string {
  const out: string[] = [];
  let inPort = 0;
  for (const line of baseline.split('\n')) {
    const m = /^interface ethernet 1\/(\d+)$/.exec(line);
    if (m) inPort = Number(m[1]);
    else if (!line.startsWith(' ')) inPort = 0;
    if (inPort >= 1 && inPort <= ports && /^ switchport access vlan \d+$/.test(line)) continue;
    if (/^snmp-server location /.test(line)) {
      out.push('snmp-server location old-closet');
      continue;
    }
    out.push(line);
  }
  // Typed after the existing servers, so the switch lists it last.
  const last = out.findLastIndex((l) => l.startsWith('ntp server'));
  out.splice(last < 0 ? out.length - 1 : last + 1, 0, 'ntp server 192.0.2.99');
  return out.join('\n');
}
