/**
 * A generic Cisco-IOS-like switch, as docs/dialects.md describes it: abbreviated
 * interface names (`gi0/1`), `switchport trunk allowed vlan LIST` replacing the list,
 * `banner motd ^C` … `^C`, `enable secret`, save with `write memory` or `copy` and a
 * destination question, `reload` with `[confirm]`.
 */
import type { DialectData } from '../dialect.js';
import { EXEC_CORE, ACL_RULES, LINE_RULES, SNMP_TEXT_RULES, CARET_ERRORS, ciscoPrompt, switchportRules, hostnameBlock, oneLineUsers, vlanSections, pad, uptime, numbersOf } from './common.js';

const TYPES = ['FastEthernet', 'GigabitEthernet', 'TenGigabitEthernet', 'Port-channel', 'Vlan', 'Loopback'] as const;
const SHORT: Record<string, string> = {
  FastEthernet: 'Fa',
  GigabitEthernet: 'Gi',
  TenGigabitEthernet: 'Te',
  'Port-channel': 'Po',
  Vlan: 'Vl',
  Loopback: 'Lo',
};

function splitName(name: string): { type: string; numbers: string } | undefined {
  const m = /^([A-Za-z-]+?)\s*(\d+(?:\/\d+){0,2})$/.exec(name);
  if (!m) return undefined;
  const typed = m[1]!.toLowerCase();
  // Any unique prefix of an interface type names it, as IOS accepts `gi0/1` and `Gig0/1`.
  const hits = TYPES.filter((t) => t.toLowerCase().startsWith(typed));
  return hits.length === 1 ? { type: hits[0]!, numbers: m[2]! } : undefined;
}

/** `Gi0/1` from `GigabitEthernet0/1`, as IOS tables print it. */
function shortName(name: string): string {
  const s = splitName(name);
  return s ? `${SHORT[s.type]}${s.numbers}` : name;
}

/** The IOS dialect data. */
export const IOS: DialectData = {
  name: 'ios',
  topPrivilege: 15,
  pager: ' --More-- ',
  prompt: (mode, host, label) => ciscoPrompt(mode, host, mode === 'acl' ? `${label?.includes('standard') ? 'std' : 'ext'}-nacl` : mode),
  grammar: {
    exec: [
      ...EXEC_CORE,
      { p: 'show lldp neighbors', do: 'show-lldp' },
      { p: 'write [memory]', do: 'write', priv: true },
      { p: 'copy running-config startup-config', do: 'copy-save', priv: true },
    ],
    config: [
      { p: 'hostname WORD', do: 'hostname', key: 1 },
      { p: 'enable secret 5 HASH', key: 2, cat: 'enable' },
      { p: 'enable secret WORD', do: 'enable-secret', key: 2, cat: 'enable' },
      { p: 'username WORD [privilege <0-15>] secret 5 HASH', do: 'user', key: 2 },
      { p: 'username WORD [privilege <0-15>] secret WORD', do: 'user', key: 2 },
      { p: 'username WORD [privilege <0-15>] password [0] WORD', do: 'user', key: 2 },
      { p: 'banner motd LINE', do: 'banner', key: 2 },
      { p: 'vlan VLANS', do: 'vlan-enter' },
      { p: 'spanning-tree mode pvst|rapid-pvst|mst', key: 2, cat: 'stp' },
      { p: 'spanning-tree extend system-id', cat: 'stp' },
      { p: 'interface IF', do: 'section', enter: 'if', cat: 'interface' },
      { p: 'ip default-gateway IP', key: 2, cat: 'route' },
      { p: 'ip route IP IP IP', cat: 'route' },
      { p: 'ip domain-name WORD', key: 2, cat: 'dns' },
      { p: 'ip ssh version 1|2', key: 3, cat: 'dns' },
      { p: 'ip access-list extended|standard WORD', do: 'section', enter: 'acl', cat: 'acl', keepEmpty: true },
      { p: 'ntp server IP', cat: 'ntp' },
      { p: 'logging host IP', cat: 'logging' },
      { p: 'snmp-server community WORD RO|RW', key: 3, cat: 'snmp' },
      ...SNMP_TEXT_RULES,
      { p: 'line vty <0-15> <0-15>', do: 'section', enter: 'line', cat: 'line' },
      { p: 'line con <0-0>', do: 'section', enter: 'line', cat: 'line' },
    ],
    if: [
      ...switchportRules('access|trunk'),
      // IOS: the plain form replaces the whole list.
      { p: 'switchport trunk allowed vlan VLANS', do: 'trunk-set', key: 4 },
      { p: 'channel-group <1-64> mode active|passive|on', key: 1 },
      { p: 'spanning-tree portfast' },
      { p: 'ip address IP IP', key: 2 },
      { p: 'ip access-group WORD in|out' },
      { p: 'speed 10|100|1000|auto', key: 1 },
      { p: 'duplex auto|full|half', key: 1 },
      { p: 'shutdown' },
    ],
    vlan: [{ p: 'name WORD', do: 'vlan-name', key: 1 }],
    acl: ACL_RULES,
    line: LINE_RULES,
  },
  order: [['hostname'], ['enable'], ['users'], ['banner'], ['vlans'], ['stp'], ['interface'], ['route'], ['dns'], ['acl'], ['ntp', 'logging', 'snmp'], ['line'], ['other']],
  special: {
    hostname: hostnameBlock,
    users: oneLineUsers,
    vlans: (s) => vlanSections(s, false),
    banner: (s) => (s.banner === undefined ? [] : [{ lines: ['banner motd ^C', ...s.banner.split('\n'), '^C'], section: false }]),
  },
  header(body) {
    // IOS counts the bytes of what follows; a volatile line the engine must ignore.
    const bytes = body.reduce((n, l) => n + l.length + 1, 0) + 'version 15.2\n!\n'.length;
    return ['Building configuration...', '', `Current configuration : ${bytes} bytes`, '!', 'version 15.2', '!'];
  },
  volatile: [/^\s*$/, /^Building configuration/, /^Current configuration/, /^version\s/, /^end\s*$/, /^!/],
  normaliseInterface(text, ports) {
    const s = splitName(text);
    if (!s) return undefined;
    const nums = s.numbers.split('/').map(Number);
    const physical = s.type.endsWith('Ethernet');
    if (physical !== nums.length > 1) return undefined;
    if (physical && (nums[nums.length - 1]! < 1 || nums[nums.length - 1]! > ports)) return undefined;
    return `${s.type}${nums.join('/')}`;
  },
  interfaceSortKey(head) {
    const s = splitName(head.replace(/^interface\s+/, ''));
    return s ? [TYPES.indexOf(s.type as (typeof TYPES)[number]), ...numbersOf(s.numbers)] : [99];
  },
  sectionLabel: (head) => head,
  trunkLine: (list) => `switchport trunk allowed vlan ${list}`,
  showVersion(f) {
    const up = uptime(f.uptimeSeconds);
    const mac = f.spec.mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase().match(/.{2}/g)?.join(':') ?? '';
    return [
      'Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E2, RELEASE SOFTWARE (fc3)',
      'Copyright (c) 1986-2019 by Cisco Systems, Inc.',
      '',
      `${f.hostname} uptime is ${up.days} days, ${up.hours} hours, ${up.minutes} minutes`,
      'System image file is "flash:c2960x-universalk9-mz.152-7.E2.bin"',
      '',
      `cisco ${f.spec.model} (APM86XXX) processor (revision B0) with 524288K bytes of memory.`,
      `Processor board ID ${f.spec.serial}`,
      `Base ethernet MAC Address       : ${mac}`,
      `Model number                    : ${f.spec.model}`,
      `System serial number            : ${f.spec.serial}`,
    ];
  },
  showLldp(f) {
    const out = [
      'Capability codes:',
      '    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device',
      '    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other',
      '',
      'Device ID           Local Intf     Hold-time  Capability      Port ID',
    ];
    for (const n of f.lldp) {
      out.push(`${pad(n.systemName.slice(0, 20), 20)}${pad(shortName(n.localPort), 15)}${pad('120', 11)}${pad('B', 16)}${n.portId}`);
    }
    out.push('', `Total entries displayed: ${f.lldp.length}`);
    return out;
  },
  messages: {
    ...CARET_ERRORS,
    ambiguous: (t) => `% Ambiguous command:  "${t}"`,
    configEnter: ['Enter configuration commands, one per line.  End with CNTL/Z.'],
    saveDone: ['Building configuration...', '[OK]'],
    copyQuestion: 'Destination filename [startup-config]? ',
    copyDefault: 'startup-config',
    reloadQuestion: { text: 'Proceed with reload? [confirm]', answer: 'key' },
    enablePassword: 'Password: ',
    enableDenied: '% Bad secrets',
    enableNoSecret: '% No password set',
    bannerEnter: (d) => `Enter TEXT message.  End with the character '${d === '^C' ? '^C' : d}'.`,
  },
};
