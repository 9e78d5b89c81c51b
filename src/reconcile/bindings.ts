/**
 * The MAC → device bindings provisioning learns (`<state>/bindings.json`): written once a
 * provisioned switch is saved, read by the trigger to know a switch by its MAC after its
 * hostname changed. This file is their one reader and writer.
 */
import { normaliseMac, type Device } from '../inventory/index.js';
import { readStateFile, updateStateFile } from './state-file.js';

/** A MAC → device binding learned by provisioning. */
interface Binding {
  readonly site: string;
  readonly device: string;
  readonly time: string;
}

const FILE = 'bindings';

/** The bindings as identification uses them: MAC (normalised) → device name; entries that are neither are skipped. */
export async function readBindings(stateDir: string): Promise<Map<string, string>> {
  const bindings = new Map<string, string>();
  for (const [mac, b] of Object.entries((await readStateFile<Partial<Binding> | null>(stateDir, FILE)) ?? {})) {
    const m = normaliseMac(mac);
    if (m !== undefined && typeof b?.device === 'string') bindings.set(m, b.device);
  }
  return bindings;
}

/** Records that `mac` is `device`, safe against concurrent provisioning. */
export async function rememberBinding(stateDir: string, mac: string | undefined, device: Device): Promise<void> {
  if (!mac) return;
  await updateStateFile<Binding>(stateDir, FILE, (bindings) => {
    bindings[mac.toLowerCase()] = { site: device.site, device: device.name, time: new Date().toISOString() };
  });
}
