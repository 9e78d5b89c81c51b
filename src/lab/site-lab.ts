/**
 * A site of the user's project served as simulated switches: each device of the site
 * from its baseline (optionally with drift) or factory-new, LLDP neighbours derived from
 * the port map, host keys kept in the project's state folder.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadInventory, type Device } from '../inventory/index.js';
import type { Lab, LabDeviceSpec, LabLldpNeighbour, SimulatedPlatform } from './types.js';
import { startLab } from './lab.js';
import { driftConfig } from './drift.js';
import { portCount } from './dialect.js';
import { SIMULATED_PLATFORMS } from './dialects/index.js';
import { SwitchyardError } from '../errors.js';

/** Options of {@link startSiteLab}. */
interface SiteLabOptions {
  /** Start every device factory-new (hostname `Switch`, `admin`/`admin`). */
  readonly factory?: boolean;
  /** Apply a little deterministic drift to each baseline. */
  readonly drift?: boolean;
  /** Device i listens on basePort + i; absent: free ports. */
  readonly basePort?: number;
  /** Host key folder; default `<root>/.switchyard/lab-keys`. */
  readonly keyDir?: string;
}

/** The port a device uses towards its uplink when the inventory does not say: the first trunk of its baseline, else the first uplink-class port. */
function uplinkPort(platform: SimulatedPlatform, model: string, baseline: string | undefined): string {
  if (baseline !== undefined) {
    const trunk = /^interface (.+)\n(?: .*\n)*? switchport mode trunk$/m.exec(baseline);
    if (trunk) return trunk[1]!;
  }
  const ports = portCount(model);
  if (platform === 'fsos-s5850') return `eth-0-${ports - 3}`;
  if (platform === 'fsos-s3900') return `ethernet 1/${ports - 3}`;
  return 'GigabitEthernet0/1';
}

/** A stable serial number for a device without one in the inventory. */
function serialOf(d: Device): string {
  return d.serial ?? `SIM${createHash('sha256').update(`${d.site}/${d.name}`).digest('hex').slice(0, 10).toUpperCase()}`;
}

function macOf(d: Device, index: number): string {
  return d.mac ?? `02:00:00:00:${((index >> 8) & 0xff).toString(16).padStart(2, '0')}:${(index & 0xff).toString(16).padStart(2, '0')}`;
}

/** Builds the specs of a site's devices (no ports opened). */
export async function siteLabSpecs(root: string, site: string, options: SiteLabOptions = {}): Promise<LabDeviceSpec[]> {
  const inventory = await loadInventory(root);
  const devices = inventory.site(site).devices;
  const others = devices.filter((d) => !(SIMULATED_PLATFORMS as readonly string[]).includes(d.platform));
  if (others.length > 0) {
    throw new SwitchyardError('USAGE', `the simulator speaks ${SIMULATED_PLATFORMS.join(', ')}; site ${site} has ${others.map((d) => `${d.name} (${d.platform})`).join(', ')}`, {
      hint: 'FRR devices are tested against real FRR (test/system), not simulated',
    });
  }
  const baselines = new Map<string, string>();
  for (const d of devices) {
    const path = join(root, 'baselines', site, `${d.name}.cfg`);
    try {
      baselines.set(d.name, await readFile(path, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (!options.factory) {
        throw new SwitchyardError('USAGE', `no baseline for ${d.name}: ${path}`, { hint: `run \`switchyard render --site ${site} --write\`, or start factory-new with --factory` });
      }
    }
  }

  // LLDP from the port map: a device with an uplink sees its upstream on its own uplink
  // port, and the upstream sees it on the mapped port.
  const byName = new Map(devices.map((d, i) => [d.name, { d, i }]));
  const lldp = new Map<string, LabLldpNeighbour[]>(devices.map((d) => [d.name, []]));
  for (const [i, d] of devices.entries()) {
    const up = d.uplink && byName.get(d.uplink.device);
    if (!d.uplink || !up) continue;
    const local = d.uplink.localPort ?? uplinkPort(d.platform as SimulatedPlatform, d.model ?? '', baselines.get(d.name));
    lldp.get(d.name)!.push({ localPort: local, systemName: up.d.name, portId: d.uplink.port, chassisId: macOf(up.d, up.i) });
    lldp.get(up.d.name)!.push({ localPort: d.uplink.port, systemName: options.factory ? 'Switch' : d.name, portId: local, chassisId: macOf(d, i) });
  }

  return devices.map((d, i) => {
    const platform = d.platform as SimulatedPlatform;
    const model = d.model ?? (platform === 'fsos-s3900' ? 'S3900-24T4S' : platform === 'ios' ? 'WS-C2960X-48TS-L' : 'S5850-48T4Q');
    const baseline = baselines.get(d.name);
    const config = options.factory || baseline === undefined ? undefined : options.drift ? driftConfig(platform, model, baseline, i) : baseline;
    return {
      name: d.name,
      platform,
      model,
      serial: serialOf(d),
      mac: macOf(d, i),
      ...(config === undefined ? { factory: true } : { config }),
      lldp: lldp.get(d.name)!,
      ...(options.basePort ? { port: options.basePort + i } : {}),
    };
  });
}

/** Serves every device of `site` on 127.0.0.1; resolves once all listen. */
export async function startSiteLab(root: string, site: string, options: SiteLabOptions = {}): Promise<Lab> {
  const specs = await siteLabSpecs(root, site, options);
  return startLab(specs, { keyDir: options.keyDir ?? join(root, '.switchyard', 'lab-keys') });
}

