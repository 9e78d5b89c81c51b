/**
 * Zero-touch provisioning of a factory-new switch that the trigger identified by the
 * port map: log in at its DHCP address with the factory account (the only account that
 * ever goes to a DHCP-learned address), refuse a unit whose key differs from the device's
 * pin, push the full desired config through the same engine as reconcile, verify by
 * logging in with the team's account at the device's management address — to this unit's
 * key only — and checking the hostname, pin the key there, save, remember the MAC →
 * device binding. A failed push is rolled back to the factory config exactly as reconcile
 * rolls back (src/reconcile/rollback.ts: reconnecting when the push lost the session,
 * verified, recorded in the result) and never saved.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { remediate } from '../config/index.js';
import { HostKeyStore, fingerprint, type CliSession } from '../device/index.js';
import type { Device } from '../inventory/index.js';
import { getPlatform } from '../platforms/index.js';
import { SwitchyardError } from '../errors.js';
import { connectWith, endpointOf, type ConnectorOptions, type Endpoint } from './connect.js';
import { acquireDeviceLock, type DeviceLock } from './lock.js';
import { clearKeyOffers, recordKeyOffer } from './key-offers.js';
import { readStateFile, updateStateFile } from './state-file.js';
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
  /**
   * The address the DHCP server leased (before any endpoints mapping). When it is the
   * device's own management address, that address is DHCP-learned too: the team's account
   * goes there only to a key already pinned, never to the key this unit shows.
   */
  readonly leaseAddress?: string;
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
      // The unit is reached at its DHCP address, with the factory account only: its key is
      // trusted on first use in a store of this provisioning alone (pinning it under an
      // address a DHCP server hands out would lock out the next switch that gets it).
      const ephemeral = new HostKeyStore(await mkdtemp(join(tmpdir(), 'switchyard-provision-')));
      scratch = dirname(ephemeral.path);
      const factoryAccount = device.factory;
      const session = await step('connect', () => connectWith(device, endpoint, factoryAccount, { ...options, keyStore: ephemeral, allowFirstUse: true }));
      factory = session;
      const unitKey = session.hostKey;
      // The team's account goes only to the device's management address, and only to this
      // unit's key there. A key already pinned for the device is never replaced here: a
      // unit that presents another one (a reset or replaced unit, or a rogue that copied a
      // MAC) is refused before anything is pushed, and its key recorded for `keys accept`.
      const store = options.keyStore ?? new HostKeyStore(options.stateDir);
      const mgmt = endpointOf(device, options.endpoints);
      const pinned = await store.lookupAll(mgmt.host, mgmt.port);
      if (pinned.length > 0 && !pinned.includes(unitKey)) {
        await recordKeyOffer(options.stateDir, device, unitKey, `${endpoint.host}:${endpoint.port}`, 'provision');
        throw new SwitchyardError(
          'DEVICE_HOSTKEY',
          `${device.name}: the unit at ${endpoint.host}:${endpoint.port} presents host key ${fingerprint(unitKey)}, but ${device.name} is pinned with ${fingerprint(pinned[0]!)}; nothing was pushed and no team credential was sent`,
          {
            hint:
              `A pin is never replaced automatically. If ${device.name} was reset or replaced, check the new fingerprint on its console, ` +
              `then \`switchyard keys accept ${device.name} --fingerprint SHA256:…\` and let it ask for its address again.`,
          },
        );
      }
      if (pinned.length === 0 && options.leaseAddress !== undefined && options.leaseAddress.toLowerCase() === device.mgmt.host.toLowerCase()) {
        await recordKeyOffer(options.stateDir, device, unitKey, `${endpoint.host}:${endpoint.port}`, 'provision');
        throw new SwitchyardError(
          'DEVICE_HOSTKEY',
          `${device.name}: the unit leased ${device.name}'s own management address ${device.mgmt.host} and no key is pinned for it; the team's account would go to whoever holds that lease. Nothing was pushed`,
          { hint: `Read the unit's key fingerprint on its console, then \`switchyard keys accept ${device.name} --fingerprint SHA256:…\`; the next lease provisions it.` },
        );
      }
      await ephemeral.pin(mgmt.host, mgmt.port, unitKey);
      // Strict: only the key this unit showed, at the DHCP address or the management one.
      const strict = { ...options, keyStore: ephemeral, allowFirstUse: false };
      const running = await step('read', () => session.showRunningConfig());
      await step('backup', () => saveBackup(options.stateDir, device.site, device.name, running));
      const plan = remediate(running, desired.text, rules);
      commands = plan.commands;
      try {
        await step('push', () => session.configure(plan.commands, (i) => (sent = i + 1)));
      } catch (err) {
        // Back to the factory config it ran before. A reconnection (the push lost the
        // session) goes only to this unit's key: with the factory account at its DHCP
        // address, or — when the part of the push that got through already replaced that
        // account — with the team's at its management address, never at the DHCP one.
        const again = {
          connect: async () => {
            try {
              return await connectWith(device, endpoint, factoryAccount, strict);
            } catch (authErr) {
              if (!(authErr instanceof SwitchyardError) || authErr.code !== 'DEVICE_AUTH') throw authErr;
              return connectWith(device, mgmt, device.credentials, strict);
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
        // Logging in with the team's account at the management address proves the account
        // exists and the address answers; the prompt proves the new hostname.
        team = await step('verify', () => connectWith(device, mgmt, device.credentials, strict));
        if (pinned.length === 0) {
          // Only if still unpinned: an operator's `keys accept` meanwhile is never overwritten.
          const now = await store.pin(mgmt.host, mgmt.port, unitKey, { ifAbsent: true });
          if (!now.includes(unitKey)) {
            throw new SwitchyardError('DEVICE_HOSTKEY', `${device.name}: a key was pinned for ${mgmt.host}:${mgmt.port} while provisioning (${fingerprint(now[0]!)}), not this unit's ${fingerprint(unitKey)}; not saved`, {
              hint: 'Check which key is right: `switchyard keys list`.',
            });
          }
        }
        if (getPlatform(device.platform).cli.managesHostname !== false && team.hostname !== device.name) {
          throw new SwitchyardError('NOT_CONVERGED', `${device.name}: after provisioning the switch calls itself "${team.hostname}"`);
        }
        await step('save', () => team!.save());
        saved = true;
        await clearKeyOffers(options.stateDir, device);
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

/** A MAC → device binding learned by provisioning. */
export interface Binding {
  readonly site: string;
  readonly device: string;
  readonly time: string;
}

/** The MAC → device bindings learned by provisioning (`<state>/bindings.json`). */
export function readBindings(stateDir: string): Promise<Record<string, Binding>> {
  return readStateFile<Binding>(stateDir, 'bindings');
}

/** Records that `mac` is `device` (`<state>/bindings.json`), safe against concurrent provisioning. */
export async function rememberBinding(stateDir: string, mac: string | undefined, device: Device): Promise<void> {
  if (!mac) return;
  await updateStateFile<Binding>(stateDir, 'bindings', (bindings) => {
    bindings[mac.toLowerCase()] = { site: device.site, device: device.name, time: new Date().toISOString() };
  });
}
