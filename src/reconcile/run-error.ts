import { SwitchyardError } from '../errors.js';
import type { RunError } from './types.js';

/** Turns anything thrown into a RunError (Switchyard errors keep code, hint, command). */
export function toRunError(err: unknown): RunError {
  if (err instanceof SwitchyardError) {
    const details = err as SwitchyardError & { command?: unknown; output?: unknown };
    return {
      code: err.code,
      message: err.message,
      ...(err.hint ? { hint: err.hint } : {}),
      ...(typeof details.command === 'string' ? { command: details.command } : {}),
      ...(typeof details.output === 'string' ? { deviceOutput: details.output } : {}),
    };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
