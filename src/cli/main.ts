/**
 * The `switchyard` command. The only place that touches process.argv, the console and
 * the exit code; every command lives in ./commands/ and returns its exit code.
 */
import { Command, CommanderError } from 'commander';
import { SwitchyardError } from '../errors.js';
import { registerCommands } from './commands/index.js';

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('switchyard')
    .description('Declarative provisioning runner for network switches.')
    .option('--root <dir>', 'project root (inventory/, templates/, baselines/, rules/)', '.')
    .option('--debug', 'print stacks and session transcripts on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  let exitCode = 0;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, program.opts<{ debug?: boolean }>().debug === true);
  }
}

function reportError(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    // Commander already printed its message (or help/version, which exit 0).
    return err.exitCode === 0 ? 0 : 1;
  }
  if (err instanceof SwitchyardError) {
    const lines = [`error: ${err.message}`];
    if (err.hint) lines.push(`hint: ${err.hint}`);
    if (debug && err.stack) lines.push(err.stack);
    console.error(lines.join('\n'));
    return 1;
  }
  console.error('internal error (this is a bug in Switchyard, please report it with the output below):');
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return 1;
}
