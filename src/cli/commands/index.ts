/**
 * Registers every command. Each command module exports `register(program, setExit)`;
 * commands compute an exit code and hand it to `setExit` (0 ok, 1 failure, 2 drift).
 */
import type { Command } from 'commander';
import { register as validate } from './validate.js';
import { register as render } from './render.js';
import { register as diff } from './diff.js';
import { register as lab } from './lab.js';
import { register as reconcile } from './reconcile.js';
import { register as demo } from './demo.js';
import { register as watch } from './watch.js';
import { register as trigger } from './trigger.js';
import { register as rules } from './rules.js';
import { register as status } from './status.js';
import { register as keys } from './keys.js';

/** Sets the process exit code (the CLI's main applies it). */
export type SetExit = (code: number) => void;

/** Adds all commands to `program`. */
export function registerCommands(program: Command, setExit: SetExit): void {
  for (const reg of [validate, render, diff, lab, reconcile, demo, watch, trigger, rules, status, keys]) reg(program, setExit);
}
