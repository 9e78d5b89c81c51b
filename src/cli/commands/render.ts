/**
 * `switchyard render`: the desired config of each device, from inventory and templates.
 * Prints it, writes it to `baselines/<site>/<device>.cfg` (`--write`), or checks that the
 * committed baselines are current (`--check`: a unified diff per stale or missing one,
 * exit 1), as the CI of an inventory repository runs it.
 */
import { Option, type Command } from 'commander';
import { SwitchyardError } from '../../errors.js';
import { loadInventory, type Device, type Inventory } from '../../inventory/index.js';
import { baselineDiff, compareBaselines, openRenderer, orphanBaselines, renderAll, writeBaseline } from '../../render/index.js';
import { globalOptions } from '../global-options.js';
import { selectDevices } from '../../app/index.js';
import type { SetExit } from './index.js';

interface RenderFlags {
  readonly site?: string;
  readonly device?: string;
  readonly write?: boolean;
  readonly check?: boolean;
}

/** Registers `render`. */
export function register(program: Command, setExit: SetExit): void {
  program
    .command('render')
    .description('render desired configs: print them, write baselines/<site>/<device>.cfg, or check the baselines are current')
    .option('--site <site>', 'only this site (default: every site)')
    .option('--device <name>', 'only this device')
    .addOption(new Option('--write', 'write baselines/<site>/<device>.cfg (atomically) and list what changed').conflicts('check'))
    .addOption(new Option('--check', 'exit 1 with a unified diff when a baseline is stale or missing'))
    .action(async (flags: RenderFlags, cmd: Command) => {
      const { root } = globalOptions(cmd);
      const inventory = await loadInventory(root);
      const devices = pick(inventory, flags);
      const renderer = await openRenderer(inventory);
      if (flags.write) return write(root, await compareBaselines(renderer, devices));
      if (flags.check) {
        const orphans = flags.device === undefined ? await orphanBaselines(root, sitesOf(inventory, flags), flags.site === undefined) : [];
        return setExit(check(await compareBaselines(renderer, devices), orphans, flags));
      }
      const rendered = renderAll(renderer, devices);
      if (rendered.length === 1) process.stdout.write(rendered[0]!.text);
      else process.stdout.write(rendered.map((r) => `==> baselines/${r.device.site}/${r.device.name}.cfg <==\n${r.text}`).join('\n'));
    });
}

function pick(inventory: Inventory, flags: RenderFlags): Device[] {
  if (flags.site !== undefined) return selectDevices(inventory, flags.site, flags.device);
  if (flags.device === undefined) return [...inventory.devices];
  const d = inventory.byName(flags.device);
  if (d === undefined) {
    const names = inventory.devices.map((x) => x.name);
    const shown = names.length > 20 ? `${names.slice(0, 20).join(', ')} … (${names.length} in all)` : names.join(', ');
    throw new SwitchyardError('UNKNOWN_DEVICE', `unknown device "${flags.device}"`, { hint: `devices: ${shown}` });
  }
  return [d];
}

function sitesOf(inventory: Inventory, flags: RenderFlags): Inventory['sites'] {
  return flags.site === undefined ? inventory.sites : [inventory.site(flags.site)];
}

async function write(root: string, statuses: Awaited<ReturnType<typeof compareBaselines>>): Promise<void> {
  let created = 0;
  let updated = 0;
  for (const s of statuses) {
    if (s.state === 'same') continue;
    await writeBaseline(root, s);
    if (s.state === 'missing') created++;
    else updated++;
    console.log(`${s.state === 'missing' ? 'created' : 'updated'} ${s.file}`);
  }
  console.log(`${statuses.length} baselines: ${created} created, ${updated} updated, ${statuses.length - created - updated} unchanged`);
}

function check(statuses: Awaited<ReturnType<typeof compareBaselines>>, orphans: readonly string[], flags: RenderFlags): number {
  const bad = statuses.filter((s) => s.state !== 'same');
  for (const s of bad) process.stdout.write(baselineDiff(s));
  for (const o of orphans) console.log(`orphan ${o}: no ${o.endsWith('/') ? 'site' : 'device'} of the inventory renders it (delete it if it is gone)`);
  if (bad.length === 0 && orphans.length === 0) {
    console.log(`OK: ${statuses.length} baselines match the inventory and templates`);
    return 0;
  }
  const scope = [flags.site ? `--site ${flags.site}` : '', flags.device ? `--device ${flags.device}` : ''].filter(Boolean).join(' ');
  const what = [`${bad.filter((s) => s.state === 'stale').length} stale`, `${bad.filter((s) => s.state === 'missing').length} missing`];
  if (orphans.length) what.push(`${orphans.length} orphan`);
  const todo = [bad.length ? `run: switchyard render ${scope ? `${scope} ` : ''}--write` : '', orphans.length ? 'delete the orphan baselines' : ''].filter(Boolean).join('; ');
  console.error(`baselines out of date: ${what.join(', ')} (of ${statuses.length}); ${todo}`);
  return 1;
}
