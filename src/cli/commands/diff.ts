import type { Command } from 'commander';
import type { SetExit } from './index.js';
import { SwitchyardError } from '../../errors.js';

/** `switchyard diff` — not built yet (see the issue that owns it). */
export function register(program: Command, _setExit: SetExit): void {
  program
    .command('diff')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new SwitchyardError('USAGE', '`diff` is not built yet');
    });
}
