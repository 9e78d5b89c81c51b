/**
 * A set of simulated devices on loopback: each with its own ssh2 server, port and
 * persisted host key.
 */
import type { Lab, LabDevice, LabDeviceSpec } from './types.js';
import { SimulatedDevice } from './device.js';
import { loadOrCreateHostKey } from './host-key.js';
import { SwitchyardError } from '../errors.js';

/** Options of {@link startLab}. */
interface StartLabOptions {
  /** Folder of persisted host keys (one file per device name). */
  readonly keyDir: string;
  readonly host?: '127.0.0.1';
}

class RunningLab implements Lab {
  private readonly byName: Map<string, SimulatedDevice>;

  constructor(readonly devices: readonly SimulatedDevice[]) {
    this.byName = new Map(devices.map((d) => [d.spec.name, d]));
  }

  device(name: string): LabDevice {
    const d = this.byName.get(name);
    if (!d) throw new SwitchyardError('UNKNOWN_DEVICE', `no simulated device ${name}; the lab has ${[...this.byName.keys()].join(', ')}`);
    return d;
  }

  async stop(): Promise<void> {
    await Promise.all(this.devices.map((d) => d.stop()));
  }
}

/** Starts one simulated switch per spec on 127.0.0.1; resolves when all listen. */
export async function startLab(specs: readonly LabDeviceSpec[], options: StartLabOptions): Promise<Lab> {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new SwitchyardError('USAGE', `two simulated devices are named ${s.name}`);
    seen.add(s.name);
  }
  // Keys first (sequentially: one small file each), then configs: a refused config
  // fails the whole lab before any port is opened.
  const devices: SimulatedDevice[] = [];
  for (const spec of specs) devices.push(new SimulatedDevice(spec, await loadOrCreateHostKey(options.keyDir, spec.name)));
  try {
    await Promise.all(devices.map((d) => d.listen()));
  } catch (err) {
    await Promise.all(devices.map((d) => d.stop()));
    throw new SwitchyardError('USAGE', `cannot start the simulated devices: ${(err as Error).message}`, { cause: err, hint: 'a port may be in use; pick another --base-port or let the lab choose free ports' });
  }
  return new RunningLab(devices);
}
