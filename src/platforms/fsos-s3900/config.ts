/**
 * Config rules of FS S3900-24T4S/-48T4S, FSOS 1.7.x (Edgecore-like). See docs/dialects.md
 * (`fsos-s3900`) and docs/config-engine.md. [I] facts are inferred from Edgecore.
 */
import { COMMON_SECRETS, COMMON_VOLATILE, INTERFACE as IFACE, NO_SHUTDOWN_LAST, PORT_VLAN_REFERENCES, TRUNK_MODE_OBJECT, type ConfigRules } from '../config-rules.js';

const VLAN_DB = /^vlan database$/;
const ACL = /^access-list (?:ip|mac|ipv6) (?:standard|extended) \S+$/;

/** FSOS S3900 config rules. */
export const FSOS_S3900_CONFIG: ConfigRules = Object.freeze({
  // `!<Version>0.0.2</Version>` is a comment line.
  volatile: COMMON_VOLATILE,
  comments: ['!'],
  terminators: ['exit'],
  blocks: [],
  sections: [
    { match: /^interface (?:ethernet \S+|vlan \d+|port-channel \d+)$/, within: null },
    { match: VLAN_DB, within: null },
    { match: ACL, within: null },
    { match: /^line (?:console|vty)$/, within: null },
  ],
  persistent: [
    { match: /^interface ethernet \S+$/, within: null },
    { match: VLAN_DB, within: null },
    { match: /^line /, within: null },
  ],
  // Edgecore ACLs carry no sequence numbers [I]: an entry's place is its order.
  ordered: [{ match: ACL, within: null }],
  defaults: [
    { match: /^VLAN 1 /, within: VLAN_DB },
    { match: /^no shutdown$/, within: IFACE },
  ],
  lists: [
    { match: /^VLAN (?<list>[\d,-]+) media ethernet$/, within: VLAN_DB, item: 'VLAN {} media ethernet' },
    { match: /^switchport trunk allowed vlan add (?<list>[\d,-]+)$/, within: IFACE, item: 'switchport trunk allowed vlan add {}', collapsed: 'switchport trunk allowed vlan add {}' },
    { match: /^switchport trunk allowed vlan remove (?<list>[\d,-]+)$/, within: IFACE, item: 'switchport trunk allowed vlan remove {}', collapsed: 'switchport trunk allowed vlan remove {}' },
  ],
  idempotent: [
    { match: /^hostname /, within: null },
    { match: /^username (\S+) (password|privilege) /, within: null },
    { match: /^ip default-gateway /, within: null },
    { match: /^snmp-server (location|contact) /, within: null },
    { match: /^lldp enable\b/, within: null },
    { match: /^VLAN (\d+) /, within: VLAN_DB },
    { match: /^description /, within: IFACE },
    { match: /^switchport mode /, within: IFACE },
    { match: /^switchport access vlan /, within: IFACE },
    { match: /^switchport trunk native vlan /, within: IFACE },
    { match: /^ip address \S+ \S+$/, within: IFACE },
    { match: /^ip access-group \S+ (in|out)$/, within: IFACE },
    { match: /^speed-duplex /, within: IFACE },
  ],
  negations: [
    { match: /^switchport trunk allowed vlan add (\d+)$/, within: IFACE, negate: 'switchport trunk allowed vlan remove $1' },
    { match: /^(description|switchport access vlan|switchport trunk native vlan|switchport mode|speed-duplex) /, within: IFACE, negate: 'no $1' },
    { match: /^ip address \S+ \S+$/, within: IFACE, negate: 'no ip address' },
    { match: /^VLAN (\d+) /, within: VLAN_DB, negate: 'no VLAN $1' },
    { match: /^username (\S+) /, within: null, negate: 'no username $1' },
    { match: /^(hostname|ip default-gateway|snmp-server location|snmp-server contact) /, within: null, negate: 'no $1' },
    { match: /^lldp enable\b/, within: null, negate: 'no lldp enable' },
    { match: /^snmp-server community (\S+) /, within: null, negate: 'no snmp-server community $1' },
    { match: /^logging server address (\S+)\b/, within: null, negate: 'no logging server address $1' },
  ],
  removals: [{ match: /^switchport trunk allowed vlan remove (\d+)$/, within: IFACE, removes: 'switchport trunk allowed vlan add $1' }],
  objects: [
    {
      kind: 'vlan',
      define: [{ match: /^VLAN (\d+) /, within: VLAN_DB }],
      references: [
        ...PORT_VLAN_REFERENCES,
        { match: /^switchport trunk allowed vlan add (\d+)$/, within: IFACE },
        { match: /^interface vlan (\d+)$/, within: null },
      ],
    },
    {
      kind: 'acl',
      define: [{ match: /^access-list \S+ \S+ (\S+)$/, within: null }],
      references: [{ match: /^ip access-group (\S+) (?:in|out)$/, within: IFACE }],
    },
    TRUNK_MODE_OBJECT,
  ],
  late: NO_SHUTDOWN_LAST,
  printOrder: [
    /^hostname /,
    /^username /,
    /^vlan database$/,
    /^interface ethernet /,
    /^interface port-channel /,
    /^interface vlan /,
    /^interface /,
    /^ip default-gateway /,
    /^ntp /,
    /^logging /,
    /^snmp-server /,
    /^lldp /,
    /^ip ssh /,
    /^access-list /,
    /^line /,
  ],
  secrets: COMMON_SECRETS,
} satisfies ConfigRules);
