/**
 * Config rules of FS S5850/S5800, FSOS 7.x (Centec-like). See docs/dialects.md
 * (`fsos-s5850`) and docs/config-engine.md. [I] facts are inferred from Centec.
 */
import { COMMON_SECRETS, COMMON_VOLATILE, INTERFACE as IFACE, NO_SHUTDOWN_LAST, PORT_VLAN_REFERENCES, TRUNK_MODE_OBJECT, type ConfigRules } from '../config-rules.js';

const ACL = /^ip access-list \S+$/;
const VLAN = /^vlan \d+$/;

/** FSOS S5850 config rules. */
export const FSOS_S5850_CONFIG: ConfigRules = Object.freeze({
  volatile: [...COMMON_VOLATILE, /^version /],
  comments: ['!'],
  terminators: ['exit'],
  blocks: [],
  sections: [
    { match: IFACE, within: null },
    { match: VLAN, within: null },
    { match: ACL, within: null },
    { match: /^line (?:vty|console) /, within: null },
    { match: /^router \S+/, within: null },
  ],
  persistent: [
    // Physical ports and lines always exist; `no interface eth-0-1` is refused.
    { match: /^interface eth-\d+-\d+$/, within: null },
    { match: /^line /, within: null },
  ],
  // ACL entries always print with sequence numbers (an entry typed without one gets the next ten).
  ordered: [],
  defaults: [
    { match: /^vlan 1$/, within: null },
    { match: /^no shutdown$/, within: IFACE },
  ],
  lists: [
    // The running config prints all VLANs as one collapsed line; never `no vlan range …`.
    { match: /^vlan range (?<list>[\d,-]+)$/, within: null, item: 'vlan {}', collapsed: 'vlan range {}' },
    { match: /^switchport trunk allowed vlan add (?<list>[\d,-]+)$/, within: IFACE, item: 'switchport trunk allowed vlan add {}', collapsed: 'switchport trunk allowed vlan add {}' },
    { match: /^switchport trunk allowed vlan remove (?<list>[\d,-]+)$/, within: IFACE, item: 'switchport trunk allowed vlan remove {}', collapsed: 'switchport trunk allowed vlan remove {}' },
  ],
  idempotent: [
    { match: /^hostname /, within: null },
    { match: /^username (\S+) /, within: null },
    { match: /^spanning-tree (mode|priority) /, within: null },
    { match: /^snmp-server (location|contact) /, within: null },
    { match: /^management ip address /, within: null },
    { match: /^management route gateway /, within: null },
    { match: /^ip domain-name /, within: null },
    { match: /^description /, within: IFACE },
    { match: /^switchport mode /, within: IFACE },
    { match: /^switchport access vlan /, within: IFACE },
    { match: /^switchport trunk native vlan /, within: IFACE },
    { match: /^ip address \S+$/, within: IFACE },
    { match: /^ip access-group \S+ (in|out)$/, within: IFACE },
    { match: /^channel-group /, within: IFACE },
    { match: /^speed /, within: IFACE },
    { match: /^duplex /, within: IFACE },
    { match: /^name /, within: VLAN },
    { match: /^transport input /, within: /^line / },
    { match: /^exec-timeout /, within: /^line / },
  ],
  negations: [
    { match: /^switchport trunk allowed vlan add (\d+)$/, within: IFACE, negate: 'switchport trunk allowed vlan remove $1' },
    { match: /^(description|switchport access vlan|switchport trunk native vlan|switchport mode|channel-group|speed|duplex) /, within: IFACE, negate: 'no $1' },
    { match: /^ip address \S+$/, within: IFACE, negate: 'no ip address' },
    { match: /^name /, within: VLAN, negate: 'no name' },
    { match: /^(\d+) /, within: ACL, negate: 'no $1' },
    { match: /^username (\S+) /, within: null, negate: 'no username $1' },
    { match: /^(hostname|spanning-tree mode|spanning-tree priority|snmp-server location|snmp-server contact|management ip address|management route gateway|ip domain-name) /, within: null, negate: 'no $1' },
    { match: /^snmp-server community (\S+) /, within: null, negate: 'no snmp-server community $1' },
  ],
  removals: [{ match: /^switchport trunk allowed vlan remove (\d+)$/, within: IFACE, removes: 'switchport trunk allowed vlan add $1' }],
  objects: [
    {
      kind: 'vlan',
      define: [{ match: /^vlan (\d+)$/, within: null }],
      references: [
        ...PORT_VLAN_REFERENCES,
        { match: /^switchport trunk allowed vlan add (\d+)$/, within: IFACE },
        { match: /^interface vlan(\d+)$/, within: null },
      ],
    },
    {
      kind: 'acl',
      define: [{ match: /^ip access-list (\S+)$/, within: null }],
      references: [{ match: /^ip access-group (\S+) (?:in|out)$/, within: IFACE }],
    },
    { kind: 'acl-entry', define: [{ match: /^(\d+) /, within: ACL }], scope: 'parent', onDuplicate: 'reject' },
    TRUNK_MODE_OBJECT,
  ],
  late: NO_SHUTDOWN_LAST,
  printOrder: [
    /^hostname /,
    /^username /,
    /^vlan /,
    /^spanning-tree /,
    /^management /,
    /^interface eth-/,
    /^interface agg/,
    /^interface vlan/,
    /^interface /,
    /^ip route /,
    /^ip (?:domain-name|name-server) /,
    /^ntp /,
    /^logging /,
    /^snmp-server /,
    /^lldp /,
    /^ip access-list /,
    /^line /,
  ],
  secrets: COMMON_SECRETS,
} satisfies ConfigRules);
