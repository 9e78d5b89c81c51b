/**
 * Whether a remediation reaches its target, by the platform model: the commands typed
 * into the model of the running config must give the desired config. `diff` warns when
 * they do not (a section kind the platform data does not know, a command the device
 * would refuse), before anyone pushes them.
 */
import type { ConfigRules } from '../platforms/index.js';
import { SwitchyardError } from '../errors.js';
import { predict } from './predict.js';
import { normalise } from './serialise.js';

/** Types `commands` into the platform model of `from`; `undefined` when that gives `to`, else the reason it does not. */
export function checkConvergence(from: string, to: string, commands: readonly string[], rules: ConfigRules): string | undefined {
  try {
    if (predict(from, commands, rules) === normalise(to, rules)) return undefined;
    return 'the platform model predicts that these commands do not fully reach the target config';
  } catch (err) {
    if (err instanceof SwitchyardError) return `the platform model predicts a refusal: ${err.message}`;
    throw err;
  }
}
