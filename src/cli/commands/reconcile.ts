/**
 * `switchyard reconcile` and `switchyard plan`: bring a site's switches to their desired
 * config, pushing only the difference. Exit 0 in sync or converged, 2 drift in check
 * mode, 1 any device failed.
 */
import type { Command } from 'commander';
import { DEFAULT_FORKS, exitCodeOf, type DeviceResult, type ReconcileObserver } from '../../reconcile/index.js';
import { SwitchyardError } from '../../errors.js';
import { positiveInt } from '../arguments.js';
import { globalOptions } from '../global-options.js';
import { loadProject, openReconciler, selectDevices } from '../../app/index.js';
import { listrView } from '../views/listr.js';
import { plainObserver } from '../views/plain.js';
import { indent, summaryTable } from '../views/format.js';
import type { SetExit } from './index.js';

interface ReconcileFlags {
  site: string;
  device?: string;
  limit?: string;
  check?: boolean;
  diff?: boolean;
  forks: string;
  json?: boolean;
  endpoints?: string;
  connectTimeout?: string;
  commandTimeout?: string;
  verbose?: boolean;
}

/** Registers `reconcile` and `plan`. */
export function register(program: Command, setExit: SetExit): void {
  const add = (name: string, description: string, planMode: boolean) =>
    program
      .command(name)
      .description(description)
      .requiredOption('--site <site>', 'site to reconcile')
      .option('--device <name>', 'only this device')
      .option('--limit <pattern>', 'only devices matching NAME,GLOB,… (e.g. "FS-S3900-*")')
      .option('--check', 'compute and report the changes, push nothing (exit 2 on drift)')
      .option('--diff', 'show a unified diff of running → desired (secrets masked)')
      .option('--forks <n>', 'devices handled in parallel', String(DEFAULT_FORKS))
      .option('--json', 'print one JSON document with every result')
      .option('--endpoints <file>', 'JSON map DEVICE → "HOST:PORT" overriding management addresses (written by `switchyard lab`)')
      .option('--connect-timeout <ms>', 'SSH connect timeout', '15000')
      .option('--command-timeout <ms>', 'time to wait for a prompt after a command', '30000')
      .option('--verbose', 'print every step (plain output)')
      .action(async (flags: ReconcileFlags, cmd: Command) => {
        const results = await runReconcile(flags, cmd, planMode);
        setExit(exitCodeOf(results));
      });
  add('reconcile', 'bring devices to their desired config: push only the difference, verify, save', false);
  add('plan', 'what reconcile would change (= reconcile --check --diff); pushes nothing', true);
}

async function runReconcile(flags: ReconcileFlags, cmd: Command, planMode: boolean): Promise<DeviceResult[]> {
  const { root } = globalOptions(cmd);
  if (flags.device !== undefined && flags.limit !== undefined) throw new SwitchyardError('USAGE', '--device and --limit exclude each other');
  const forks = positiveInt(flags.forks, '--forks');
  const check = planMode || flags.check === true;
  const showDiff = planMode || flags.diff === true;
  const project = await loadProject(root);
  const devices = selectDevices(project.inventory, flags.site, flags.device, flags.limit);
  const reconciler = await openReconciler(project, {
    ...(flags.endpoints !== undefined ? { endpoints: flags.endpoints } : {}),
    connectTimeoutMs: positiveInt(flags.connectTimeout ?? '15000', '--connect-timeout'),
    commandTimeoutMs: positiveInt(flags.commandTimeout ?? '30000', '--command-timeout'),
  });

  const tty = process.stdout.isTTY === true && flags.json !== true && flags.verbose !== true;
  const view = tty ? listrView(devices) : undefined;
  const observer: ReconcileObserver | undefined = flags.json
    ? undefined
    : (view?.observer ?? plainObserver((l) => console.log(l), { showDiff, verbose: flags.verbose === true }));
  const viewDone = view?.run();
  const results = await reconciler.run(devices, { check, diff: showDiff, forks, ...(observer ? { observer } : {}) });
  await viewDone;

  if (flags.json) {
    console.log(JSON.stringify({ site: flags.site, check, exitCode: exitCodeOf(results), results }, null, 2));
  } else {
    if (tty && showDiff) {
      for (const r of results) if (r.diff) console.log(`\n${r.site}/${r.device}:\n${indent(r.diff.trimEnd(), 2)}`);
    }
    console.log(`\n${summaryTable(results)}`);
  }
  return results;
}
