/**
 * `switchyard keys list|accept DEVICE|forget DEVICE`: the pinned SSH host keys, like
 * `ssh-keygen -F/-R` on the state folder's known_hosts, by device name. Switchyard never
 * replaces a pin by itself: a switch that presents another key is refused (nothing is
 * sent to it) and the key it offered is recorded; accepting it is an operator's decision.
 */
import type { Command } from 'commander';
import { HostKeyStore, fingerprint, hostToken, scanHostKey } from '../../device/index.js';
import type { Device, Inventory } from '../../inventory/index.js';
import { loadInventory } from '../../inventory/index.js';
import { getPlatform } from '../../platforms/index.js';
import { clearKeyOffer, endpointOf, keyOfferOf, loadEndpoints, readKeyOffers, type Endpoint, type KeyOffer } from '../../reconcile/index.js';
import { SwitchyardError } from '../../errors.js';
import { globalOptions } from '../global-options.js';
import { stateDirOf } from '../project.js';
import { textTable } from '../views/format.js';
import type { SetExit } from './index.js';

interface KeysFlags {
  site?: string;
  endpoints?: string;
  json?: boolean;
}

interface AcceptFlags extends KeysFlags {
  fingerprint?: string;
  scan?: boolean;
  connectTimeout: string;
}

/** Registers `keys`. */
export function register(program: Command, setExit: SetExit): void {
  const keys = program.command('keys').description('pinned SSH host keys of the devices: list, accept a changed key, forget a pin');
  const common = (c: Command) =>
    c
      .option('--site <site>', 'only devices of this site')
      .option('--endpoints <file>', 'JSON map DEVICE → "HOST:PORT" (the addresses the pins are kept under, as for reconcile)');
  common(keys.command('list'))
    .description('every device with its pinned key and any refused key it offered')
    .option('--json', 'print JSON')
    .action(async (flags: KeysFlags, cmd: Command) => {
      const ctx = await context(cmd, flags);
      const offers = await readKeyOffers(ctx.stateDir);
      const all = await ctx.store.all();
      const devices = flags.site === undefined ? ctx.inventory.devices : ctx.inventory.site(flags.site).devices;
      const rows = devices.map((d) => {
        const at = endpointOf(d, ctx.endpoints);
        const pinned = all.get(hostToken(at.host, at.port)) ?? [];
        const offer = offers.get(`${d.site}/${d.name}`);
        return { site: d.site, device: d.name, address: hostToken(at.host, at.port), pinned: pinned.map(fingerprint), ...(offer ? { offered: offer } : {}) };
      });
      if (flags.json) {
        console.log(JSON.stringify(rows, null, 2));
      } else {
        console.log(
          textTable(
            ['device', 'address', 'pinned', 'refused key offered'],
            rows.map((r) => [`${r.site}/${r.device}`, r.address, r.pinned.join(' ') || '(none: first contact pins it)', r.offered ? `${r.offered.fingerprint} at ${r.offered.seenAt} ${r.offered.time}` : '']),
          ),
        );
        if (rows.some((r) => r.offered)) console.log('\nA refused key is pinned only by `switchyard keys accept DEVICE`, once its fingerprint is checked on the switch.');
      }
      setExit(0);
    });

  common(keys.command('accept'))
    .argument('<device>', 'inventory device name')
    .description("pin the key DEVICE offered when it was refused (or, with --scan or no refusal recorded, the key its management address presents), replacing the old pin")
    .option('--fingerprint <SHA256:…>', 'accept only a key with this fingerprint (checked on the switch console)')
    .option('--scan', 'take the key the management address presents now, not the recorded offer')
    .option('--connect-timeout <ms>', 'SSH connect timeout for --scan', '15000')
    .action(async (name: string, flags: AcceptFlags, cmd: Command) => {
      const ctx = await context(cmd, flags);
      const device = pick(ctx.inventory, name, flags.site);
      const at = endpointOf(device, ctx.endpoints);
      const offer = flags.scan ? undefined : await keyOfferOf(ctx.stateDir, device);
      const { key, source } = offer ? fromOffer(offer) : { key: await scan(device, at, flags.connectTimeout), source: `presented at ${at.host}:${at.port} now` };
      const fp = fingerprint(key);
      if (flags.fingerprint !== undefined && flags.fingerprint !== fp) {
        throw new SwitchyardError('DEVICE_HOSTKEY', `${device.name}: the key ${source} is ${fp}, not ${flags.fingerprint}; nothing pinned`, {
          hint: 'Check the fingerprint on the switch console again; a different key at its address may not be your switch.',
        });
      }
      const before = await ctx.store.lookupAll(at.host, at.port);
      await ctx.store.forget(at.host, at.port);
      await ctx.store.pin(at.host, at.port, key);
      await clearKeyOffer(ctx.stateDir, device);
      const replaced = before.filter((k) => k !== key).map(fingerprint);
      console.log(`${device.site}/${device.name}: pinned ${fp} (${source}) under ${hostToken(at.host, at.port)}${replaced.length ? `, replacing ${replaced.join(', ')}` : ''}`);
      setExit(0);
    });

  common(keys.command('forget'))
    .argument('<device>', 'inventory device name')
    .description("remove DEVICE's pin (like ssh-keygen -R): the next contact at its management address pins what it presents")
    .action(async (name: string, flags: KeysFlags, cmd: Command) => {
      const ctx = await context(cmd, flags);
      const device = pick(ctx.inventory, name, flags.site);
      const at = endpointOf(device, ctx.endpoints);
      const removed = await ctx.store.forget(at.host, at.port);
      await clearKeyOffer(ctx.stateDir, device);
      console.log(`${device.site}/${device.name}: ${removed ? 'pin removed' : 'nothing was pinned'} under ${hostToken(at.host, at.port)}`);
      setExit(0);
    });
}

async function context(cmd: Command, flags: KeysFlags) {
  const { root } = globalOptions(cmd);
  const inventory = await loadInventory(root);
  const stateDir = stateDirOf(root);
  const endpoints = flags.endpoints !== undefined ? await loadEndpoints(flags.endpoints, inventory) : undefined;
  return { inventory, stateDir, store: new HostKeyStore(stateDir), endpoints };
}

function pick(inventory: Inventory, name: string, site: string | undefined): Device {
  if (site !== undefined) return inventory.device(site, name);
  const device = inventory.byName(name);
  if (device === undefined) {
    throw new SwitchyardError('UNKNOWN_DEVICE', `no device ${name} in the inventory`, { hint: 'run `switchyard keys list` for the device names' });
  }
  return device;
}

function fromOffer(offer: KeyOffer): { key: string; source: string } {
  return { key: offer.key, source: `offered at ${offer.seenAt} on ${offer.time} during ${offer.during}` };
}

function scan(device: Device, at: Endpoint, timeout: string): Promise<string> {
  const connectTimeoutMs = Number(timeout);
  if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs <= 0) throw new SwitchyardError('USAGE', `--connect-timeout takes a positive whole number, not "${timeout}"`);
  const legacy = getPlatform(device.platform).cli.legacyAlgorithms;
  return scanHostKey({ host: at.host, port: at.port, connectTimeoutMs, ...(legacy ? { legacyAlgorithms: legacy } : {}) });
}
