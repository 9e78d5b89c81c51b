/**
 * Zero-touch provisioning of a factory-new switch that the trigger identified by the
 * port map: the device pipeline of reconcile (device-run.ts), reaching the unit another
 * way. Log in at its DHCP address with the factory account (the only account that ever
 * goes to a DHCP-learned address), refuse a unit whose key differs from the device's pin,
 * push the full desired config, verify by logging in with the team's account at the
 * device's management address — to this unit's key only — and checking the hostname, pin
 * the key there, save, remember the MAC → device binding. A failed push is rolled back to
 * the factory config as reconcile rolls back, and never saved.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HostKeyStore, fingerprint } from '../device/index.js';
import type { Credentials, Device } from '../inventory/index.js';
import { SwitchyardError } from '../errors.js';
import { rememberBinding } from './bindings.js';
import { connectWith, endpointOf, type ConnectorOptions, type Endpoint } from './connect.js';
import { runDevice, type Access } from './device-run.js';
import { clearKeyOffers, recordKeyOffer } from './key-offers.js';
import type { DeviceResult, ReconcileObserver } from './types.js';

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
export function provisionDevice(device: Device, endpoint: Endpoint, options: ProvisionOptions): Promise<DeviceResult> {
  return runDevice(device, provisioningAccess(device, endpoint, options), { ...options, check: false, diff: false });
}

/**
 * The factory account at the DHCP address, the team's at the management address, and
 * only ever to the key the unit showed at its factory login.
 */
function provisioningAccess(device: Device, dhcp: Endpoint, options: ProvisionOptions): Access {
  const store = options.keyStore ?? new HostKeyStore(options.stateDir);
  const mgmt = endpointOf(device, options.endpoints);
  const seenAt = `${dhcp.host}:${dhcp.port}`;
  // The unit's key is trusted on first use in a store of this provisioning alone (pinning
  // it under an address a DHCP server hands out would lock out the next switch that gets it).
  let scratch: HostKeyStore | undefined;
  let unitKey = '';
  let pinned: readonly string[] = [];
  // Strict: only the key this unit showed, at the DHCP address or the management one.
  const strict = () => ({ ...options, keyStore: scratch!, allowFirstUse: false });
  const factory = (): Credentials => {
    if (device.factory) return device.factory;
    throw new SwitchyardError('USAGE', `${device.name}: no factory credentials in the inventory`, {
      hint: 'set `factory: { username, password }` in inventory/defaults.yml (how a new switch is first reached)',
    });
  };
  const refuse = async (message: string, hint: string): Promise<never> => {
    await recordKeyOffer(options.stateDir, device, unitKey, seenAt, 'provision');
    throw new SwitchyardError('DEVICE_HOSTKEY', message, { hint });
  };

  return {
    async connect() {
      const account = factory();
      scratch = new HostKeyStore(await mkdtemp(join(tmpdir(), 'switchyard-provision-')));
      return connectWith(device, dhcp, account, { ...options, keyStore: scratch, allowFirstUse: true });
    },
    // A key already pinned for the device is never replaced here: a unit that presents
    // another one (a reset or replaced unit, or a rogue that copied a MAC) is refused
    // before anything is pushed, and its key recorded for `keys accept`.
    async admit(session) {
      unitKey = session.hostKey;
      pinned = await store.lookupAll(mgmt.host, mgmt.port);
      if (pinned.length > 0 && !pinned.includes(unitKey)) {
        await refuse(
          `${device.name}: the unit at ${seenAt} presents host key ${fingerprint(unitKey)}, but ${device.name} is pinned with ${fingerprint(pinned[0]!)}; nothing was pushed and no team credential was sent`,
          `A pin is never replaced automatically. If ${device.name} was reset or replaced, check the new fingerprint on its console, ` +
            `then \`switchyard keys accept ${device.name} --fingerprint SHA256:…\` and let it ask for its address again.`,
        );
      }
      if (pinned.length === 0 && options.leaseAddress !== undefined && options.leaseAddress.toLowerCase() === device.mgmt.host.toLowerCase()) {
        await refuse(
          `${device.name}: the unit leased ${device.name}'s own management address ${device.mgmt.host} and no key is pinned for it; the team's account would go to whoever holds that lease. Nothing was pushed`,
          `Read the unit's key fingerprint on its console, then \`switchyard keys accept ${device.name} --fingerprint SHA256:…\`; the next lease provisions it.`,
        );
      }
      await scratch!.pin(mgmt.host, mgmt.port, unitKey);
    },
    // The push lost its session: back to the factory config over a new one, to this unit's
    // key only — with the factory account at its DHCP address, or, when the part of the
    // push that got through already replaced that account, with the team's at its
    // management address, never at the DHCP one.
    async reconnect() {
      try {
        return await connectWith(device, dhcp, factory(), strict());
      } catch (err) {
        if (!(err instanceof SwitchyardError) || err.code !== 'DEVICE_AUTH') throw err;
        return connectWith(device, mgmt, device.credentials, strict());
      }
    },
    // Logging in with the team's account at the management address proves the account
    // exists and the address answers; the prompt proves the new hostname.
    verifyWith: () => connectWith(device, mgmt, device.credentials, strict()),
    async pin() {
      if (pinned.length > 0) return;
      // Only if still unpinned: an operator's `keys accept` meanwhile is never overwritten.
      const now = await store.pin(mgmt.host, mgmt.port, unitKey, { ifAbsent: true });
      if (!now.includes(unitKey)) {
        throw new SwitchyardError('DEVICE_HOSTKEY', `${device.name}: a key was pinned for ${mgmt.host}:${mgmt.port} while provisioning (${fingerprint(now[0]!)}), not this unit's ${fingerprint(unitKey)}; not saved`, {
          hint: 'Check which key is right: `switchyard keys list`.',
        });
      }
    },
    async remember() {
      await clearKeyOffers(options.stateDir, device);
      await rememberBinding(options.stateDir, options.mac ?? device.mac, device);
    },
    async dispose() {
      if (scratch) await rm(dirname(scratch.path), { recursive: true, force: true });
    },
  };
}
