import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory } from '../../../src/inventory/index.js';
import { InputErrors, formatProblem } from '../../../src/errors.js';

/**
 * Loads a project of one site, `inventory/sites/s1.yml` = `siteLines`, with groups `core`
 * and `access`: the devices' platforms when it loads, else the formatted problems.
 */
export async function loadSite(siteLines: readonly string[], defaultsText = 'credentials: { username: netops }\n'): Promise<{ platforms?: Record<string, string>; problems?: string[]; code?: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-inventory-'));
  try {
    await mkdir(join(dir, 'inventory', 'sites'), { recursive: true });
    await writeFile(join(dir, 'inventory', 'defaults.yml'), defaultsText);
    await writeFile(join(dir, 'inventory', 'groups.yml'), 'core: {}\naccess: {}\n');
    await writeFile(join(dir, 'inventory', 'sites', 's1.yml'), `${siteLines.join('\n')}\n`);
    try {
      const inv = await loadInventory(dir);
      return { platforms: Object.fromEntries(inv.devices.map((d) => [d.name, d.platform])) };
    } catch (err) {
      if (!(err instanceof InputErrors)) throw err;
      return { problems: err.problems.map(formatProblem), code: err.code };
    }
  } finally {
    await rm(dir, { recursive: true });
  }
}
