/**
 * `switchyard lab`: simulated switches on 127.0.0.1 until interrupted — a site of the
 * project (from its baselines, optionally drifted, or factory-new), or a generated fleet
 * for benchmarks. Prints one line per device with its address and host key (or one JSON
 * line with `--json`) once every device listens.
 */
import type { Command } from 'commander';
import { join, relative } from 'node:path';
import type { SetExit } from './index.js';
import { SwitchyardError } from '../../errors.js';
import { globalOptions } from '../global-options.js';
import { startLab, startSiteLab, generateFleet, SIMULATED_PLATFORMS, type Lab, type LabDeviceSpec } from '../../lab/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

interface LabFlags {
  readonly site?: string;
  readonly factory?: boolean;
  readonly drift?: boolean;
  readonly basePort?: string;
  readonly json?: boolean;
  readonly generate?: string;
  readonly platform: string;
  readonly desiredDir?: string;
  readonly keyDir?: string;
}

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new SwitchyardError('USAGE', `${name} must be an integer from ${min} to ${max}, not "${value}"`);
  return n;
}

/** Registers `lab`. */
export function register(program: Command, setExit: SetExit): void {
  program
    .command('lab')
    .description('serve simulated switches on 127.0.0.1 until interrupted: a site of the project, or a generated fleet')
    .option('--site <site>', 'serve the devices of this site (from baselines/<site>/)')
    .option('--factory', 'start every device factory-new (hostname Switch, admin/admin)')
    .option('--drift', 'apply a little deterministic drift to each baseline (a description, a VLAN, a stray line)')
    .option('--base-port <port>', 'device i listens on PORT+i (default: free ports)')
    .option('--json', 'print one JSON line describing every device instead of one line each')
    .option('--generate <n>', 'serve N generated switches (benchmarks; netops/switchyard-demo; every tenth drifted)')
    .option('--platform <platform>', `platform of generated switches: ${SIMULATED_PLATFORMS.join(', ')}`, SIMULATED_PLATFORMS[0])
    .option('--desired-dir <dir>', 'with --generate: write each generated switch\'s desired config to DIR/<name>.cfg')
    .option('--key-dir <dir>', 'host key folder (default: <root>/.switchyard/lab-keys)')
    .action(async (flags: LabFlags, cmd: Command) => {
      const { root } = globalOptions(cmd);
      if ((flags.site === undefined) === (flags.generate === undefined)) {
        throw new SwitchyardError('USAGE', 'give either --site SITE or --generate N', { hint: 'switchyard lab --site hq' });
      }
      const basePort = integer(flags.basePort, '--base-port', 1, 65535);
      const keyDir = flags.keyDir ?? join(root, '.switchyard', 'lab-keys');
      let lab: Lab;
      const drifted = new Set<string>();
      if (flags.site !== undefined) {
        lab = await startSiteLab(root, flags.site, { factory: flags.factory === true, drift: flags.drift === true, basePort, keyDir });
      } else {
        const count = integer(flags.generate, '--generate', 1, 5000)!;
        if (!(SIMULATED_PLATFORMS as readonly string[]).includes(flags.platform)) throw new SwitchyardError('USAGE', `--platform must be one of ${SIMULATED_PLATFORMS.join(', ')}`);
        const fleet = generateFleet(count, flags.platform as LabDeviceSpec['platform']);
        if (flags.desiredDir !== undefined) {
          for (const g of fleet) await writeFileAtomic(join(flags.desiredDir, `${g.spec.name}.cfg`), g.desired);
        }
        for (const g of fleet) if (g.drifted) drifted.add(g.spec.name);
        lab = await startLab(
          fleet.map((g, i) => (basePort ? { ...g.spec, port: basePort + i } : g.spec)),
          { keyDir },
        );
      }
      if (flags.json) {
        const devices = lab.devices.map((d) => ({
          name: d.spec.name,
          platform: d.spec.platform,
          model: d.spec.model,
          serial: d.spec.serial,
          mac: d.spec.mac,
          host: d.host,
          port: d.port,
          hostKey: d.hostKey,
          factory: d.spec.factory === true,
          ...(flags.generate !== undefined ? { drifted: drifted.has(d.spec.name) } : {}),
        }));
        process.stdout.write(`${JSON.stringify({ devices })}\n`);
      } else {
        process.stdout.write(lab.devices.map((d) => `${d.spec.name} ${d.host}:${d.port} hostkey ${d.hostKey}\n`).join(''));
      }
      // Where each device listens, in the form `reconcile --endpoints` and `watch --endpoints` read.
      const endpointsFile = join(root, '.switchyard', 'lab', 'endpoints.json');
      const endpoints = Object.fromEntries(lab.devices.map((d) => [d.spec.name, `${d.host}:${d.port}`]));
      await writeFileAtomic(endpointsFile, `${JSON.stringify(endpoints, null, 2)}\n`);
      process.stderr.write(`serving ${lab.devices.length} simulated switch(es) on 127.0.0.1; Ctrl-C stops\n`);
      if (flags.site !== undefined) {
        process.stderr.write(`reach them with: switchyard reconcile --site ${flags.site} --endpoints ${relative(process.cwd(), endpointsFile) || endpointsFile}\n`);
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await lab.stop();
      setExit(0);
    });
}
