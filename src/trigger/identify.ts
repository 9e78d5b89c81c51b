/**
 * Which inventory device an event is (docs/architecture.md, safety). A device is
 * identified by its MAC (inventory `mac:` or the binding remembered at provisioning),
 * never by the DHCP hostname alone; a hostname that names an inventory device the MAC
 * does not belong to is a spoof (or a mis-cabled clone) and is refused with an alert. A
 * switch nobody knows yet is a candidate new switch, identified by the port map: option
 * 82 circuit-id, else the LLDP neighbours it reports.
 */
import type { Device, Inventory } from '../inventory/index.js';
import type { LldpNeighbour } from '../device/index.js';
import type { LeaseEvent } from './types.js';

/** What the trigger knows beyond the inventory. */
export interface IdentifyContext {
  readonly inventory: Inventory;
  /** MAC → device name remembered at provisioning (the state folder's bindings). */
  readonly bindings?: ReadonlyMap<string, string>;
}

/** Who the event's MAC is, and whether its hostname lies about it. */
export interface KnownIdentity {
  readonly device?: Device;
  /** Set when the hostname names an inventory device that this MAC is not. */
  readonly spoof?: { readonly named: Device; readonly reason: string };
}

/** The outcome of a port-map identification. */
type PortMapResult =
  | { readonly ok: true; readonly device: Device; readonly how: string }
  | { readonly ok: false; readonly reason: string; readonly retry?: boolean };

const lowerNames = new WeakMap<Inventory, Map<string, Device>>();

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
/** Characters that change a hostname's bytes but not how it reads: controls, default-ignorables (zero-width, joiners, variation selectors, BOM, tags), combining marks. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Mn}\p{Me}]/gu;
/** Full stops that IDNA (UTS #46) reads as dots. */
const DOTS = /[\u3002\uff0e\uff61]/g;
/** Dash look-alikes: every dash punctuation, minus sign, hyphen bullet. */
const DASHES = /[\p{Pd}\u2212\u2043]/gu;

/**
 * A hostname as it is compared with device names: Unicode-compatibility folded (NFKC:
 * full-width letters read as ASCII), invisible characters and combining marks dropped,
 * IDNA's full stops read as dots and dash look-alikes as `-`, blanks trimmed (also around
 * dots), lower case, without a trailing dot. Kea lower-cases hostnames, and a client may
 * send any of the rest: `fs-s5850-srv`, `FS-S5850-SRV.example.com`, `FS-S5850-SRV\t`.
 * (Look-alike letters of other scripts — a Cyrillic `Е` — are not folded.)
 */
export function normalizeHostname(hostname: string): string {
  // Replay decides millions of lines: plain printable ASCII needs no Unicode work.
  if (PRINTABLE_ASCII.test(hostname)) return hostname.toLowerCase().replace(/\.+$/, '');
  return hostname
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(DOTS, '.')
    .replace(DASHES, '-')
    .trim()
    .toLowerCase()
    .replace(/\s*\.\s*/g, '.')
    .replace(/\.+$/, '');
}

/** The device a (normalised) hostname names: the whole name, else the longest prefix of whole labels (a domain suffix dropped). */
function deviceByHostname(inventory: Inventory, hostname: string): Device | undefined {
  let map = lowerNames.get(inventory);
  if (map === undefined) {
    map = new Map(inventory.devices.map((d) => [normalizeHostname(d.name), d]));
    lowerNames.set(inventory, map);
  }
  const h = normalizeHostname(hostname);
  // The whole name, else without its domain: drop labels from the right (a device name may hold dots).
  for (let end = h.length; end > 0; end = h.lastIndexOf('.', end - 1)) {
    const d = map.get(end === h.length ? h : h.slice(0, end));
    if (d !== undefined) return d;
  }
  return undefined;
}

const byMgmt = new WeakMap<Inventory, Map<string, Device>>();

/** The device whose inventory management address is `host`, if any. */
export function deviceByMgmtHost(inventory: Inventory, host: string): Device | undefined {
  let map = byMgmt.get(inventory);
  if (map === undefined) {
    map = new Map(inventory.devices.map((d) => [d.mgmt.host.toLowerCase(), d]));
    byMgmt.set(inventory, map);
  }
  return map.get(host.toLowerCase());
}

/** The MAC a device is known by: its inventory `mac:`, else a remembered binding. */
function macOf(ctx: IdentifyContext, device: Device): string | undefined {
  if (device.mac !== undefined) return device.mac;
  if (ctx.bindings) for (const [mac, name] of ctx.bindings) if (name === device.name) return mac;
  return undefined;
}

/** Looks the event's MAC up and checks its hostname against the inventory. */
export function identifyByMac(event: LeaseEvent, ctx: IdentifyContext): KnownIdentity {
  const bound = ctx.bindings?.get(event.mac);
  const device = ctx.inventory.byMac(event.mac) ?? (bound !== undefined ? ctx.inventory.byName(bound) : undefined);
  if (event.hostname === undefined) return device ? { device } : {};
  const named = deviceByHostname(ctx.inventory, event.hostname);
  if (named === undefined || named === device) return device ? { device } : {};
  const namedMac = macOf(ctx, named);
  const reason = device
    ? `hostname names inventory device ${named.name}, but MAC ${event.mac} belongs to ${device.name}`
    : namedMac !== undefined
      ? `hostname names inventory device ${named.name} (MAC ${namedMac}), but the lease is for MAC ${event.mac}`
      : `hostname names inventory device ${named.name}, which has no MAC in the inventory or bindings; MAC ${event.mac} is unknown and a hostname alone never identifies a device`;
  return device ? { device, spoof: { named, reason } } : { spoof: { named, reason } };
}

/** Candidate devices for an option 82 circuit-id: `circuit_id:` matches, else the uplink form `DEVICE PORT`. */
export function devicesByCircuitId(inventory: Inventory, circuitId: string): readonly Device[] {
  const direct = inventory.byCircuitId(circuitId);
  if (direct.length > 0) return direct;
  const m = /^(\S+)\s+(.+)$/.exec(circuitId.trim());
  return m ? inventory.byUplink(m[1]!, m[2]!) : [];
}

/** Candidate devices for the LLDP neighbours a new switch reports: those whose uplink is a neighbour and its port. */
export function devicesByLldp(inventory: Inventory, neighbours: readonly LldpNeighbour[]): readonly Device[] {
  const found = new Set<Device>();
  for (const n of neighbours) for (const d of inventory.byUplink(n.systemName, n.portId)) found.add(d);
  return [...found];
}

/**
 * Picks the one candidate, refusing none or several, and one whose inventory MAC is
 * another switch's (a different unit in that port: fix the inventory first).
 */
export function pickCandidate(ctx: IdentifyContext, event: LeaseEvent, candidates: readonly Device[], how: string): PortMapResult {
  if (candidates.length === 0) return { ok: false, reason: `${how} matches no inventory device` };
  if (candidates.length > 1) return { ok: false, reason: `${how} matches several inventory devices: ${candidates.map((d) => d.name).join(', ')}` };
  const device = candidates[0]!;
  const known = macOf(ctx, device);
  if (known !== undefined && known !== event.mac) {
    return { ok: false, reason: `${how} names ${device.name}, but its MAC is ${known}, not ${event.mac} (a replaced unit? update the inventory's mac)` };
  }
  return { ok: true, device, how };
}
