/**
 * The loaded Inventory: sites, devices and the lookups the rest of Switchyard uses
 * (identification by MAC, serial, name and port map). Indexes are built once, so every
 * lookup is a map access however large the fleet.
 */
import { SwitchyardError } from '../errors.js';
import { normaliseMac } from './mac.js';
import { comparePorts, normalisePort } from './ports.js';
import type { Device, Inventory, Site } from './types.js';

/** Builds the Inventory over validated sites (sorted by name) and group names. */
export function createInventory(root: string, sites: readonly Site[], groups: readonly string[]): Inventory {
  const devices = sites.flatMap((s) => s.devices);
  const siteByName = new Map(sites.map((s) => [s.name, s]));
  const byName = new Map<string, Device>();
  const byMac = new Map<string, Device>();
  const bySerial = new Map<string, Device>();
  const byCircuit = new Map<string, Device[]>();
  const byUplink = new Map<string, Device[]>();
  const downlinks = new Map<string, Device[]>();
  for (const d of devices) {
    byName.set(d.name, d);
    if (d.mac !== undefined) byMac.set(d.mac, d);
    if (d.serial !== undefined) bySerial.set(d.serial, d);
    if (d.circuitId !== undefined) push(byCircuit, d.circuitId.trim(), d);
    if (d.uplink !== undefined) {
      push(byUplink, uplinkKey(d.uplink.device, d.uplink.port), d);
      push(downlinks, d.uplink.device, d);
    }
  }
  for (const list of downlinks.values()) list.sort((a, b) => comparePorts(a.uplink!.port, b.uplink!.port));
  const none: readonly Device[] = Object.freeze([]);

  const site = (name: string): Site => {
    const s = siteByName.get(name);
    if (s === undefined) {
      throw new SwitchyardError('UNKNOWN_SITE', `unknown site "${name}"`, { hint: `known sites: ${sites.map((x) => x.name).join(', ') || '(none)'}` });
    }
    return s;
  };

  return Object.freeze({
    root,
    sites,
    devices,
    groups,
    site,
    device(siteName: string, name: string): Device {
      const s = site(siteName);
      const d = s.devices.find((x) => x.name === name);
      if (d === undefined) {
        throw new SwitchyardError('UNKNOWN_DEVICE', `unknown device "${name}" at site ${siteName}`, {
          hint: `devices of ${siteName}: ${s.devices.map((x) => x.name).join(', ') || '(none)'}`,
        });
      }
      return d;
    },
    byMac(mac: string): Device | undefined {
      const m = normaliseMac(mac);
      return m === undefined ? undefined : byMac.get(m);
    },
    byName: (name: string) => byName.get(name),
    bySerial: (serial: string) => bySerial.get(serial.trim()),
    byCircuitId: (circuitId: string) => byCircuit.get(circuitId.trim()) ?? none,
    byUplink: (device: string, port: string) => byUplink.get(uplinkKey(device, port)) ?? none,
    downlinks: (device: string) => downlinks.get(device) ?? none,
  });
}

/** The key of the port map: upstream device name and normalised port. */
function uplinkKey(device: string, port: string): string {
  return `${device}\u0000${normalisePort(port)}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
