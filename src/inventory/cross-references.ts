/**
 * Rules that span nodes and files, checked after the schema: every name, address and
 * port-map entry must be unambiguous, because zero-touch provisioning identifies a
 * switch by exactly these (MAC, serial, circuit-id, uplink port) and a duplicate would
 * let one switch receive another's configuration.
 */
import { isIP } from 'node:net';
import type { InputProblem, SourceLocation } from '../errors.js';
import { formatLocation } from '../errors.js';
import { normalisePort } from './ports.js';
import { pointerSegment, type PositionedYaml } from './yaml-positions.js';

/** A device entry as written, with where it was written. */
export interface DeviceEntry {
  readonly name: string;
  readonly site: string;
  readonly doc: PositionedYaml;
  /** JSON pointer of the device's mapping (`/devices/<name>`). */
  readonly pointer: string;
  /** The raw entry; only set when it passed the schema (then its fields have the right types). */
  readonly raw?: RawDeviceFields;
}

/** The schema-checked fields of a device entry that the rules read. */
export interface RawDeviceFields {
  readonly groups?: readonly string[];
  readonly mac?: string;
  readonly serial?: string;
  readonly mgmt: { readonly host: string; readonly port?: number };
  readonly uplink?: { readonly device: string; readonly port: string };
  readonly circuit_id?: string;
}

/** Finds a location in a document: the key for collections and keys, else the value. */
export function locate(doc: PositionedYaml, pointer: string, atKey = false): SourceLocation {
  const place = doc.place(pointer);
  const pos = atKey ? (place.key ?? place.value) : place.value;
  return { file: doc.file, line: pos.line, column: pos.column };
}

/** Checks the fleet-wide rules over all device entries (in file order); `groups` undefined skips group checks. */
export function checkReferences(entries: readonly DeviceEntry[], groups: ReadonlySet<string> | undefined, normaliseMac: (m: string) => string | undefined): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (doc: PositionedYaml, pointer: string, message: string, hint?: string, atKey = false): void => {
    const location = locate(doc, pointer, atKey);
    problems.push(hint === undefined ? { location, path: pointer, message } : { location, path: pointer, message, hint });
  };
  const where = (e: DeviceEntry, sub = '', atKey = false): string => formatLocation(locate(e.doc, e.pointer + sub, atKey));

  const names = new Map<string, DeviceEntry>();
  for (const e of entries) {
    const first = names.get(e.name);
    if (first === undefined) names.set(e.name, e);
    else add(e.doc, e.pointer, `device "${e.name}" is already defined at ${where(first, '', true)}`, 'device names are unique across all sites (they are the switches\' hostnames)', true);
  }

  const macs = new Map<string, DeviceEntry>();
  const serials = new Map<string, DeviceEntry>();
  const mgmt = new Map<string, DeviceEntry>();
  const circuits = new Map<string, DeviceEntry>();
  const ports = new Map<string, DeviceEntry>();
  for (const e of entries) {
    const raw = e.raw;
    if (raw === undefined) continue;
    const listed = new Map<string, number>();
    raw.groups?.forEach((g, i) => {
      // A repeated group adds nothing but hides an intent: `[core, core]` was meant as `[core, access]`.
      const first = listed.get(g);
      if (first !== undefined) {
        add(e.doc, `${e.pointer}/groups/${i}`, `group "${g}" is listed twice (first at ${where(e, `/groups/${first}`)})`, 'list each group once; the order of the list is the order of precedence');
        return;
      }
      listed.set(g, i);
      if (groups !== undefined && !groups.has(g)) {
        add(e.doc, `${e.pointer}/groups/${i}`, `unknown group "${g}"`, `groups defined in inventory/groups.yml: ${[...groups].join(', ') || '(none)'}`);
      }
    });
    if (raw.mac !== undefined) {
      const mac = normaliseMac(raw.mac);
      if (mac === undefined) {
        add(e.doc, `${e.pointer}/mac`, `"${raw.mac}" is not a MAC address`, 'write six hex pairs, e.g. 64:9d:99:00:00:01 (64-9D-99-00-00-01 and 649d.9900.0001 work too)');
      } else {
        const first = macs.get(mac);
        if (first === undefined) macs.set(mac, e);
        else add(e.doc, `${e.pointer}/mac`, `MAC ${mac} is also the MAC of ${first.name} (${where(first, '/mac')})`, 'each switch has its own MAC; check for a copy-paste error');
      }
    }
    if (raw.serial !== undefined) {
      const first = serials.get(raw.serial);
      if (first === undefined) serials.set(raw.serial, e);
      else add(e.doc, `${e.pointer}/serial`, `serial ${raw.serial} is also the serial of ${first.name} (${where(first, '/serial')})`);
    }
    const hostProblem = checkHost(raw.mgmt.host);
    if (hostProblem !== undefined) {
      add(e.doc, `${e.pointer}/mgmt/host`, hostProblem, 'write an IPv4 address (10.10.0.2), an IPv6 address or a DNS name');
    } else {
      const key = `${raw.mgmt.host.toLowerCase()} port ${raw.mgmt.port ?? 22}`;
      const first = mgmt.get(key);
      if (first === undefined) mgmt.set(key, e);
      else add(e.doc, `${e.pointer}/mgmt/host`, `management address ${key} is also used by ${first.name} (${where(first, '/mgmt/host')})`, 'two switches cannot share one management address and port');
    }
    if (raw.circuit_id !== undefined) {
      const first = circuits.get(raw.circuit_id.trim());
      if (first === undefined) circuits.set(raw.circuit_id.trim(), e);
      else add(e.doc, `${e.pointer}/circuit_id`, `circuit_id "${raw.circuit_id}" is also the circuit_id of ${first.name} (${where(first, '/circuit_id')})`, 'a circuit-id names one switch port; zero-touch identification needs it unique');
    }
    if (raw.uplink !== undefined) {
      const up = raw.uplink;
      if (up.device === e.name) {
        add(e.doc, `${e.pointer}/uplink/device`, `device ${e.name} cannot be its own uplink`);
      } else if (!names.has(up.device)) {
        const local = entries.filter((x) => x.site === e.site && x.name !== e.name).map((x) => x.name);
        add(e.doc, `${e.pointer}/uplink/device`, `uplink to unknown device "${up.device}"`, `devices at site ${e.site}: ${local.join(', ') || '(none)'}`);
      } else {
        const key = `${up.device}\u0000${normalisePort(up.port)}`;
        const first = ports.get(key);
        if (first === undefined) ports.set(key, e);
        else add(e.doc, `${e.pointer}/uplink/port`, `port ${up.port} of ${up.device} is already the uplink of ${first.name} (${where(first, '/uplink/port')})`, 'one port connects one switch; fix the port map');
      }
    }
  }
  return problems;
}

/** Device names in a site document, for duplicate and uplink checks even when the site fails the schema. */
export function declaredDevices(doc: PositionedYaml, site: string): DeviceEntry[] {
  const v = doc.value as { devices?: unknown } | null | undefined;
  if (typeof v !== 'object' || v === null || typeof v.devices !== 'object' || v.devices === null || Array.isArray(v.devices)) return [];
  return Object.keys(v.devices).map((name) => ({ name, site, doc, pointer: `/devices/${pointerSegment(name)}` }));
}

/** Returns why `host` is not a usable address (IPv4, IPv6 or DNS name), or undefined when it is. */
export function checkHost(host: string): string | undefined {
  if (isIP(host) !== 0) return undefined;
  // Dotted numbers are meant as IPv4 (a DNS name's last label is never all digits).
  if (/^[\d.]+$/.test(host)) return `"${host}" is not a valid IPv4 address`;
  if (host.includes(':')) return `"${host}" is not a valid IPv6 address`;
  const labels = host.split('.');
  const ok = host.length <= 253 && labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
  return ok ? undefined : `"${host}" is not an IP address or a DNS name`;
}
