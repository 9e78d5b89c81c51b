/**
 * How the reconciler reaches a device: the team's credentials (secrets resolved at
 * connect time, never earlier), the inventory's management address (or an operator's
 * endpoint override), and host-key pinning.
 */
import { readFile } from 'node:fs/promises';
import { HostKeyStore, openSession, type CliSession } from '../device/index.js';
import { resolveSecret, type Credentials, type Device } from '../inventory/index.js';
import { getPlatform } from '../platforms/index.js';
import { SwitchyardError } from '../errors.js';

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
 * address. First contact with that address may pin its key (DESIGN.md §4: credentials go
 * to a pinned key, or at first contact to the inventory's own management address).
 */
export function teamConnector(options: ConnectorOptions): (device: Device) => Promise<CliSession> {
  const shared = { ...options, keyStore: options.keyStore ?? new HostKeyStore(options.stateDir), allowFirstUse: true };
  return (device) => connectWith(device, endpointOf(device, options.endpoints), device.credentials, shared);
}

/**
 * Reads an endpoints file: JSON `{ "DEVICE": "HOST:PORT" | { "host": …, "port": … } }`
 * (what `switchyard lab` writes for the simulated switches).
 */
export async function loadEndpoints(path: string): Promise<Map<string, Endpoint>> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new SwitchyardError('USAGE', `cannot read endpoints file ${path}: ${(err as Error).message}`, {
      hint: 'start the simulated switches with `switchyard lab --site S`, which writes the file, or write it by hand: {"DEVICE": "HOST:PORT"}',
    });
  }
  const map = new Map<string, Endpoint>();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SwitchyardError('USAGE', `${path}: expected a JSON object of DEVICE → "HOST:PORT"`);
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value === 'string') {
      const m = /^(.+):(\d+)$/.exec(value);
      if (!m) throw new SwitchyardError('USAGE', `${path}: ${name}: "${value}" is not HOST:PORT`);
      map.set(name, { host: m[1]!, port: Number(m[2]) });
    } else if (typeof value === 'object' && value !== null && typeof (value as Endpoint).host === 'string') {
      const v = value as Endpoint;
      map.set(name, { host: v.host, port: Number(v.port ?? 22) });
    } else {
      throw new SwitchyardError('USAGE', `${path}: ${name}: expected "HOST:PORT" or {"host","port"}`);
    }
  }
  return map;
}
