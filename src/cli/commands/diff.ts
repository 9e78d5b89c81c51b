/**
 * `switchyard diff --platform P [--model M] RUNNING DESIRED [--rollback] [--json]`: offline, the
 * commands that take a switch from the RUNNING config file to the DESIRED one (with
 * `--rollback`, back again), indented as they would be typed after `configure terminal`.
 * P is any platform word the inventory takes (a family of platforms with `--model` picks the
 * dialect as the inventory's model does). `--json` prints `{ platform, commands, diff, converges }`
 * with the platform's own name. Secrets are masked unless
 * `--show-secrets`. Exit 0 when the configs already match, 2 when there are commands
 * (as `reconcile --check` exits on drift), 1 on an error.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SwitchyardError } from '../../errors.js';
import { choosePlatform } from '../../inventory/index.js';
import { getPlatform, PLATFORMS, PLATFORM_FAMILIES, type PlatformName } from '../../platforms/index.js';
import { checkConvergence, maskSecrets, remediate, unifiedDiff } from '../../config/index.js';
import type { SetExit } from './index.js';

interface DiffFlags {
  readonly platform: string;
  readonly model?: string;
  readonly rollback?: boolean;
  readonly json?: boolean;
  readonly showSecrets?: boolean;
}

/** Registers `diff`. */
export function register(program: Command, setExit: SetExit): void {
  program
    .command('diff')
    .description('print the commands (with `no` lines) that turn the RUNNING config file into DESIRED; exit 2 when there are any')
    .argument('<running>', 'running config file (as `show running-config` prints it)')
    .argument('<desired>', 'desired config file (a baseline)')
    .requiredOption('--platform <name>', [...Object.keys(PLATFORMS), ...Object.keys(PLATFORM_FAMILIES).map((f) => `${f} (with --model)`)].join(' | '))
    .option('--model <model>', `the switch model; with --platform ${Object.keys(PLATFORM_FAMILIES).join(' or ')} it picks the dialect, as in the inventory`)
    .option('--rollback', 'print the commands that take DESIRED back to RUNNING instead')
    .option('--json', 'print { platform, commands, diff, converges } as JSON')
    .option('--show-secrets', 'do not mask passwords, secrets, communities and keys')
    .action(async (runningFile: string, desiredFile: string, flags: DiffFlags) => {
      const platform = platformOf(flags.platform, flags.model);
      const rules = getPlatform(platform).config;
      const [running, desired] = await Promise.all([readConfig(runningFile, 'RUNNING'), readConfig(desiredFile, 'DESIRED')]);
      const [from, to, fromName, toName] = flags.rollback ? [desired, running, desiredFile, runningFile] : [running, desired, runningFile, desiredFile];
      const r = remediate(from, to, rules);
      const mask = (text: string): string => (flags.showSecrets ? text : maskSecrets(text, rules));
      const converges = checkConvergence(from, to, r.commands, rules);
      if (flags.json) {
        const out = {
          platform,
          commands: r.commands.map(mask),
          diff: unifiedDiff(from, to, rules, { from: fromName, to: toName }),
          converges: converges === undefined,
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else if (!r.empty) {
        process.stdout.write(mask(r.lines.map((l) => `${' '.repeat(l.depth)}${l.text}\n`).join('')));
      }
      if (converges !== undefined) console.error(`warning: ${converges}`);
      setExit(r.empty ? 0 : 2);
    });
}

/** The inventory's rules, so that `--platform` takes exactly the words a device's `platform:` takes. */
function platformOf(word: string, model: string | undefined): PlatformName {
  const choice = choosePlatform(word, model);
  if (choice.ok) return choice.platform;
  throw new SwitchyardError('UNKNOWN_PLATFORM', choice.message, { hint: choice.hint });
}

async function readConfig(file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new SwitchyardError('USAGE', `cannot read the ${what} config file ${file} (${code})`, { cause: err });
  }
}
