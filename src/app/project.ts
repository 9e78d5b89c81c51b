/**
 * A project as the commands and the daemon's jobs use it: load it (inventory + renderer),
 * pick devices, and compute a device's desired config together with whether its committed
 * baseline is stale.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadInventory, type Device, type Inventory } from '../inventory/index.js';
import { openRenderer, renderAll } from '../render/index.js';
import { SwitchyardError } from '../errors.js';

/** A loaded project. */
export interface Project {
  readonly root: string;
  readonly stateDir: string;
  readonly inventory: Inventory;
  desired(device: Device): Promise<{ text: string; baselineStale: boolean }>;
}

/** The project's git-ignored state folder. */
export function stateDirOf(root: string): string {
  return join(root, '.switchyard');
}

/** Loads inventory and templates of the project at `root`. */
export async function loadProject(root: string): Promise<Project> {
  return openProject(root, await loadInventory(root));
}

/** Options of {@link openProject}. */
interface OpenProjectOptions {
  /**
   * Render every device once, and throw (InputErrors, every problem with its file and
   * line) when one fails: a project that opens is then one no job can fail to render.
   * The daemon opens so, and keeps its last good project otherwise.
   */
  readonly renderAll?: boolean;
}

/** The project of `inventory`, already loaded from `root`: reads the templates. */
export async function openProject(root: string, inventory: Inventory, options: OpenProjectOptions = {}): Promise<Project> {
  const renderer = await openRenderer(inventory);
  if (options.renderAll) renderAll(renderer, inventory.devices);
  return {
    root,
    stateDir: stateDirOf(root),
    inventory,
    async desired(device) {
      const text = renderer.render(device);
      const baseline = await readFile(join(root, 'baselines', device.site, `${device.name}.cfg`), 'utf8').catch(() => undefined);
      return { text, baselineStale: baseline !== text };
    },
  };
}

/**
 * The devices a command acts on: a site's, narrowed by `--device` or by `--limit`
 * (comma-separated names or globs with `*` and `?`, as Ansible's --limit).
 */
export function selectDevices(inventory: Inventory, site: string, device?: string, limit?: string): Device[] {
  const all = inventory.site(site).devices;
  if (device !== undefined) return [inventory.device(site, device)];
  if (limit === undefined) return [...all];
  const patterns = limit.split(',').map((p) => globToRegExp(p.trim()));
  const picked = all.filter((d) => patterns.some((re) => re.test(d.name)));
  if (picked.length === 0) {
    throw new SwitchyardError('UNKNOWN_DEVICE', `--limit ${limit} matches no device of site ${site}`, {
      hint: `devices of ${site}: ${all.map((d) => d.name).join(', ')}`,
    });
  }
  return picked;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
