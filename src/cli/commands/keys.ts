/**
 * `switchyard keys list|accept DEVICE|forget DEVICE`: the pinned SSH host keys, like
 * `ssh-keygen -F/-R` on the state folder's known_hosts, by device name. Switchyard never
 * replaces a pin by itself: a switch that presents another key is refused (nothing is
 * sent to it) and the key it offered is recorded; accepting it is an operator's decision,
 * made with the fingerprint read on the switch's console (a rogue offers keys too).
 */
import type { Command } from 'commander';
import { HostKeyStore, fingerprint, hostToken, scanHostKey } from '../../device/index.js';
import type { Device, Inventory } from '../../inventory/index.js';
import { loadInventory } from '../../inventory/index.js';
import { getPlatform } from '../../platforms/index.js';
import { acquireDeviceLock, clearKeyOffers, endpointOf, keyOffersOf, loadEndpoints, readKeyOffers, type Endpoint, type KeyOffer } from '../../reconcile/index.js';
import { SwitchyardError } from '../../errors.js';
import { positiveInt } from '../arguments.js';
import { globalOptions } from '../global-options.js';
import { stateDirOf } from '../../app/index.js';
import { textTable } from '../views/format.js';
import type { SetExit } from './index.js';

interface KeysFlags {
  site?: string;
  endpoints?: string;
  json?: boolean;
}

interface AcceptFlags extends KeysFlags {
  fingerprint: string;
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
        return { site: d.site, device: d.name, address: hostToken(at.host, at.port), pinned: pinned.map(fingerprint), offered: offers.get(`${d.site}/${d.name}`) ?? [] };
      });
      if (flags.json) {
        console.log(JSON.stringify(rows, null, 2));
      } else {
        const offered = (o: KeyOffer) => `${o.fingerprint} at ${o.seenAt} ${o.time}${o.during === 'provision' ? ' (a DHCP address)' : ''}`;
        console.log(
          textTable(
            ['device', 'address', 'pinned', 'refused keys offered (newest first)'],
            rows.flatMap((r) => {
              const [first, ...more] = r.offered;
              const head = [`${r.site}/${r.device}`, r.address, r.pinned.join(' ') || '(none: first contact pins it)', first ? offered(first) : ''];
              return [head, ...more.map((o) => ['', '', '', offered(o)])];
            }),
          ),
        );
        if (rows.some((r) => r.offered.length > 0)) {
          console.log('\nA refused key is pinned only by `switchyard keys accept DEVICE --fingerprint SHA256:…`, with the fingerprint read on the switch console.');
        }
      }
      setExit(0);
    });

  common(keys.command('accept'))
    .argument('<device>', 'inventory device name')
    .description("pin the key DEVICE offered when it was refused (or, with --scan, the key its management address presents now), replacing the old pin")
    .requiredOption('--fingerprint <SHA256:…>', 'the fingerprint read on the switch console: only a key with it is pinned')
    .option('--scan', 'take the key the management address presents now (no login), when no refused key has that fingerprint')
    .option('--connect-timeout <ms>', 'SSH connect timeout for --scan', '15000')
    .action(async (name: string, flags: AcceptFlags, cmd: Command) => {
      const ctx = await context(cmd, flags);
      const device = pick(ctx.inventory, name, flags.site);
      const at = endpointOf(device, ctx.endpoints);
      const offers = await keyOffersOf(ctx.stateDir, device);
      const offer = offers.find((o) => o.fingerprint === flags.fingerprint);
      let key: string;
      let source: string;
      if (offer !== undefined) {
        key = offer.key;
        source = `offered at ${offer.seenAt}${offer.during === 'provision' ? ' (a DHCP address)' : ''} on ${offer.time} during ${offer.during}`;
      } else if (flags.scan) {
        key = await scan(device, at, flags.connectTimeout);
        source = `presented at ${at.host}:${at.port} now`;
        if (fingerprint(key) !== flags.fingerprint) {
          throw new SwitchyardError('DEVICE_HOSTKEY', `${device.name}: the key ${source} is ${fingerprint(key)}, not ${flags.fingerprint}; nothing pinned`, {
            hint: 'Read the fingerprint on the switch console again: a different key at its address may not be your switch.',
          });
        }
      } else {
        const recorded = offers.map((o) => o.fingerprint).join(', ') || 'none';
        throw new SwitchyardError('DEVICE_HOSTKEY', `${device.name}: no refused key with fingerprint ${flags.fingerprint} is recorded (recorded: ${recorded}); nothing pinned`, {
          hint: 'Check the fingerprint, or add --scan to take the key its management address presents now.',
        });
      }
      // Not while a reconcile or provisioning of the device is under way.
      const lock = await acquireDeviceLock(ctx.stateDir, device.site, device.name, { timeoutMs: 60_000 });
      let before: readonly string[];
      try {
        before = await ctx.store.lookupAll(at.host, at.port);
        await ctx.store.pin(at.host, at.port, key);
        await clearKeyOffers(ctx.stateDir, device);
      } finally {
        await lock.release();
      }
      const replaced = before.filter((k) => k !== key).map(fingerprint);
      console.log(`${device.site}/${device.name}: pinned ${flags.fingerprint} (${source}) under ${hostToken(at.host, at.port)}${replaced.length ? `, replacing ${replaced.join(', ')}` : ''}`);
      setExit(0);
    });

  common(keys.command('forget'))
    .argument('<device>', 'inventory device name')
    .description("remove DEVICE's pin (like ssh-keygen -R): the next contact at its management address pins what it presents")
    .action(async (name: string, flags: KeysFlags, cmd: Command) => {
      const ctx = await context(cmd, flags);
      const device = pick(ctx.inventory, name, flags.site);
      const at = endpointOf(device, ctx.endpoints);
      const lock = await acquireDeviceLock(ctx.stateDir, device.site, device.name, { timeoutMs: 60_000 });
      let removed: boolean;
      try {
        removed = await ctx.store.forget(at.host, at.port);
        await clearKeyOffers(ctx.stateDir, device);
      } finally {
        await lock.release();
      }
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

function scan(device: Device, at: Endpoint, timeout: string): Promise<string> {
  const connectTimeoutMs = positiveInt(timeout, '--connect-timeout');
  const legacy = getPlatform(device.platform).cli.legacyAlgorithms;
  return scanHostKey({ host: at.host, port: at.port, connectTimeoutMs, ...(legacy ? { legacyAlgorithms: legacy } : {}) });
}
