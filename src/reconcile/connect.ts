/**
 * How the reconciler reaches a device: the team's credentials (secrets resolved at
 * connect time, never earlier), the inventory's management address (or an operator's
 * endpoint override), and host-key pinning.
 */
import { readFile } from 'node:fs/promises';
import { HostKeyMismatchError, HostKeyStore, openSession, type CliSession } from '../device/index.js';
import { recordKeyOffer } from './key-offers.js';
import { resolveSecret, type Credentials, type Device } from '../inventory/index.js';
import { getPlatform } from '../platforms/index.js';

/** An SSH endpoint. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** Options shared by every connection of a run. */
export interface ConnectorOptions {
  readonly root: string;
  readonly stateDir: string;
  /** Per-device address overrides (port forwards, the lab); operator-provided like the inventory. */
  readonly endpoints?: ReadonlyMap<string, Endpoint>;
  readonly connectTimeoutMs?: number;
  readonly commandTimeoutMs?: number;
  /** The pinned host keys to check against; default: the state folder's known_hosts. Share one per run. */
  readonly keyStore?: HostKeyStore;
}

/** Where the team reaches `device`: its endpoint override, else the inventory's management address. */
export function endpointOf(device: Device, endpoints?: ReadonlyMap<string, Endpoint>): Endpoint {
  return endpoints?.get(device.name) ?? { host: device.mgmt.host, port: device.mgmt.port };
}

/**
 * Opens a session with `credentials` to `endpoint`. `allowFirstUse` pins an unknown host
 * key (trust on first use); without it an unknown or changed key is refused before any
 * password is sent.
 */
export async function connectWith(
  device: Device,
  endpoint: Endpoint,
  credentials: Credentials,
  options: ConnectorOptions & { readonly allowFirstUse: boolean },
): Promise<CliSession> {
  const password = credentials.password !== undefined ? await resolveSecret(credentials.password, options.root) : undefined;
  const enableSecret = credentials.enable !== undefined ? await resolveSecret(credentials.enable, options.root) : undefined;
  const privateKey = credentials.privateKey !== undefined ? await readFile(credentials.privateKey) : undefined;
  return openSession({
    host: endpoint.host,
    port: endpoint.port,
    username: credentials.username,
    ...(password !== undefined ? { password } : {}),
    ...(enableSecret !== undefined ? { enableSecret } : {}),
    ...(privateKey !== undefined ? { privateKey } : {}),
    platform: getPlatform(device.platform),
    hostKey: { store: options.keyStore ?? new HostKeyStore(options.stateDir), allowFirstUse: options.allowFirstUse },
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    secrets: [password, enableSecret].filter((s): s is string => s !== undefined),
  });
}

/**
 * The connector of a reconcile run: the team's account at the device's configured
 * address. First contact with that address may pin its key (credentials go to a pinned
 * key, or at first contact to the inventory's own management address), unless
 * `allowFirstUse` says no for a device (the daemon, when a lease handed out that address).
 */
export function teamConnector(options: ConnectorOptions & { readonly allowFirstUse?: (device: Device) => boolean }): (device: Device) => Promise<CliSession> {
  const keyStore = options.keyStore ?? new HostKeyStore(options.stateDir);
  return async (device) => {
    const at = endpointOf(device, options.endpoints);
    const allowFirstUse = options.allowFirstUse?.(device) ?? true;
    try {
      return await connectWith(device, at, device.credentials, { ...options, keyStore, allowFirstUse });
    } catch (err) {
      // Refused before any password left: remember what was offered for `keys accept`.
      if (err instanceof HostKeyMismatchError) await recordKeyOffer(options.stateDir, device, err.presented, `${at.host}:${at.port}`, 'reconcile').catch(() => undefined);
      throw err;
    }
  };
}
