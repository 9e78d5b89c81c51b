/**
 * FS S3900-24T4S/-48T4S, FSOS 1.7.x (Edgecore-like), as docs/dialects.md describes it:
 * `interface ethernet 1/N`, VLANs in a `vlan database` section, accounts as two lines
 * (`privilege`, `password 7`), save with `copy running-config startup-config` and a
 * file-name question, and the facts split between `show version` and `show system`.
 */
import { portCount, type DialectData, type PrintBlock } from '../dialect.js';
import type { ConfigState } from '../config-state.js';
import { EXEC_CORE, SNMP_TEXT_RULES, CARET_ERRORS, ciscoPrompt, switchportRules, hostnameBlock, pad, uptime, dashedMac, numbersOf } from './common.js';

const IF_RANK: Record<string, number> = { ethernet: 0, 'port-channel': 1, vlan: 2 };

function users(state: ConfigState): PrintBlock[] {
  const lines: string[] = [];
  for (const [name, u] of state.users) {
    if (u.privilege !== undefined) lines.push(`username ${name} privilege ${u.privilege}`);
    if (u.hash !== undefined) lines.push(`username ${name} password 7 ${u.hash}`);
  }
  return lines.length ? [{ lines, section: false }] : [];
}

function vlanDatabase(state: ConfigState): PrintBlock[] {
  if (state.vlans.size === 0) return [];
  const ids = [...state.vlans.keys()].sort((a, b) => a - b);
  const lines = ids.map((id) => {
    const name = state.vlans.get(id)!.name;
    return name === undefined ? ` VLAN ${id} media ethernet` : ` VLAN ${id} name ${name} media ethernet`;
  });
  return [{ lines: ['vlan database', ...lines], section: true }];
}

/** `ethernet 1/5` → `Eth 1/ 5`, `port-channel 1` → `Group 1`, as the S3900 prints ports in tables. */
function tablePort(port: string): string {
  const eth = /(\d+)\/\s*(\d+)$/.exec(port);
  if (eth) return `Eth ${eth[1]}/${eth[2]!.padStart(2, ' ')}`;
  const lag = /(?:port-channel|group)\s*(\d+)$/i.exec(port);
  return lag ? `Group ${lag[1]}` : port;
}

/** The S3900 dialect data. */
export const FSOS_S3900: DialectData = {
  name: 'fsos-s3900',
  topPrivilege: 15,
  pager: '---More---',
  prompt: (mode, host) => ciscoPrompt(mode, host, mode === 'vlandb' ? 'vlan' : mode),
  grammar: {
    exec: [
      ...EXEC_CORE,
      { p: 'show system', do: 'show-system' },
      { p: 'show lldp neighbor', do: 'show-lldp' },
      { p: 'copy running-config startup-config', do: 'copy-save', priv: true },
      { p: 'write memory', do: 'write', priv: true },
    ],
    config: [
      { p: 'hostname WORD', do: 'hostname', key: 1 },
      { p: 'username WORD privilege <0-15>', do: 'user-merge', key: 2 },
      { p: 'username WORD password 7 HASH', do: 'user-merge', key: 2 },
      { p: 'username WORD password [0] WORD', do: 'user-merge', key: 2 },
      { p: 'vlan database', do: 'mode', enter: 'vlandb', no: false },
      { p: 'spanning-tree mode stp|rstp|mstp', key: 2, cat: 'stp' },
      { p: 'interface ethernet PORT', do: 'section', enter: 'if', cat: 'interface' },
      { p: 'interface port-channel <1-64>', do: 'section', enter: 'if', cat: 'interface' },
      { p: 'interface vlan <1-4094>', do: 'section', enter: 'if', cat: 'interface' },
      { p: 'ip default-gateway IP', key: 2, cat: 'route' },
      { p: 'ip route IP IP IP', cat: 'route' },
      { p: 'ntp server IP', cat: 'ntp' },
      { p: 'logging server address IP [port <1-65535>]', key: 4, cat: 'logging' },
      { p: 'snmp-server community WORD ro|rw', key: 3, cat: 'snmp' },
      ...SNMP_TEXT_RULES,
      { p: 'lldp enable [rxonly|txonly]', key: 2, cat: 'lldp' },
      { p: 'ip ssh server enable', cat: 'ssh' },
    ],
    vlandb: [{ p: 'vlan VLANS [name WORD] [media ethernet]', do: 'vlandb-entry', key: 2 }],
    if: [
      ...switchportRules('access|trunk|hybrid'),
      { p: 'ip address IP IP', key: 2 },
      { p: 'shutdown' },
    ],
  },
  order: [['hostname'], ['users'], ['vlans'], ['stp'], ['interface'], ['route'], ['ntp'], ['logging'], ['snmp'], ['lldp'], ['ssh'], ['other']],
  special: { hostname: hostnameBlock, users, vlans: vlanDatabase },
  header: () => ['Building running configuration. Please wait...', '!<Version>0.0.2</Version>', '!'],
  volatile: [/^\s*$/, /^Building running configuration/, /^end\s*$/, /^!/],
  normaliseInterface: () => undefined,
  normalisePort(text, ports) {
    const m = /^1\/(\d+)$/.exec(text);
    return m && Number(m[1]) >= 1 && Number(m[1]) <= ports ? `1/${Number(m[1])}` : undefined;
  },
  interfaceSortKey(head) {
    const name = head.replace(/^interface\s+/, '');
    return [IF_RANK[name.split(' ')[0] ?? ''] ?? 9, ...numbersOf(name)];
  },
  sectionLabel: (head) => head.replace(/^interface\s+/, ''),
  trunkLine: (list) => `switchport trunk allowed vlan add ${list}`,
  showVersion(f) {
    return [
      `Unit 1 ${'-'.repeat(29)}`,
      ` Serial Number : ${f.spec.serial}`,
      ' Hardware Version : 1.0',
      ` Number of Ports : ${portCount(f.spec.model)}`,
      ' Main Power Status : Up',
      ' Operation Code Version : 1.7.3',
    ];
  },
  showSystem(f) {
    const up = uptime(f.uptimeSeconds);
    return [
      `System Description : ${f.spec.model}`,
      'System Information',
      ` System Up Time : ${up.days} days, ${up.hours} hours, ${up.minutes} minutes`,
      ` System Name : ${f.hostname}`,
      ` MAC Address (Unit 1) : ${dashedMac(f.spec.mac)}`,
    ];
  },
  showLldp(f) {
    const out = [
      'LLDP Remote Devices Information',
      ' Local Port Chassis ID        Port ID           Hold Time   System Name',
      ' ---------- ----------------- ----------------- ----------- --------------------',
    ];
    for (const n of f.lldp) {
      const chassis = n.chassisId === undefined ? '' : dashedMac(n.chassisId);
      out.push(` ${pad(tablePort(n.localPort), 10)} ${pad(chassis, 17)} ${pad(n.portId, 17)} ${pad('120 seconds', 11)} ${n.systemName}`);
    }
    return out;
  },
  messages: {
    ...CARET_ERRORS,
    ambiguous: (t) => `% Ambiguous command: "${t}"`,
    configEnter: [],
    saveDone: ['Success.'],
    copyQuestion: 'Startup configuration file name [startup.cfg]: ',
    copyDefault: 'startup.cfg',
    reloadQuestion: { text: 'System will be restarted, continue <y/n>? ', answer: 'line' },
    enablePassword: 'Password: ',
    enableDenied: '% Access denied',
  },
};
