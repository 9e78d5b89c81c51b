/** Checks of option values that several commands share. */
import { SwitchyardError } from '../errors.js';

/** `text` as a whole number above zero, or a USAGE error naming `flag`. */
export function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new SwitchyardError('USAGE', `${flag} takes a positive whole number, not "${text}"`);
  return n;
}
