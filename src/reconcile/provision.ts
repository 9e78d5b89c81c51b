/**
 * Zero-touch provisioning of a factory-new switch that the trigger identified by the
 * port map: log in with the factory account (trust on first use, pin the host key),
 * push the full desired config through the same engine as reconcile, verify by logging
 * in again with the team's account and checking the hostname, save, remember the
 * MAC → device binding. A failed push is rolled back to the factory config exactly as
 * reconcile rolls back (src/reconcile/rollback.ts: reconnecting when the push lost the
 * session, verified, recorded in the result) and never saved.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { remediate } from '../config/index.js';
import { HostKeyStore, type CliSession } from '../device/index.js';
import type { Device } from '../inventory/index.js';
import { getPlatform } from '../platforms/index.js';
import { SwitchyardError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { connectWith, endpointOf, type ConnectorOptions, type Endpoint } from './connect.js';
import { acquireDeviceLock, type DeviceLock } from './lock.js';
import { appendRunRecord, saveBackup } from './records.js';
import { toRunError } from './run-error.js';
import { maskResult } from './mask.js';
import { rollbackToBackup } from './rollback.js';
import { StepClock } from './steps.js';
import type { DeviceResult, ReconcileObserver, RollbackResult, Step } from './types.js';

/** Options of {@link provisionDevice}. */
export interface ProvisionOptions extends ConnectorOptions {
  desired(device: Device): Promise<{ readonly text: string }>;
  readonly observer?: ReconcileObserver;
  /** The MAC the switch was seen with (remembered as its binding). */
  readonly mac?: string;
  /** Aborts the wait for the device lock (the daemon stopping); never a push under way. */
  readonly signal?: AbortSignal;
}

/** Provisions `device`, found at `endpoint` (its DHCP address). Never rejects. */
export async function provisionDevice(device: Device, endpoint: Endpoint, options: ProvisionOptions): Promise<DeviceResult> {
  const clock = new StepClock(device, options.observer);
  const step = <T>(name: Step, fn: () => Promise<T>): Promise<T> => clock.step(name, fn);
  options.observer?.onStart?.(device);
  const rules = getPlatform(device.platform).config;
  let commands: readonly string[] = [];
  let sent = 0;
  let saved = false;
  let factory: CliSession | undefined;
  let team: CliSession | undefined;
  let scratch: string | undefined;
  let rollback: RollbackResult | undefined;
  // Durations are filled in from the clock at the end.
  const base = () => ({ site: device.site, device: device.name, commands, sent, saved, durations: {} });
  let result: DeviceResult = { ...base(), outcome: 'failed' };
  let lock: DeviceLock | undefined;
  try {
    lock = await acquireDeviceLock(options.stateDir, device.site, device.name, options.signal ? { signal: options.signal } : {});
  } catch (err) {
    result = { ...base(), outcome: 'failed', error: toRunError(err) };
  }
  if (lock) {
    try {
      if (!device.factory) {
        throw new SwitchyardError('USAGE', `${device.name}: no factory credentials in the inventory`, {
          hint: 'set `factory: { username, password }` in inventory/defaults.yml (how a new switch is first reached)',
        });
      }
      const desired = await step('render', () => options.desired(device));
      // The switch is reached at its DHCP address. Its key is trusted on first use in a
      // store of this provisioning only: pinning it under an address a DHCP server hands
      // out would lock out the next switch that gets the address.
      const ephemeral = new HostKeyStore(await mkdtemp(join(tmpdir(), 'switchyard-provision-')));
      scratch = dirname(ephemeral.path);
      // Only the factory account is offered to a switch whose key nobody has pinned.
      const factoryAccount = device.factory;
      const session = await step('connect', () => connectWith(device, endpoint, factoryAccount, { ...options, keyStore: ephemeral, allowFirstUse: true }));
      factory = session;
      const running = await step('read', () => session.showRunningConfig());
      await step('backup', () => saveBackup(options.stateDir, device.site, device.name, running));
      const plan = remediate(running, desired.text, rules);
      commands = plan.commands;
      try {
        await step('push', () => session.configure(plan.commands, (i) => (sent = i + 1)));
      } catch (err) {
        // Back to the factory config it ran before. A reconnection (the push lost the
        // session) goes only to the key seen above, with the factory account — or, when
        // the part of the push that got through already replaced that account, with the
        // team's, as the verify step below would (the key is pinned for this switch).
        const strict = { ...options, keyStore: ephemeral, allowFirstUse: false };
        const again = {
          connect: async () => {
            try {
              return await connectWith(device, endpoint, factoryAccount, strict);
            } catch (authErr) {
              if (!(authErr instanceof SwitchyardError) || authErr.code !== 'DEVICE_AUTH') throw authErr;
              return connectWith(device, endpoint, device.credentials, strict);
            }
          },
        };
        try {
          rollback = await step('rollback', async () => {
            const r = await rollbackToBackup(device, running, factory, again);
            factory = r.session;
            return r.result;
          });
        } catch (rbErr) {
          rollback = { attempted: true, restored: false, commands: [], error: toRunError(rbErr) };
        }
        throw err;
      }
      const after = await step('verify', () => session.showRunningConfig());
      const remaining = remediate(after, desired.text, rules);
      if (!remaining.empty) {
        result = {
          ...base(),
          outcome: 'not-converged',
          remaining: remaining.commands,
          error: { code: 'NOT_CONVERGED', message: `${remaining.commands.length} line(s) still differ after the push; not saved` },
        };
      } else {
        await session.close();
        factory = undefined;
        // The key is pinned now, so the team's password may go to this switch (and only to
        // the holder of that key). Logging in with it proves the account exists; the
        // prompt proves the new hostname.
        const pinnedOnly = { ...options, keyStore: ephemeral, allowFirstUse: false };
        team = await step('verify', () => connectWith(device, endpoint, device.credentials, pinnedOnly));
        // From now on the switch is reached at its management address: pin its key there,
        // so every later session with the team's account is strict.
        const mgmt = endpointOf(device, options.endpoints);
        await (options.keyStore ?? new HostKeyStore(options.stateDir)).pin(mgmt.host, mgmt.port, team.hostKey);
        if (getPlatform(device.platform).cli.managesHostname !== false && team.hostname !== device.name) {
          throw new SwitchyardError('NOT_CONVERGED', `${device.name}: after provisioning the switch calls itself "${team.hostname}"`);
        }
        await step('save', () => team!.save());
        saved = true;
        await rememberBinding(options.stateDir, options.mac ?? device.mac, device);
        result = { ...base(), outcome: 'converged' };
      }
    } catch (err) {
      result = { ...base(), outcome: 'failed', error: toRunError(err), ...(rollback ? { rollback } : {}) };
    } finally {
      await factory?.close().catch(() => undefined);
      await team?.close().catch(() => undefined);
      await lock.release();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
  }
  result = maskResult({ ...result, durations: clock.snapshot() }, rules);
  await appendRunRecord(options.stateDir, result, false).catch(() => undefined);
  options.observer?.onFinish?.(result);
  return result;
}

/** The MAC → device bindings learned by provisioning (`<state>/bindings.json`). */
export async function readBindings(stateDir: string): Promise<Record<string, { site: string; device: string; time: string }>> {
  try {
    return JSON.parse(await readFile(join(stateDir, 'bindings.json'), 'utf8')) as Record<string, { site: string; device: string; time: string }>;
  } catch {
    return {};
  }
}

/** Records that `mac` is `device` (`<state>/bindings.json`), safe against concurrent provisioning. */
export async function rememberBinding(stateDir: string, mac: string | undefined, device: Device): Promise<void> {
  if (!mac) return;
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  // Read-modify-write under a lock: a rack powering up provisions several switches at
  // once, and an unlocked update would lose all but one binding.
  const lock = await acquireDeviceLock(stateDir, '.state', 'bindings', { timeoutMs: 30_000, pollMs: 10 });
  try {
    const bindings = await readBindings(stateDir);
    bindings[mac.toLowerCase()] = { site: device.site, device: device.name, time: new Date().toISOString() };
    await writeFileAtomic(join(stateDir, 'bindings.json'), `${JSON.stringify(bindings, null, 2)}\n`, { mode: 0o600 });
  } finally {
    await lock.release();
  }
}
