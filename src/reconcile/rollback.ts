/**
 * Rollback after a failed push: read where the switch is now (reconnecting when the push
 * lost the session), compute the remediation back to the backup taken at the start,
 * apply it, and verify. Never saves: the startup config still holds the last good state.
 */
import { remediate } from '../config/index.js';
import type { CliSession } from '../device/index.js';
import type { Device } from '../inventory/index.js';
import { getPlatform } from '../platforms/index.js';
import { toRunError } from './run-error.js';
import type { RollbackResult } from './types.js';

/** Rolls `device` back to `backup`, opening a session with `reconnect` if need be; returns the result and the session now in use. */
export async function rollbackToBackup(
  device: Device,
  backup: string,
  session: CliSession | undefined,
  reconnect: () => Promise<CliSession>,
): Promise<{ result: RollbackResult; session: CliSession | undefined }> {
  const rules = getPlatform(device.platform).config;
  let current = session;
  let now: string;
  try {
    if (!current) throw new Error('no session');
    now = await current.showRunningConfig();
  } catch {
    // The session died with the push (dropped connection, timeout): open a fresh one.
    await current?.close().catch(() => undefined);
    current = await reconnect();
    try {
      now = await current.showRunningConfig();
    } catch (err) {
      await current.close().catch(() => undefined);
      throw err;
    }
  }
  const active = current;
  const back = remediate(now, backup, rules);
  if (back.empty) return { result: { attempted: true, restored: true, commands: [] }, session: active };
  try {
    await active.configure(back.commands);
    const check = remediate(await active.showRunningConfig(), backup, rules);
    return { result: { attempted: true, restored: check.empty, commands: back.commands }, session: active };
  } catch (err) {
    // The caller closes the session it gets back, whatever happened here.
    return { result: { attempted: true, restored: false, commands: back.commands, error: toRunError(err) }, session: active };
  }
}
