/**
 * FS S5850/S5800, FSOS 7.x (Centec-like), as docs/dialects.md describes it: `eth-0-N`
 * ports, one collapsed `vlan range` line plus named `vlan N` sections, trunk lists kept
 * as `add` lines, ACL entries with sequence numbers, save with `write`.
 */
import type { DialectData } from '../dialect.js';
import { EXEC_CORE, ACL_RULES, LINE_RULES, SNMP_TEXT_RULES, CARET_ERRORS, ciscoPrompt, switchportRules, hostnameBlock, oneLineUsers, vlanRangeLine, vlanSections, uptime, colonMac, numbersOf } from './common.js';

const IF_RANK: Record<string, number> = { eth: 0, agg: 1, vlan: 2, loopback: 3 };

/** The S5850 dialect data. */
export const FSOS_S5850: DialectData = {
  name: 'fsos-s5850',
  topPrivilege: 4,
  pager: ' --More-- ',
  // Centec puts the interface in the prompt: `host(config-if-eth-0-1)#`.
  prompt: (mode, host, label) => ciscoPrompt(mode, host, mode === 'if' ? `if-${label ?? ''}` : mode),
  grammar: {
    exec: [...EXEC_CORE, { p: 'show lldp neighbors', do: 'show-lldp' }, { p: 'write', do: 'write', priv: true }],
    config: [
      { p: 'hostname WORD', do: 'hostname', key: 1 },
      { p: 'username WORD [privilege <1-4>] secret 5 HASH', do: 'user', key: 2 },
      { p: 'username WORD [privilege <1-4>] secret WORD', do: 'user', key: 2 },
      { p: 'username WORD [privilege <1-4>] password [0] WORD', do: 'user', key: 2 },
      { p: 'vlan range VLANS', do: 'vlan-create' },
      { p: 'vlan <1-4094>', do: 'vlan-enter' },
      { p: 'spanning-tree mode stp|rstp|mstp', key: 2, cat: 'stp' },
      { p: 'spanning-tree priority <0-61440>', key: 2, cat: 'stp' },
      { p: 'management ip address PREFIX', key: 3, cat: 'mgmt' },
      { p: 'management route gateway IP', key: 3, cat: 'mgmt' },
      { p: 'interface IF', do: 'section', enter: 'if', cat: 'interface' },
      { p: 'ip route PREFIX IP', cat: 'route' },
      { p: 'ip domain-name WORD', key: 2, cat: 'dns' },
      { p: 'ip name-server IP', cat: 'dns' },
      { p: 'ntp server IP', cat: 'ntp' },
      { p: 'logging server IP', cat: 'logging' },
      { p: 'snmp-server community WORD read-only|read-write', key: 3, cat: 'snmp' },
      ...SNMP_TEXT_RULES,
      { p: 'lldp enable', cat: 'lldp' },
      { p: 'ip access-list WORD', do: 'section', enter: 'acl', cat: 'acl', keepEmpty: true },
      { p: 'line vty <0-15> <0-15>', do: 'section', enter: 'line', cat: 'line' },
      { p: 'line console <0-0>', do: 'section', enter: 'line', cat: 'line' },
    ],
    if: [
      ...switchportRules('access|trunk'),
      { p: 'channel-group <1-64> mode active|passive|on', key: 1 },
      { p: 'spanning-tree edgeport' },
      { p: 'ip address PREFIX', key: 2 },
      { p: 'ip access-group WORD in|out' },
      { p: 'speed 10|100|1000|10000|auto', key: 1 },
      { p: 'duplex auto|full|half', key: 1 },
      { p: 'shutdown' },
    ],
    vlan: [{ p: 'name WORD', do: 'vlan-name', key: 1 }],
    acl: ACL_RULES,
    line: LINE_RULES,
  },
  order: [['hostname'], ['users'], ['vlan-range'], ['vlan-sections'], ['stp'], ['mgmt'], ['interface'], ['route'], ['dns'], ['ntp'], ['logging'], ['snmp'], ['lldp'], ['acl'], ['line'], ['other']],
  special: {
    hostname: hostnameBlock,
    users: oneLineUsers,
    'vlan-range': vlanRangeLine,
    'vlan-sections': (s) => vlanSections(s, true),
  },
  header: () => ['Building configuration...', '!', 'version 7.2.2', '!'],
  volatile: [/^\s*$/, /^Building configuration/, /^version\s/, /^end\s*$/, /^!/],
  normaliseInterface(text, ports) {
    const t = text.toLowerCase();
    let m = /^eth-0-(\d+)$/.exec(t);
    if (m) return Number(m[1]) >= 1 && Number(m[1]) <= ports ? `eth-0-${Number(m[1])}` : undefined;
    m = /^(agg|vlan|loopback)(\d+)$/.exec(t);
    if (!m) return undefined;
    const n = Number(m[2]);
    const max = m[1] === 'agg' ? 64 : m[1] === 'vlan' ? 4094 : 1023;
    return n >= (m[1] === 'loopback' ? 0 : 1) && n <= max ? `${m[1]}${n}` : undefined;
  },
  interfaceSortKey(head) {
    const name = head.replace(/^interface\s+/, '');
    const type = /^[a-z]+/.exec(name)?.[0] ?? '';
    return [IF_RANK[type] ?? 9, ...numbersOf(name)];
  },
  sectionLabel: (head) => head.replace(/^interface\s+/, ''),
  trunkLine: (list) => `switchport trunk allowed vlan add ${list}`,
  showVersion(f) {
    const family = f.spec.model.split('-')[0] ?? 'S5850';
    const hw = f.spec.model.split('-').slice(1).join('-') || f.spec.model;
    const up = uptime(f.uptimeSeconds);
    return [
      `FSOS Software, ${family}, Version 7.2.2`,
      'Copyright (C) 2019 by FS.COM.  All rights reserved.',
      `The current running image is flash:/boot/${family}_Series-FSOS-v7.2.2.bin`,
      `${f.hostname} uptime is ${up.days} days, ${up.hours} hours, ${up.minutes} minutes`,
      `Hardware Type is ${hw}`,
      'Hardware Version is 2.0',
      `System serial number is ${f.spec.serial}`,
      `System MAC address is ${colonMac(f.spec.mac)}`,
    ];
  },
  showLldp(f) {
    const out: string[] = [];
    for (const n of f.lldp) {
      if (out.length) out.push('');
      out.push(`Local Port: ${n.localPort}`);
      if (n.chassisId !== undefined) out.push(`Chassis ID: ${colonMac(n.chassisId)}`);
      out.push(`Port ID: ${n.portId}`, `System Name: ${n.systemName}`);
    }
    return out;
  },
  messages: {
    ...CARET_ERRORS,
    ambiguous: (t) => `% Ambiguous command: "${t}"`,
    configEnter: ['Enter configuration commands, one per line.  End with CNTL/Z.'],
    saveDone: ['[OK]'],
    reloadQuestion: { text: 'Reload system? (y/n): ', answer: 'line' },
    enablePassword: 'Password: ',
    enableDenied: '% Access denied',
  },
};
