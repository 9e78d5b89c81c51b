/**
 * `switchyard validate`: checks the whole project in one pass — inventory files, every
 * template (by rendering every device), and the trigger rules — and reports every
 * problem at once, each with file, line and column. Exit 0 and a one-line summary when
 * all is well; exit 1 otherwise (through the CLI's top-level catch).
 */
import type { Command } from 'commander';
import { InputErrors, type InputProblem } from '../../errors.js';
import { loadInventory, type Inventory } from '../../inventory/index.js';
import { createRenderer, loadTemplates, mergeRenderProblems } from '../../render/index.js';
import { validateRules } from '../../trigger/index.js';
import { globalOptions } from '../global-options.js';
import type { SetExit } from './index.js';

/** Registers `validate`. */
export function register(program: Command, setExit: SetExit): void {
  program
    .command('validate')
    .description('check inventory, templates (renders every device) and rules; every problem with file:line:col')
    .action(async (_flags: unknown, cmd: Command) => {
      const { root } = globalOptions(cmd);
      const problems: InputProblem[] = [];
      let inventory: Inventory | undefined;
      try {
        inventory = await loadInventory(root);
      } catch (err) {
        if (!(err instanceof InputErrors)) throw err;
        problems.push(...err.problems);
      }
      const templates = await loadTemplates(root);
      problems.push(...templates.problems);
      if (inventory !== undefined) {
        const renderer = createRenderer(inventory, templates);
        const failed: InputProblem[] = [];
        for (const device of inventory.devices) {
          const r = renderer.tryRender(device);
          // A syntax error is already listed once, from loading the templates.
          if (!r.ok && !problems.includes(r.problem)) failed.push(r.problem);
        }
        problems.push(...mergeRenderProblems(failed));
      }
      const rules = await validateRules(root);
      problems.push(...rules.problems);
      if (problems.length > 0) throw new InputErrors(problems);
      const parts = [`${inventory!.sites.length} sites`, `${inventory!.devices.length} devices`, `${templates.templates.size} templates`];
      if (rules.rules > 0) parts.push(`${rules.rules} rules`);
      console.log(`OK: ${parts.join(', ')}`);
      setExit(0);
    });
}
