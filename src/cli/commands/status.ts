import type { Command } from 'commander';
import type { SetExit } from './index.js';
import { SwitchyardError } from '../../errors.js';

/** `switchyard status` — not built yet (see the issue that owns it). */
export function register(program: Command, _setExit: SetExit): void {
  program
    .command('status')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new SwitchyardError('USAGE', '`status` is not built yet');
    });
}
