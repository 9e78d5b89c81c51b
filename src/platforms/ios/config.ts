/**
 * Config rules of a generic Cisco-IOS-like switch. See docs/dialects.md (`ios`) and
 * docs/config-engine.md.
 */
import {
  BGP_NEIGHBOR_OBJECT,
  COMMON_SECRETS,
  COMMON_VOLATILE,
  INTERFACE as IFACE,
  NO_SHUTDOWN_LAST,
  PORT_VLAN_REFERENCES,
  ROUTE_MAP_REFERENCES,
  TRUNK_MODE_OBJECT,
  type ConfigRules,
} from '../config-rules.js';

const ACL = /^ip access-list (?:standard|extended) \S+$/;
const BGP = /^router bgp \d+/;
const AF = /^address-family /;
const RMAP = /^route-map \S+ (?:permit|deny) \d+$/;

/** IOS config rules. */
export const IOS_CONFIG: ConfigRules = Object.freeze({
  volatile: [...COMMON_VOLATILE, /^version /, /^boot-(?:start|end)-marker$/, /^ntp clock-period /],
  comments: ['!'],
  terminators: ['exit', 'exit-address-family'],
  blocks: [{ start: /^banner (?:motd|login|exec|incoming) (?<delim>\^C|\S)/ }],
  sections: [
    { match: IFACE, within: null },
    { match: /^vlan \d+$/, within: null },
    { match: ACL, within: null },
    { match: /^line (?:con|vty|aux) /, within: null },
    { match: /^router \S+/, within: null },
    { match: AF, within: BGP, exit: 'exit-address-family' },
    { match: RMAP, within: null },
    { match: /^(?:class-map|policy-map|key chain|ip dhcp pool|spanning-tree mst configuration|archive|control-plane)\b/, within: null },
  ],
  persistent: [
    // `default interface X` puts a port back to factory state in one command.
    { match: /^interface (?:GigabitEthernet|FastEthernet|TenGigabitEthernet|TwentyFiveGigE|FortyGigabitEthernet|HundredGigE|Ethernet)\S+$/, within: null, reset: 'default $0' },
    { match: /^line /, within: null },
    { match: AF, within: BGP },
  ],
  // Without sequence numbers an ACL is a sequence: entries cannot be inserted, only retyped.
  ordered: [{ match: ACL, within: null, unlessChildren: /^\d+ / }],
  defaults: [
    { match: /^no shutdown$/, within: IFACE },
    { match: /^no ip address$/, within: IFACE },
    // Every VLAN allowed is the default of a trunk.
    { match: /^switchport trunk allowed vlan 1-4094$/, within: IFACE },
  ],
  lists: [
    {
      match: /^switchport trunk allowed vlan (?<list>[\d,-]+)$/,
      within: IFACE,
      item: 'switchport trunk allowed vlan {}',
      mode: 'canonical',
      // IOS prints a long list on several lines: `… vlan LIST` then `… vlan add LIST`.
      extendedBy: /^switchport trunk allowed vlan add (?<list>[\d,-]+)$/,
      shrunkBy: /^switchport trunk allowed vlan remove (?<list>[\d,-]+)$/,
      whenAbsent: '1-4094',
    },
  ],
  idempotent: [
    { match: /^hostname /, within: null },
    { match: /^username (\S+) /, within: null },
    { match: /^enable secret /, within: null },
    { match: /^banner (\S+) /, within: null },
    { match: /^ip default-gateway /, within: null },
    { match: /^ip domain[- ]name /, within: null },
    { match: /^spanning-tree mode /, within: null },
    { match: /^snmp-server (location|contact) /, within: null },
    { match: /^description /, within: IFACE },
    { match: /^switchport mode /, within: IFACE },
    { match: /^switchport access vlan /, within: IFACE },
    { match: /^switchport trunk native vlan /, within: IFACE },
    // IOS replaces the whole allowed list.
    { match: /^switchport trunk allowed vlan /, within: IFACE },
    { match: /^ip address \S+ \S+$/, within: IFACE },
    { match: /^ip access-group \S+ (in|out)$/, within: IFACE },
    { match: /^(speed|duplex|mtu) /, within: IFACE },
    { match: /^name /, within: /^vlan / },
    { match: /^(transport input|exec-timeout) /, within: /^line / },
    { match: /^access-class \S+ (in|out)$/, within: /^line / },
    { match: /^bgp router-id /, within: BGP },
    { match: /^neighbor (\S+) (remote-as|description|update-source) /, within: BGP },
    { match: /^neighbor (\S+) (route-map|prefix-list) \S+ (in|out)$/ },
    { match: /^set (local-preference|metric|weight|tag) /, within: RMAP },
    { match: /^match ip address (?:prefix-list )?/, within: RMAP },
  ],
  negations: [
    { match: /^(description|switchport mode|switchport access vlan|switchport trunk native vlan|switchport trunk allowed vlan|speed|duplex|mtu) /, within: IFACE, negate: 'no $1' },
    { match: /^ip address \S+ \S+$/, within: IFACE, negate: 'no ip address' },
    { match: /^name /, within: /^vlan /, negate: 'no name' },
    { match: /^(\d+) /, within: ACL, negate: 'no $1' },
    { match: /^username (\S+) /, within: null, negate: 'no username $1' },
    { match: /^banner (\S+) /, within: null, negate: 'no banner $1' },
    { match: /^(hostname|ip default-gateway|spanning-tree mode|snmp-server location|snmp-server contact|enable secret) /, within: null, negate: 'no $1' },
    { match: /^snmp-server community (\S+) /, within: null, negate: 'no snmp-server community $1' },
    // `no neighbor X remote-as N` deletes the neighbor; say so plainly.
    { match: /^neighbor (\S+) remote-as /, within: BGP, negate: 'no neighbor $1' },
    { match: /^neighbor (\S+) description /, within: BGP, negate: 'no neighbor $1 description' },
    { match: /^bgp router-id /, within: BGP, negate: 'no bgp router-id' },
  ],
  removals: [],
  objects: [
    {
      kind: 'vlan',
      define: [{ match: /^vlan (\d+)$/, within: null }],
      references: [
        ...PORT_VLAN_REFERENCES,
        { match: /^switchport trunk allowed vlan ([\d,-]+)$/, within: IFACE, list: true },
        { match: /^interface Vlan(\d+)$/, within: null },
      ],
    },
    {
      kind: 'acl',
      define: [{ match: /^ip access-list (?:standard|extended) (\S+)$/, within: null }],
      references: [
        { match: /^ip access-group (\S+) (?:in|out)$/, within: IFACE },
        { match: /^access-class (\S+) (?:in|out)$/, within: /^line / },
        { match: /^match ip address (?!prefix-list )(\S+)$/, within: RMAP },
      ],
    },
    { kind: 'acl-entry', define: [{ match: /^(\d+) /, within: ACL }], scope: 'parent', onDuplicate: 'reject' },
    {
      kind: 'prefix-list',
      define: [{ match: /^ip prefix-list (\S+) /, within: null }],
      references: [
        { match: /^match ip address prefix-list (\S+)$/, within: RMAP },
        { match: /^neighbor \S+ prefix-list (\S+) (?:in|out)$/ },
      ],
    },
    { kind: 'prefix-list-seq', define: [{ match: /^ip prefix-list (\S+) seq (\d+) /, within: null }], onDuplicate: 'reject' },
    {
      kind: 'route-map',
      define: [{ match: /^route-map (\S+) (?:permit|deny) \d+$/, within: null }],
      references: ROUTE_MAP_REFERENCES,
    },
    BGP_NEIGHBOR_OBJECT,
    TRUNK_MODE_OBJECT,
  ],
  late: NO_SHUTDOWN_LAST,
  printOrder: [
    /^hostname /,
    /^(?:enable|username) /,
    /^banner /,
    /^vlan /,
    /^spanning-tree /,
    /^interface (?:Gigabit|Fast|TenGigabit|TwentyFive|FortyGigabit|HundredGig)?Ethernet/,
    /^interface Port-channel/,
    /^interface Vlan/,
    /^interface /,
    /^router /,
    /^ip default-gateway /,
    /^ip route /,
    /^ip access-list /,
    /^ip prefix-list /,
    /^route-map /,
    /^ntp /,
    /^logging /,
    /^snmp-server /,
    /^line /,
    // Inside router bgp: the process settings, the neighbors, then the address-families.
    /^bgp /,
    /^neighbor \S+ (?:remote-as|peer-group)/,
    /^neighbor /,
    /^address-family /,
  ],
  secrets: COMMON_SECRETS,
} satisfies ConfigRules);
