/**
 * fast-check generators of plausible configs, written per platform the way each
 * device prints them (collapsed VLAN lists, sections, address-families). Drawn from a small
 * vocabulary so that two draws share most lines and differ in a few: the shape of drift.
 * References point at objects the same config defines, as on a real device.
 */
import fc from 'fast-check';
import type { PlatformName } from '../../../src/platforms/index.js';
import { goldenConfigs } from './goldens.js';

const pick = <T>(...xs: T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
const some = <T>(xs: readonly T[]): fc.Arbitrary<T[]> => fc.subarray([...xs]);

/** `10,20,30-32` as a switch prints a list. */
function collapsed(ns: readonly number[]): string {
  const s = [...new Set(ns)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === (s[j] as number) + 1) j++;
    out.push(j === i ? String(s[i]) : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

const VLANS = [10, 20, 30, 31, 32, 40];
const VLAN_NAMES = ['mgmt', 'servers', 'users', 'voice'];
const DESCRIPTIONS = ['uplink', 'server-1', 'printer', 'camera lobby'];
const HASHES = ['$1$sy4rd$X3XcBgPr7bQvTbOIFcSTn/', '$1$n3wsa$ZZZZZZZZZZZZZZZZZZZZZ/'];

interface Port {
  readonly description: string | undefined;
  readonly mode: 'none' | 'access' | 'trunk';
  readonly access: number;
  readonly trunk: number[];
  readonly shutdown: boolean;
  readonly speed: string | undefined;
}

const port = (vlans: readonly number[]): fc.Arbitrary<Port> =>
  fc.record({
    description: maybe(pick(...DESCRIPTIONS)),
    mode: pick<'none' | 'access' | 'trunk'>('none', 'access', 'trunk'),
    access: vlans.length ? pick(...vlans) : fc.constant(0),
    trunk: some(vlans),
    shutdown: fc.boolean(),
    speed: maybe(pick('100', '1000')),
  });

/** Port lines in a FSOS dialect (trunk lists as `add` lines, split at random). */
function fsosPortLines(p: Port, split: boolean): string[] {
  const out: string[] = [];
  if (p.description) out.push(` description ${p.description}`);
  if (p.mode === 'access' && p.access) out.push(' switchport mode access', ` switchport access vlan ${p.access}`);
  if (p.mode === 'trunk') {
    out.push(' switchport mode trunk');
    if (p.trunk.length && split) for (const v of p.trunk) out.push(` switchport trunk allowed vlan add ${v}`);
    else if (p.trunk.length) out.push(` switchport trunk allowed vlan add ${collapsed(p.trunk)}`);
  }
  if (p.shutdown) out.push(' shutdown');
  return out;
}

const vlanSet = fc.record({ ids: some(VLANS), names: fc.array(maybe(pick(...VLAN_NAMES)), { minLength: VLANS.length, maxLength: VLANS.length }) });

const portsOf = (ids: readonly number[], n: number): fc.Arbitrary<Port[]> => fc.array(port(ids), { minLength: n, maxLength: n });

/** FS S5850 (Centec-like). */
const fsosS5850Config: fc.Arbitrary<string> = vlanSet.chain((v) =>
  fc
    .record({
      hostname: pick('SW1', 'SW2'),
      users: some(['netops', 'backup']),
      hash: pick(...HASHES),
      stp: maybe(pick('4096', '8192')),
      location: maybe(pick('hq', 'branch')),
      ports: portsOf(v.ids, 4),
      split: fc.boolean(),
      svis: some(v.ids),
      svi: pick('1', '2'),
      acl: some([10, 20, 30]),
      aclText: pick('permit any any', 'deny any any'),
      bind: fc.boolean(),
    })
    .map((c) => {
      const out = ['Building configuration...', '!', 'version 7.2.2', '!', `hostname ${c.hostname}`];
      for (const u of c.users) out.push(`username ${u} privilege 4 secret 5 ${c.hash}`);
      if (v.ids.length) out.push(`vlan range ${collapsed(v.ids)}`);
      v.ids.forEach((id) => {
        const name = v.names[VLANS.indexOf(id)];
        if (name) out.push('!', `vlan ${id}`, ` name ${name}`);
      });
      if (c.stp) out.push(`spanning-tree priority ${c.stp}`);
      c.ports.forEach((p, i) => out.push('!', `interface eth-0-${i + 1}`, ...fsosPortLines(p, c.split)));
      for (const id of c.svis) {
        out.push('!', `interface vlan${id}`, ` ip address 10.${id}.0.${c.svi}/24`);
        if (c.bind && c.acl.length) out.push(' ip access-group MGMT-IN in');
      }
      if (c.location) out.push(`snmp-server location ${c.location}`);
      if (c.acl.length) out.push('!', 'ip access-list MGMT-IN', ...c.acl.map((s) => ` ${s} ${s === 10 ? 'permit tcp any any eq 22' : c.aclText}`));
      out.push('!', 'end');
      return out.join('\n');
    }),
);

/** FS S3900 (Edgecore-like). */
const fsosS3900Config: fc.Arbitrary<string> = vlanSet.chain((v) =>
  fc
    .record({
      hostname: pick('ACC1', 'ACC2'),
      users: some(['netops', 'guest']),
      hash: pick(...HASHES),
      privilege: pick('15', '0'),
      ports: portsOf(v.ids, 4),
      split: fc.boolean(),
      svi: maybe(pick('11', '12')),
      gateway: maybe(pick('10.10.0.1', '10.10.0.254')),
      lldp: maybe(pick('lldp enable', 'lldp enable rxonly')),
      acl: fc.array(pick('permit ip any any', 'deny ip any any', 'permit tcp any any destination-port 22'), { maxLength: 4 }),
      bind: fc.boolean(),
    })
    .map((c) => {
      const out = ['Building running configuration. Please wait...', '!<Version>0.0.2</Version>', '!', `hostname ${c.hostname}`];
      for (const u of c.users) out.push(`username ${u} privilege ${c.privilege}`, `username ${u} password 7 ${c.hash}`);
      out.push('!', 'vlan database', ' VLAN 1 name DefaultVlan media ethernet state active');
      v.ids.forEach((id) => {
        const name = v.names[VLANS.indexOf(id)];
        out.push(name ? ` VLAN ${id} name ${name} media ethernet` : ` VLAN ${id} media ethernet`);
      });
      c.ports.forEach((p, i) => {
        out.push('!', `interface ethernet 1/${i + 1}`, ...fsosPortLines(p, c.split));
        if (i === 0 && c.bind && c.acl.length) out.push(' ip access-group MGMT in');
      });
      if (c.svi && v.ids.includes(10)) out.push('!', 'interface vlan 10', ` ip address 10.10.0.${c.svi} 255.255.255.0`);
      if (c.gateway) out.push(`ip default-gateway ${c.gateway}`);
      if (c.lldp) out.push(c.lldp);
      if (c.acl.length) out.push('!', 'access-list ip extended MGMT', ...c.acl.map((a) => ` ${a}`));
      out.push('!', 'end');
      return out.join('\n');
    }),
);

/** Generic IOS. */
const iosConfig: fc.Arbitrary<string> = vlanSet.chain((v) =>
  fc
    .record({
      hostname: pick('SW1', 'SW2'),
      banner: fc.array(pick('Authorised access only.', '****************', 'Disconnect now.'), { maxLength: 4 }),
      ports: portsOf(v.ids, 4),
      svis: some(v.ids),
      acl: some([10, 20, 30]),
      aclText: pick('permit ip any any', 'deny ip any any'),
      std: fc.array(pick('remark ----', 'permit 10.10.0.0 0.0.0.255', 'deny any'), { maxLength: 4 }),
      bind: fc.boolean(),
      vty: fc.boolean(),
      prefixes: some([5, 10, 15]),
      pfxText: pick('10.0.0.0/8 le 24', '172.16.0.0/12'),
      neighbors: some(['10.0.0.2', '10.0.0.3']),
      asn: pick('65002', '65010'),
      nDesc: maybe(pick('isp', 'backup')),
      rmap: fc.boolean(),
      networks: some(['10.10.0.0 mask 255.255.255.0', '10.20.0.0 mask 255.255.255.0']),
      v6: fc.boolean(),
    })
    .map((c) => {
      const out = ['Building configuration...', '', 'Current configuration : 1234 bytes', '!', 'version 15.2', '!', `hostname ${c.hostname}`];
      if (c.banner.length) out.push('!', 'banner motd ^C', ...c.banner, '^C');
      v.ids.forEach((id) => {
        const name = v.names[VLANS.indexOf(id)];
        out.push('!', `vlan ${id}`, ...(name ? [` name ${name}`] : []));
      });
      c.ports.forEach((p, i) => {
        out.push('!', `interface GigabitEthernet0/${i + 1}`);
        if (p.description) out.push(` description ${p.description}`);
        if (p.mode === 'access' && p.access) out.push(` switchport access vlan ${p.access}`, ' switchport mode access');
        if (p.mode === 'trunk') out.push(...(p.trunk.length ? [` switchport trunk allowed vlan ${collapsed(p.trunk)}`] : []), ' switchport mode trunk');
        if (p.speed) out.push(` speed ${p.speed}`);
        if (p.shutdown) out.push(' shutdown');
      });
      for (const id of c.svis) {
        out.push('!', `interface Vlan${id}`, ` ip address 10.${id}.0.21 255.255.255.0`);
        if (c.bind && c.acl.length) out.push(' ip access-group MGMT-IN in');
      }
      if (c.neighbors.length) {
        out.push('!', 'router bgp 65001', ' bgp router-id 10.0.0.1');
        for (const n of c.neighbors) out.push(` neighbor ${n} remote-as ${c.asn}`, ...(c.nDesc ? [` neighbor ${n} description ${c.nDesc}`] : []));
        out.push(' !', ' address-family ipv4');
        for (const n of c.neighbors) out.push(`  neighbor ${n} activate`, ...(c.rmap ? [`  neighbor ${n} route-map ISP-OUT out`] : []));
        out.push(...c.networks.map((x) => `  network ${x}`), ' exit-address-family');
        if (c.v6) out.push(' !', ' address-family ipv6', `  neighbor ${c.neighbors[0]} activate`, ' exit-address-family');
      }
      if (c.acl.length) out.push('!', 'ip access-list extended MGMT-IN', ...c.acl.map((s) => ` ${s} ${s === 10 ? 'permit tcp any any eq 22' : c.aclText}`));
      if (c.std.length) out.push('!', 'ip access-list standard VTY', ...c.std.map((x) => ` ${x}`));
      for (const s of c.prefixes) out.push(`ip prefix-list CUSTOMER seq ${s} permit ${s === 5 ? '10.99.0.0/16' : c.pfxText}`);
      if (c.rmap && c.neighbors.length) out.push('!', 'route-map ISP-OUT permit 10', ...(c.prefixes.length ? [' match ip address prefix-list CUSTOMER'] : []), ' set metric 100');
      out.push('!', 'line vty 0 4', ...(c.vty && c.std.length ? [' access-class VTY in'] : []), ' transport input ssh', '!', 'end');
      return out.join('\n');
    }),
);

/** FRR through vtysh. */
const frrConfig: fc.Arbitrary<string> = fc
  .record({
    ifaces: fc.array(fc.record({ description: maybe(pick(...DESCRIPTIONS)), addrs: some(['1', '2']), shutdown: fc.boolean() }), { minLength: 3, maxLength: 3 }),
    routes: some(['10.99.0.0/16 192.0.2.1', '10.98.0.0/16 192.0.2.1', '0.0.0.0/0 192.0.2.254']),
    // Prefix-list entries: seq → prefix, never the same prefix twice (FRR would ignore the twin).
    pfx: fc.uniqueArray(fc.record({ seq: pick(5, 10, 15, 20), prefix: pick('10.0.0.0/8 le 24', '172.16.0.0/12', '192.168.0.0/16', '10.10.0.0/16') }), {
      selector: (e) => e.seq,
      maxLength: 3,
    }),
    rmaps: some(['ISP-IN', 'ISP-OUT']),
    pref: pick('100', '200'),
    bgp: fc.boolean(),
    routerId: pick('10.0.0.1', '10.0.0.9'),
    neighbors: fc.uniqueArray(fc.record({ ip: pick('192.0.2.1', '198.51.100.1', '2001:db8::1'), asn: pick('65000', '65010'), desc: maybe(pick('isp', 'backup')) }), {
      selector: (n) => n.ip,
      maxLength: 3,
    }),
    networks: some(['10.10.0.0/24', '10.20.0.0/24']),
    maxPrefix: fc.boolean(),
  })
  .map((c) => {
    const out = ['Building configuration...', '', 'Current configuration:', '!', 'frr version 8.4.4', 'frr defaults traditional', 'hostname r1', 'service integrated-vtysh-config', '!'];
    for (const r of c.routes) out.push(`ip route ${r}`);
    c.ifaces.forEach((f, i) => {
      out.push('!', `interface eth${i}`);
      if (f.description) out.push(` description ${f.description}`);
      for (const a of f.addrs) out.push(` ip address 10.${i}.0.${a}/24`);
      if (f.shutdown) out.push(' shutdown');
      out.push('exit');
    });
    const unique = [...new Map(c.pfx.map((e) => [e.prefix, e])).values()];
    if (c.bgp) {
      out.push('!', 'router bgp 65001', ` bgp router-id ${c.routerId}`);
      for (const n of c.neighbors) out.push(` neighbor ${n.ip} remote-as ${n.asn}`, ...(n.desc ? [` neighbor ${n.ip} description ${n.desc}`] : []));
      out.push(' !', ' address-family ipv4 unicast', ...c.networks.map((x) => `  network ${x}`));
      for (const n of c.neighbors) {
        if (n.ip.includes(':')) out.push(`  no neighbor ${n.ip} activate`);
        for (const rm of c.rmaps) out.push(`  neighbor ${n.ip} route-map ${rm} ${rm === 'ISP-IN' ? 'in' : 'out'}`);
        if (c.maxPrefix) out.push(`  neighbor ${n.ip} maximum-prefix 1000`);
      }
      out.push(' exit-address-family');
      const v6 = c.neighbors.filter((n) => n.ip.includes(':'));
      if (v6.length) out.push(' !', ' address-family ipv6 unicast', ...v6.map((n) => `  neighbor ${n.ip} activate`), ' exit-address-family');
      out.push('exit');
    }
    for (const e of unique) out.push(`ip prefix-list CUSTOMER seq ${e.seq} permit ${e.prefix}`);
    for (const rm of c.rmaps) {
      out.push('!', `route-map ${rm} permit 10`);
      if (unique.length) out.push(' match ip address prefix-list CUSTOMER');
      out.push(` set local-preference ${c.pref}`, 'exit');
    }
    out.push('!', 'end');
    return out.join('\n');
  });

/** The hand-written generators; a platform without one is drawn from its goldens. */
const WRITTEN: Partial<Record<PlatformName, fc.Arbitrary<string>>> = {
  'fsos-s5850': fsosS5850Config,
  'fsos-s3900': fsosS3900Config,
  ios: iosConfig,
  frr: frrConfig,
};

/** Configs of `platform` for property tests: its hand-written generator, else one of its golden configs. */
export function configsOf(platform: PlatformName): fc.Arbitrary<string> {
  const written = WRITTEN[platform];
  if (written !== undefined) return written;
  const goldens = goldenConfigs(platform);
  if (goldens.length === 0) throw new Error(`${platform} has neither a generator nor golden cases (test/fixtures/config/${platform}/)`);
  return fc.constantFrom(...goldens.map((g) => g.text));
}
