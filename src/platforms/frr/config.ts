/**
 * Config rules of FRR 8.4 driven through vtysh, from facts observed on the real thing
 * (docs/platforms.md, FRR). See docs/config-engine.md.
 */
import { BGP_NEIGHBOR_OBJECT, COMMON_SECRETS, INTERFACE as IFACE, NO_SHUTDOWN_LAST, ROUTE_MAP_REFERENCES, type ConfigRules } from '../config-rules.js';

const BGP = /^router bgp \d+/;
const AF = /^address-family /;
const RMAP = /^route-map \S+ (?:permit|deny) \d+$/;

/** FRR config rules. */
export const FRR_CONFIG: ConfigRules = Object.freeze({
  volatile: [
    /^Building configuration\.*$/,
    /^Current configuration:?$/,
    /^frr (?:version|defaults) /,
    // `hostname X` typed in vtysh renames only that session (and prints a second hostname
    // line there); the daemons keep theirs. Not managed through vtysh.
    /^hostname /,
    /^end$/,
  ],
  comments: ['!'],
  terminators: ['exit', 'exit-address-family', 'exit-vrf', 'exit-vnc'],
  blocks: [],
  sections: [
    { match: IFACE, within: null },
    { match: /^router \S+/, within: null },
    { match: AF, within: BGP, exit: 'exit-address-family' },
    { match: RMAP, within: null },
    { match: /^(?:vrf \S+|line vty|key chain \S+|bfd)$/, within: null },
    { match: /^key \d+$/, within: /^key chain / },
    { match: /^peer /, within: /^bfd$/ },
  ],
  persistent: [
    // Kernel interfaces: `no interface X` is refused while the interface exists.
    { match: IFACE, within: null },
    // vtysh has no `no address-family`; an empty one is not printed.
    { match: AF, within: BGP },
    { match: /^line vty$/, within: null },
  ],
  ordered: [],
  defaults: [{ match: /^no shutdown$/, within: IFACE }],
  lists: [],
  idempotent: [
    { match: /^description /, within: IFACE },
    { match: /^bgp router-id /, within: BGP },
    { match: /^ip router-id /, within: null },
    // `neighbor X remote-as M` changes the AS in place.
    { match: /^neighbor (\S+) (remote-as|description|update-source|password|ebgp-multihop|timers connect) / },
    { match: /^neighbor (\S+) (route-map|prefix-list|filter-list) \S+ (in|out)$/, within: AF },
    { match: /^neighbor (\S+) maximum-prefix /, within: AF },
    // Re-entering an existing seq replaces that entry in place.
    { match: /^ip prefix-list (\S+) seq (\d+) /, within: null },
    { match: /^ipv6 prefix-list (\S+) seq (\d+) /, within: null },
    { match: /^access-list (\S+) seq (\d+) /, within: null },
    { match: /^set (local-preference|metric|weight|tag|origin) /, within: RMAP },
    { match: /^match ip address (?:prefix-list )?/, within: RMAP },
    { match: /^(?:log syslog|log file)\b/, within: null },
  ],
  negations: [
    // `no description <text>` is rejected; only the bare form works.
    { match: /^description /, within: IFACE, negate: 'no description' },
    // `no neighbor X remote-as N` deletes the whole neighbor; type what it does.
    { match: /^neighbor (\S+) remote-as /, within: BGP, negate: 'no neighbor $1' },
    { match: /^neighbor (\S+) (description|password|update-source|ebgp-multihop) /, negate: 'no neighbor $1 $2' },
    { match: /^bgp router-id /, within: BGP, negate: 'no bgp router-id' },
    { match: /^ip router-id /, within: null, negate: 'no ip router-id' },
  ],
  removals: [],
  objects: [
    {
      kind: 'prefix-list',
      define: [{ match: /^ip prefix-list (\S+) /, within: null }],
      references: [
        { match: /^match ip address prefix-list (\S+)$/, within: RMAP },
        { match: /^neighbor \S+ prefix-list (\S+) (?:in|out)$/ },
      ],
    },
    {
      // An entry identical (action, prefix, ge/le) to another seq of the list is silently
      // ignored: the old one must go before the new one is typed.
      kind: 'prefix-list-entry',
      define: [{ match: /^ip prefix-list (\S+) seq \d+ (.+)$/, within: null }],
      scope: 'parent',
      onDuplicate: 'ignore',
    },
    {
      kind: 'access-list',
      define: [{ match: /^access-list (\S+) /, within: null }],
      references: [{ match: /^match ip address (?!prefix-list )(\S+)$/, within: RMAP }],
    },
    {
      // A reference to a missing route-map is accepted, and deleting one still in use
      // leaves the reference dangling: create first, unbind before deleting.
      kind: 'route-map',
      define: [{ match: /^route-map (\S+) (?:permit|deny) \d+$/, within: null }],
      references: [...ROUTE_MAP_REFERENCES, { match: /^ip protocol \S+ route-map (\S+)$/, within: null }],
    },
    // Address-family lines are refused until the neighbor exists, and `no neighbor X`
    // deletes all its lines with it.
    BGP_NEIGHBOR_OBJECT,
    {
      kind: 'bgp-peer-group',
      define: [{ match: /^neighbor (\S+) peer-group$/, within: BGP }],
      references: [{ match: /^neighbor \S+ peer-group (\S+)$/, within: BGP }],
      scope: 'top',
    },
  ],
  late: NO_SHUTDOWN_LAST,
  printOrder: [
    /^(?:log|service|password|enable password) /,
    /^(?:ip|ipv6) router-id /,
    /^vrf /,
    /^interface /,
    /^router bgp /,
    /^router /,
    /^(?:ip|ipv6) route /,
    /^access-list /,
    /^(?:ip|ipv6) prefix-list /,
    /^bgp (?:community|as-path|large-community)-list /,
    /^route-map /,
    /^line /,
    // Inside router bgp: the process settings, the neighbors, networks, then the address-families.
    /^bgp /,
    /^no bgp /,
    /^neighbor \S+ (?:remote-as|peer-group)/,
    /^neighbor /,
    /^(?:network|redistribute|aggregate-address) /,
    /^address-family /,
  ],
  secrets: COMMON_SECRETS,
} satisfies ConfigRules);
