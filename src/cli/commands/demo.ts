/**
 * `switchyard demo` (what `npm run demo` runs): the example site's switches are started as
 * simulated switches on loopback with some drift, reconciled for real over SSH, then
 * reconciled again to show `Configuration OK` for every switch; the simulators stop.
 */
import type { Command } from 'commander';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSiteLab } from '../../lab/index.js';
import { exitCodeOf, type Endpoint } from '../../reconcile/index.js';
import { globalOptions } from '../global-options.js';
import { loadProject, openReconciler } from '../../app/index.js';
import { plainObserver } from '../views/plain.js';
import { summaryTable } from '../views/format.js';
import type { SetExit } from './index.js';

/** The password whose MD5-crypt hash the example inventory carries (`vars.account_secret_hash`). */
const DEMO_PASSWORD = 'switchyard-demo';

/** Registers `demo`. */
export function register(program: Command, setExit: SetExit): void {
  program
    .command('demo')
    .description('reconcile the example site against simulated switches on loopback, twice')
    .option('--site <site>', 'site of the example project', 'hq')
    .option('--keep-state', 'keep the temporary state folder (backups, run journal) and print its path')
    .action(async (flags: { site: string; keepState?: boolean }, cmd: Command) => {
      const { root } = globalOptions(cmd);
      // The example inventory takes the team password from the environment, as a real one
      // would; the demo supplies the demo account's password when none is set.
      process.env.SWITCHYARD_PASSWORD ??= DEMO_PASSWORD;
      const project = await loadProject(root);
      // A fresh state folder: simulated switches get new ports each run, so pins, backups
      // and the journal of one demo must not meet the next one's.
      const stateDir = await mkdtemp(join(tmpdir(), 'switchyard-demo-'));
      const log = (l: string) => console.log(l);
      log(`Starting the simulated switches of site ${flags.site} (with drift) on 127.0.0.1 …`);
      let code = 1;
      const lab = await startSiteLab(root, flags.site, { drift: true, keyDir: join(stateDir, 'lab-keys') }).catch(async (err: unknown) => {
        await rm(stateDir, { recursive: true, force: true });
        throw err;
      });
      try {
        const endpoints = new Map<string, Endpoint>(lab.devices.map((d) => [d.spec.name, { host: d.host, port: d.port }]));
        for (const d of lab.devices) log(`  ${d.spec.name.padEnd(16)} ssh -p ${d.port} netops@127.0.0.1   (${d.spec.model})`);
        const devices = project.inventory.site(flags.site).devices;
        const reconciler = await openReconciler(project, { stateDir, endpoints });
        log('\n== Run 1: reconcile — push only what differs, verify, save ==');
        const first = await reconciler.run(devices, { check: false, diff: true, observer: plainObserver(log, { showDiff: true }) });
        log(`\n${summaryTable(first)}`);
        log('\n== Run 2: reconcile again — nothing left to do ==');
        const second = await reconciler.run(devices, { check: false, diff: false, observer: plainObserver(log, { showDiff: false }) });
        log(`\n${summaryTable(second)}`);
        for (const d of lab.devices) log(`  ${d.spec.name}: ${d.saves} save(s), ${d.commands.filter((c) => c.mode === 'config').length} config command(s) received`);
        code = Math.max(exitCodeOf(first), exitCodeOf(second));
        if (code === 0 && second.every((r) => r.outcome === 'in-sync')) log('\nDemo OK: every switch converged, and the second run found nothing to change.');
        else code = 1;
      } finally {
        await lab.stop();
        if (flags.keepState) log(`State folder kept: ${stateDir}`);
        else await rm(stateDir, { recursive: true, force: true });
      }
      setExit(code);
    });
}
