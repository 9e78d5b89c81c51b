/**
 * The daemon's actions, wired to the reconciler: what `switchyard watch` and `switchyard
 * trigger` run when a rule decides `reconcile` or `provision`, and the LLDP look-up that
 * identifies a factory-new switch. The trigger never talks SSH itself
 * (docs/architecture.md, parts).
 *
 * Where each action connects (docs/architecture.md, safety):
 * - reconcile: the inventory's management address (or the operator's endpoints file),
 *   never the address in the DHCP event: a rogue can copy a MAC and a hostname.
 * - provision and LLDP identification: the DHCP address, with the factory account only.
 *   The team's account goes only to the management address (never to a DHCP address),
 *   and there only to the key the unit showed at its factory login.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HostKeyStore } from '../device/index.js';
import { loadInventory, type Device, type Inventory } from '../inventory/index.js';
import { connectWith, loadEndpoints, provisionDevice, reconcileDevice, teamConnector, type DeviceResult, type Endpoint } from '../reconcile/index.js';
import type { JobHandlers, JobOutcome, LeaseEvent } from '../trigger/index.js';
import { SwitchyardError } from '../errors.js';
import type { Project } from './project.js';

/** Time limits of the LLDP look-up of an unknown switch: SSH login, then each command. */
const IDENTIFY_TIMEOUT_MS = Object.freeze({ connect: 5000, command: 10_000 });

/** Error codes that mean "the switch is not reachable yet": it answered DHCP before its SSH server was up. */
const NOT_UP_YET = new Set(['DEVICE_CONNECT', 'DEVICE_TIMEOUT', 'DEVICE_DISCONNECTED']);

/** Options of {@link reconcileHandlers}. */
interface HandlerOptions {
  readonly root: string;
  /** Address overrides by device name (reconcile) or by DHCP address (provision, LLDP). */
  readonly endpoints?: ReadonlyMap<string, Endpoint>;
  readonly connectTimeoutMs?: number;
  readonly commandTimeoutMs?: number;
}

/** Handlers plus `use()`, which gives them the project to act on: at start, and after each reload that loaded completely. */
export interface ReconcileHandlers extends JobHandlers {
  /** `undefined`: the rules start no job that renders, and no templates were read. */
  use(project: Project | undefined): void;
}

/** Builds the daemon's handlers for the project at `root`; they act only once `use()` has given them a loaded project. */
export function reconcileHandlers(options: HandlerOptions): ReconcileHandlers {
  let project: Project | undefined;
  // Taken once, when a job starts: a reload never changes the project of a job under way,
  // and a job never reads the project from disk itself (a broken edit would fail it).
  const current = (): Project => {
    if (project === undefined) throw new Error('no templates are loaded: no rule reconciles or provisions (a SIGHUP after adding one loads them)');
    return project;
  };
  const timeouts = {
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
  };
  const dhcpEndpoint = (event: LeaseEvent, port: number): Endpoint => options.endpoints?.get(event.ip) ?? { host: event.ip, port };

  return {
    use(loaded) {
      project = loaded;
    },
    async reconcile(device, event, signal) {
      const p = current();
      const result = await reconcileDevice(device, {
        stateDir: p.stateDir,
        check: false,
        diff: false,
        desired: (d) => p.desired(d),
        connect: teamConnector({
          root: options.root,
          stateDir: p.stateDir,
          ...(options.endpoints ? { endpoints: options.endpoints } : {}),
          ...timeouts,
          // The lease is the management address itself: whoever asked with this MAC holds
          // it now, so the team's account goes there only to a key already pinned.
          allowFirstUse: (d) => event.ip.toLowerCase() !== d.mgmt.host.toLowerCase(),
        }),
        // SIGTERM stops a job still waiting for a device lock; a push under way is never interrupted.
        signal,
      });
      return outcomeOf(result);
    },
    async provision(device, event, signal) {
      const p = current();
      const result = await provisionDevice(device, dhcpEndpoint(event, device.mgmt.port), {
        root: options.root,
        stateDir: p.stateDir,
        ...(options.endpoints ? { endpoints: options.endpoints } : {}),
        ...timeouts,
        desired: (d) => p.desired(d),
        mac: event.mac,
        leaseAddress: event.ip,
        signal,
      });
      return outcomeOf(result);
    },
    async identifyByLldp(event) {
      const p = current();
      const probe = factoryProbe(p.inventory);
      // A look-up, not a pin: the factory account is no secret, and a key pinned under a
      // DHCP address would lock out the next switch that gets it.
      const scratch = await mkdtemp(join(tmpdir(), 'switchyard-lldp-'));
      try {
        const session = await connectWith(probe, dhcpEndpoint(event, probe.mgmt.port), probe.factory!, {
          root: options.root,
          stateDir: p.stateDir,
          keyStore: new HostKeyStore(scratch),
          allowFirstUse: true,
          // Anyone on the access network can make an unknown switch, at an address that takes
          // TCP and never answers; a look-up holds one of the candidate lane's few slots, so it
          // gives up sooner than a known switch's login (issue #11: 15 s each, 40 of them).
          connectTimeoutMs: Math.min(options.connectTimeoutMs ?? IDENTIFY_TIMEOUT_MS.connect, IDENTIFY_TIMEOUT_MS.connect),
          commandTimeoutMs: Math.min(options.commandTimeoutMs ?? IDENTIFY_TIMEOUT_MS.command, IDENTIFY_TIMEOUT_MS.command),
        });
        try {
          return await session.readLldpNeighbours();
        } finally {
          await session.close();
        }
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The handlers of the project at `root`, reaching switches where the endpoints file (a
 * JSON map DEVICE or DHCP-ADDRESS → "HOST:PORT", relative to `root`) says. The file is
 * checked against `inventory` (loaded here when not given) before the first job runs.
 */
export async function actionHandlers(root: string, endpointsFile?: string, inventory?: Inventory): Promise<ReconcileHandlers> {
  const endpoints = endpointsFile !== undefined ? await loadEndpoints(resolve(root, endpointsFile), inventory ?? (await loadInventory(root))) : undefined;
  return reconcileHandlers({ root, ...(endpoints ? { endpoints } : {}) });
}

/** What a job reports to the queue: not-up-yet failures before anything was pushed are retried. */
export function outcomeOf(r: DeviceResult): JobOutcome {
  switch (r.outcome) {
    case 'in-sync':
      return { status: 'ok', message: 'Configuration OK' };
    case 'converged':
      return { status: 'ok', message: `converged: ${r.commands.length} command(s) pushed, verified, saved` };
    case 'drift':
      return { status: 'ok', message: `drift: ${r.commands.length} command(s) would be pushed` };
    case 'not-converged':
      return { status: 'failed', message: `not converged: ${r.remaining?.length ?? 0} line(s) still differ; not saved` };
    case 'failed': {
      const e = r.error;
      if (e && NOT_UP_YET.has(e.code) && r.sent === 0) return { status: 'retry', message: `SSH not up yet: ${e.message}` };
      const rb = r.rollback?.attempted ? (r.rollback.restored ? '; rolled back, not saved' : '; ROLLBACK FAILED, not saved') : '';
      const message = `${e?.message ?? 'failed'}${e?.command ? ` (command: ${e.command})` : ''}${rb}`;
      // A changed host key is never retried and never accepted by itself: an operator decides.
      if (e?.code === 'DEVICE_HOSTKEY') return { status: 'failed', message: `${message}${e.hint ? ` (${e.hint})` : ''}`, alert: true };
      return { status: 'failed', message };
    }
  }
}

/**
 * The device whose platform and factory account are used to log in to an unidentified
 * switch: among the devices the port map expects to appear (those with an uplink), the
 * most common platform.
 */
function factoryProbe(inventory: Inventory): Device {
  const expected = inventory.devices.filter((d) => d.uplink !== undefined && d.factory !== undefined);
  if (expected.length === 0) {
    throw new SwitchyardError('USAGE', 'no device of the inventory has an uplink and factory credentials: nothing to identify a new switch by', {
      hint: 'give access switches `uplink: { device, port }` and set `factory:` in inventory/defaults.yml',
    });
  }
  const count = new Map<string, number>();
  for (const d of expected) count.set(d.platform, (count.get(d.platform) ?? 0) + 1);
  const platform = [...count].sort((a, b) => b[1] - a[1])[0]![0];
  return expected.find((d) => d.platform === platform)!;
}
