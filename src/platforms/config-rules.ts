/**
 * The config half of a platform: how its configuration text is parsed, normalised and
 * remediated. Pure data (regexes and templates) read by the generic engine in src/config;
 * a new platform is a new data file, never a new code path. docs/config-engine.md explains
 * each rule with examples.
 *
 * Every line rule is matched against a line's normalised text: no indentation, runs of
 * blanks collapsed to one space. Templates use `$1`…`$9` for the rule's capture groups.
 */

/** Where a rule applies: the line's own text, and optionally the header of its parent section. */
export interface LineMatch {
  /** Matched against the line's normalised text. */
  readonly match: RegExp;
  /**
   * Matched against the parent section's header. Absent: any depth; `null`: top level only.
   */
  readonly within?: RegExp | null;
}

/** A header that enters a sub-mode on the device, and the command that leaves it. */
export interface SectionRule extends LineMatch {
  /** Typed to leave the section (default `exit`); FRR and IOS address-families use `exit-address-family`. */
  readonly exit?: string;
}

/**
 * A multi-line block (IOS `banner motd ^C … ^C`): `start` matches its first line and
 * captures the delimiter in the named group `delim`; the block ends at the next line that
 * contains the delimiter (or on the first line itself when the delimiter appears twice).
 * Body lines are kept verbatim; the block is one atomic line of the config.
 */
export interface BlockRule {
  readonly start: RegExp;
}

/**
 * A section the device always has (physical ports, vty lines, FRR's kernel interfaces):
 * never deleted (the device refuses); its children are negated instead, and an empty one
 * equals an absent one.
 */
export interface PersistentSectionRule extends LineMatch {
  /**
   * One command that clears the whole section when none of its lines is wanted (IOS
   * `default interface $0`); `$0` is the header. Without it each child is negated.
   */
  readonly reset?: string;
}

/**
 * A section whose children are a sequence: order matters and a line may repeat (an ACL
 * without sequence numbers). Compared whole and, when different, deleted and re-entered.
 */
export interface OrderedSectionRule extends LineMatch {
  /** The section is keyed after all when every child matches this (an ACL whose entries carry sequence numbers). */
  readonly unlessChildren?: RegExp;
}

/**
 * A line that carries a list (`vlan range 10,20,30-32`). `match` captures the list in the
 * named group `list`.
 * - `expand` (default): one line per item, made from `item` (`{}` is the item) — so a
 *   collapsed list is compared, added and removed one item at a time and never yields a
 *   destructive negation of the whole list.
 * - `canonical`: kept as one line whose list is sorted and re-collapsed (`item` is the
 *   line with `{}` for the list), for commands that replace the whole list (IOS
 *   `switchport trunk allowed vlan LIST`).
 */
export interface ListRule extends LineMatch {
  readonly item: string;
  readonly mode?: 'expand' | 'canonical';
  /**
   * When set, a run of items typed together becomes this one command, `{}` being the
   * collapsed list: `switchport trunk allowed vlan add {}`, `vlan range {}`.
   */
  readonly collapsed?: string;
  /**
   * `canonical` lists only: lines that change the list in place, each capturing a list in
   * the group `list`. IOS prints a long allowed list as `… vlan LIST` followed by
   * `… vlan add LIST` lines, and `… vlan remove LIST` can be typed.
   */
  readonly extendedBy?: RegExp;
  readonly shrunkBy?: RegExp;
  /** `canonical` lists only: what the list is when no line is printed (`1-4094`: every VLAN). */
  readonly whenAbsent?: string;
}

/** How a line is undone when it is not wanted. Without a rule: `no LINE`, and `no X` is undone by `X`. */
export interface NegationRule extends LineMatch {
  /** The command, a template: `no description`, `no neighbor $1`, `switchport trunk allowed vlan remove $1`. */
  readonly negate: string;
}

/**
 * A command other than `no …`/`default …` that removes a line (FSOS `switchport trunk
 * allowed vlan remove N` removes `… add N`). Read by `predict`.
 */
export interface RemovalRule extends LineMatch {
  /** The line removed, a template on the command's captures. */
  readonly removes: string;
}

/** A line that refers to an object by name (group 1; with `list`, group 1 is a VLAN list naming several). */
export interface ReferenceRule extends LineMatch {
  readonly list?: boolean;
}

/**
 * A named object (VLAN, ACL, prefix-list, route-map, BGP neighbor): the lines that define it
 * and the lines that refer to it. Remediation creates objects before the lines that refer
 * to them and removes references before the object.
 */
export interface ObjectRule {
  /** A name for messages and docs (`vlan`, `acl`, `bgp-neighbor`). */
  readonly kind: string;
  /** Lines that define an object; its name is the capture groups joined by a space. */
  readonly define: readonly LineMatch[];
  readonly references?: readonly ReferenceRule[];
  /**
   * Where a name is unique: `global` (the whole config), `top` (within one top-level
   * section, e.g. the neighbors of one `router bgp`), `parent` (among siblings).
   */
  readonly scope?: 'global' | 'top' | 'parent';
  /** Deleting the defining line deletes every reference in scope (FRR `no neighbor X remote-as` deletes the neighbor). */
  readonly cascade?: boolean;
  /**
   * What the device does when a second sibling defines the same name: `ignore` it silently
   * (FRR: a prefix-list entry identical to another seq) or `reject` it (a duplicate ACL
   * sequence number). Remediation removes the old definition first.
   */
  readonly onDuplicate?: 'ignore' | 'reject';
}

/** Config rules of one platform. Frozen data. */
export interface ConfigRules {
  /** Top-level lines dropped before comparing: `show running-config` headers, version lines, timestamps, `end`. */
  readonly volatile: readonly RegExp[];
  /** Prefixes of comment and separator lines (`!`), dropped at any depth. */
  readonly comments: readonly string[];
  /** Lines that are structure, not content: section terminators (`exit`, `exit-address-family`). */
  readonly terminators: readonly string[];
  readonly blocks: readonly BlockRule[];
  readonly sections: readonly SectionRule[];
  readonly persistent: readonly PersistentSectionRule[];
  readonly ordered: readonly OrderedSectionRule[];
  /** Lines equal to the device's default, which it never prints (`no shutdown`, `vlan 1`): dropped with their children. */
  readonly defaults: readonly LineMatch[];
  readonly lists: readonly ListRule[];
  /**
   * Commands that replace each other, so the old line needs no negation: lines matching
   * the same rule with the same captures in the same section (`hostname`, `description`,
   * `neighbor (\S+) remote-as`).
   */
  readonly idempotent: readonly LineMatch[];
  readonly negations: readonly NegationRule[];
  readonly removals: readonly RemovalRule[];
  readonly objects: readonly ObjectRule[];
  /** Commands typed after everything else (`no shutdown`: a port comes up once its config is complete). */
  readonly late: readonly LineMatch[];
  /**
   * The order a device prints sections in, for the normalised text: a line takes the rank
   * of the first pattern it matches (unmatched: after all), then natural order.
   */
  readonly printOrder: readonly RegExp[];
  /** Secrets to mask in diffs and reports: group 1 is kept, group 2 is the secret. Global flag not needed. */
  readonly secrets: readonly RegExp[];
}

/** Secrets every Cisco-like dialect prints (passwords, `secret 5 …`, `password 7 …`, SNMP communities, keys). */
export const COMMON_SECRETS: readonly RegExp[] = Object.freeze([
  /(\b(?:secret|password)(?: \d+)? )(\S+)/,
  /(\bsnmp-server community )(\S+)/,
  /(\b(?:key-string|authentication-key(?: \d+ md5)?|message-digest-key \d+ md5)(?: \d+)? )(\S+)/,
  /(\b(?:tacacs-server|radius-server|server-private \S+) key(?: \d+)? )(\S+)/,
]);

/** Top-level lines every Cisco-like `show running-config` prints around the config. */
export const COMMON_VOLATILE: readonly RegExp[] = Object.freeze([
  /^Building (?:running )?configuration\.*(?: Please wait\.*)?$/i,
  /^Current configuration ?:.*$/,
  /^end$/,
]);

/** Matches any interface section header; the `within` of port-level rules. */
export const INTERFACE: RegExp = /^interface /;

/** `no shutdown` goes last: a port comes up once its whole config (VLANs, ACLs, STP) is in. */
export const NO_SHUTDOWN_LAST: readonly LineMatch[] = Object.freeze([{ match: /^no shutdown$/, within: INTERFACE }]);

/** A port's trunk lines need trunk mode first, and go before the port leaves trunk mode. */
export const TRUNK_MODE_OBJECT: ObjectRule = Object.freeze({
  kind: 'trunk-mode',
  define: [{ match: /^switchport mode (trunk)$/, within: INTERFACE }],
  references: [{ match: /^switchport (trunk) (?:allowed|native) /, within: INTERFACE }],
  scope: 'parent',
});

/**
 * A BGP neighbor (or peer-group) of one `router bgp`: defined by `neighbor X remote-as N`
 * (or `neighbor G peer-group`), referred to by every other `neighbor X …` line, the
 * address-family ones included (also printed negatives such as `no neighbor X activate`).
 * Deleting it deletes them (`no neighbor X`).
 */
export const BGP_NEIGHBOR_OBJECT: ObjectRule = Object.freeze({
  kind: 'bgp-neighbor',
  define: [{ match: /^neighbor (\S+) (?:remote-as \S+|peer-group)$/, within: /^router bgp / }],
  references: [{ match: /^(?:no )?neighbor (\S+) (?!remote-as |peer-group$)/ }],
  scope: 'top',
  cascade: true,
});

/** Where a route-map is referred to by name (BGP neighbors, redistribution). */
export const ROUTE_MAP_REFERENCES: readonly ReferenceRule[] = Object.freeze([
  { match: /^neighbor \S+ route-map (\S+) (?:in|out)$/ },
  { match: /^redistribute .* route-map (\S+)$/ },
]);

/** Where a port refers to one VLAN by number (access and native VLAN). */
export const PORT_VLAN_REFERENCES: readonly ReferenceRule[] = Object.freeze([
  { match: /^switchport access vlan (\d+)$/, within: INTERFACE },
  { match: /^switchport trunk native vlan (\d+)$/, within: INTERFACE },
]);
