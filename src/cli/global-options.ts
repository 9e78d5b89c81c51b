import type { Command } from 'commander';
import { resolve } from 'node:path';

/** Options every command inherits from the program. */
interface GlobalOptions {
  /** Absolute project root. */
  readonly root: string;
  readonly debug: boolean;
}

/** Reads the global options (`--root`, `--debug`) as seen from a subcommand. */
export function globalOptions(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals<{ root?: string; debug?: boolean }>();
  return { root: resolve(o.root ?? '.'), debug: o.debug === true };
}
