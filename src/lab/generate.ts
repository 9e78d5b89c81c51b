/**
 * A generated fleet for benchmarks: N switches of one platform, each with a realistic
 * config of about 300 lines, every tenth drifted from the desired config that is handed
 * back (and written out by `switchyard lab --generate … --desired-dir`).
 */
import type { LabDeviceSpec } from './types.js';
import { OfflineDevice, driftCommands } from './drift.js';

/** `openssl passwd -1 -salt sy4rd switchyard-demo`: generated switches take netops/switchyard-demo. */
const NETOPS_HASH = '$1$sy4rd$Age5NePyrpvBHOYx3xUO50';

/** One generated switch: what it serves, what it should have, whether they differ. */
interface GeneratedDevice {
  readonly spec: LabDeviceSpec;
  /** The desired config (baseline format: `!`, body, `end`). */
  readonly desired: string;
  readonly drifted: boolean;
}

const MODELS: Record<LabDeviceSpec['platform'], string> = { 'fsos-s5850': 'S5850-48T4Q', 'fsos-s3900': 'S3900-48T4S', ios: 'WS-C2960X-48TS-L' };

function port(platform: LabDeviceSpec['platform'], n: number): string {
  if (platform === 'fsos-s5850') return `eth-0-${n}`;
  if (platform === 'fsos-s3900') return `ethernet 1/${n}`;
  return n <= 48 ? `GigabitEthernet0/${n}` : `TenGigabitEthernet0/${n - 48}`;
}

/** The config lines a generated switch is built from (typed into the simulator, which prints the canonical text). */
function configLines(platform: LabDeviceSpec['platform'], name: string, i: number): string[] {
  const vlans = Array.from({ length: 12 }, (_, k) => (k + 1) * 10);
  const mgmt = `10.${(i >> 8) & 0xff}.${i & 0xff}`;
  const lines = [`hostname ${name}`];
  const access = 48;
  if (platform === 'fsos-s5850') {
    lines.push(`username netops privilege 4 secret 5 ${NETOPS_HASH}`, `vlan range ${vlans.join(',')}`);
    for (const v of vlans) lines.push(`vlan ${v}`, `name vlan-${v}`);
    lines.push('spanning-tree mode rstp', 'spanning-tree priority 32768');
  } else if (platform === 'fsos-s3900') {
    lines.push('username netops privilege 15', `username netops password 7 ${NETOPS_HASH}`, 'vlan database');
    for (const v of vlans) lines.push(`vlan ${v} name vlan-${v} media ethernet`);
    lines.push('exit', 'spanning-tree mode rstp');
  } else {
    lines.push(`username netops privilege 15 secret 5 ${NETOPS_HASH}`);
    for (const v of vlans) lines.push(`vlan ${v}`, `name vlan-${v}`);
    lines.push('spanning-tree mode rapid-pvst');
  }
  for (let n = 1; n <= access; n++) {
    const v = vlans[n % vlans.length]!;
    lines.push(`interface ${port(platform, n)}`, `description desk ${name.toLowerCase()}-${n}`, 'switchport mode access', `switchport access vlan ${v}`);
  }
  for (let n = access + 1; n <= access + 4; n++) {
    const trunk = platform === 'ios' ? `switchport trunk allowed vlan ${vlans.join(',')}` : `switchport trunk allowed vlan add ${vlans.join(',')}`;
    lines.push(`interface ${port(platform, n)}`, `description uplink ${n - access}`, 'switchport mode trunk', trunk);
  }
  if (platform === 'fsos-s5850') {
    lines.push('interface vlan10', `ip address ${mgmt}.2/24`, 'exit', `ip route 0.0.0.0/0 ${mgmt}.1`, 'ntp server 192.0.2.123', 'ntp server 192.0.2.124', 'logging server 192.0.2.50');
    lines.push('snmp-server community ro-bench read-only', 'snmp-server location bench', 'lldp enable');
    lines.push('ip access-list MGMT-IN', '10 permit tcp 10.0.0.0/8 any eq 22', '20 permit udp 10.0.0.0/8 any eq 161', '30 deny any any', 'exit', 'line vty 0 7', 'transport input ssh');
  } else if (platform === 'fsos-s3900') {
    lines.push('interface vlan 10', `ip address ${mgmt}.11 255.255.255.0`, 'exit', `ip default-gateway ${mgmt}.1`, 'ntp server 192.0.2.123', 'ntp server 192.0.2.124');
    lines.push('logging server address 192.0.2.50 port 514', 'snmp-server community ro-bench ro', 'snmp-server location bench', 'lldp enable', 'ip ssh server enable');
  } else {
    lines.push('interface Vlan10', `ip address ${mgmt}.21 255.255.255.0`, 'exit', `ip default-gateway ${mgmt}.1`, 'ip access-list extended MGMT-IN', '10 permit tcp 10.0.0.0 0.255.255.255 any eq 22', '20 deny ip any any', 'exit');
    lines.push('ntp server 192.0.2.123', 'logging host 192.0.2.50', 'snmp-server community ro-bench RO', 'line vty 0 4', 'transport input ssh');
  }
  return lines;
}

/** Generates `count` switches of `platform`; device i drifts when i % 10 === 9 (10 %). */
export function generateFleet(count: number, platform: LabDeviceSpec['platform']): GeneratedDevice[] {
  const out: GeneratedDevice[] = [];
  const model = MODELS[platform];
  const tag = platform === 'fsos-s5850' ? 'S5850' : platform === 'fsos-s3900' ? 'S3900' : 'IOS';
  for (let i = 0; i < count; i++) {
    const name = `GEN-${tag}-${String(i + 1).padStart(4, '0')}`;
    const device = new OfflineDevice(platform, model, '');
    device.type(configLines(platform, name, i));
    const desired = device.text();
    const drifted = i % 10 === 9;
    if (drifted) device.type(driftCommands(device, i));
    const mac = `02:5e:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}:01`;
    out.push({ spec: { name, platform, model, serial: `GEN${String(i + 1).padStart(8, '0')}`, mac, config: device.text() }, desired, drifted });
  }
  return out;
}
