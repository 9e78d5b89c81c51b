/**
 * `switchyard rules import-sec FILE [--out rules/sec.yml] [--actions exec|native]`:
 * converts a SEC rules file; what could not be converted is listed by line on stderr.
 */
import type { Command } from 'commander';
import { access, readFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { SwitchyardError } from '../../errors.js';
import { compileRuleSources, convertSec } from '../../trigger/index.js';
import { safeText } from '../../util/safe-text.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { globalOptions } from '../global-options.js';
import type { SetExit } from './index.js';

interface ImportFlags {
  out?: string;
  actions: string;
  force?: boolean;
}

/** Registers `rules` and its subcommands. */
export function register(program: Command, setExit: SetExit): void {
  const rules = program.command('rules').description('trigger rules (rules/*.yml)');
  rules
    .command('import-sec')
    .description('convert a SEC (simple event correlator) rules file into a rules/*.yml file')
    .argument('<file>', 'the SEC rules file')
    .option('--out <file>', 'write the rules here (e.g. rules/sec.yml) instead of printing them')
    .option('--actions <mode>', 'exec: SEC scripts stay programs run without a shell; native: they become provision (new-switch rule) / reconcile', 'exec')
    .option('--force', 'overwrite --out if it exists')
    .action(async (file: string, flags: ImportFlags, cmd: Command) => {
      const { root } = globalOptions(cmd);
      if (flags.actions !== 'exec' && flags.actions !== 'native') throw new SwitchyardError('USAGE', '--actions must be exec or native');
      const path = resolve(file);
      const text = await readFile(path, 'utf8').catch((err: unknown) => {
        throw new SwitchyardError('USAGE', `cannot read ${file}: ${(err as Error).message}`);
      });
      const result = convertSec(text, { file: basename(path), actions: flags.actions });
      for (const p of result.unconverted) console.error(`${file}:${p.line}  ${safeText(p.text, 120)}  ${p.reason}`);
      // The output must load as rules: check it the way `validate` will.
      const check = compileRuleSources(root, [{ file: flags.out ?? 'rules/sec.yml', text: result.yaml }]);
      if (check.problems.length > 0) {
        throw new SwitchyardError('RULES_INVALID', `the converted rules do not load:\n${check.problems.map((p) => `  ${p.location.line ?? ''}: ${p.message}`).join('\n')}`);
      }
      if (flags.out === undefined) process.stdout.write(result.yaml);
      else {
        const out = resolve(root, flags.out);
        if (!flags.force && (await access(out).then(() => true, () => false))) {
          throw new SwitchyardError('USAGE', `${flags.out} exists`, { hint: 'pass --force to overwrite it, or choose another --out' });
        }
        await writeFileAtomic(out, result.yaml);
        console.error(`wrote ${result.rules} rules to ${relative(process.cwd(), out) || out}${result.unconverted.length ? `; ${result.unconverted.length} constructs not converted (listed above)` : ''}`);
      }
      setExit(result.rules === 0 ? 1 : 0);
    });
}
