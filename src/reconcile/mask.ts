import { maskSecrets } from '../config/index.js';
import type { ConfigRules } from '../platforms/index.js';
import type { DeviceResult, RunError } from './types.js';

/**
 * A result as it may be shown, logged and recorded: every command, remaining line and
 * error text with the platform's secrets masked (SNMP communities, `secret 5` hashes,
 * keys). The unmasked commands are only ever typed into the device.
 */
export function maskResult(result: DeviceResult, rules: ConfigRules): DeviceResult {
  const m = (text: string) => maskSecrets(text, rules);
  const lines = (list: readonly string[]) => list.map(m);
  const error = (e: RunError | undefined): RunError | undefined =>
    e && {
      ...e,
      message: m(e.message),
      ...(e.command !== undefined ? { command: m(e.command) } : {}),
      ...(e.deviceOutput !== undefined ? { deviceOutput: m(e.deviceOutput) } : {}),
    };
  const rollbackError = error(result.rollback?.error);
  const resultError = error(result.error);
  return {
    ...result,
    commands: lines(result.commands),
    ...(result.remaining ? { remaining: lines(result.remaining) } : {}),
    ...(resultError ? { error: resultError } : {}),
    ...(result.rollback
      ? { rollback: { ...result.rollback, commands: lines(result.rollback.commands), ...(rollbackError ? { error: rollbackError } : {}) } }
      : {}),
  };
}
