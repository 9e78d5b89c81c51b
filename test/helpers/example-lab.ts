/**
 * The example project's site served by simulated switches on loopback, in a temporary
 * copy of the project (so runs write their state there, not into the repo).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteLabSpecs, startLab, type Lab, type LabDeviceSpec, type LabFaults } from '../../src/lab/index.js';
import { loadInventory, type Device, type Inventory } from '../../src/inventory/index.js';
import type { Endpoint } from '../../src/reconcile/index.js';
import { fixturesDir, repoRoot } from './paths.js';

/** The demo account's password (its hash is in the example inventory). */
export const DEMO_PASSWORD = 'switchyard-demo';

/** A running example site. */
export interface ExampleLab {
  readonly root: string;
  readonly stateDir: string;
  readonly inventory: Inventory;
  readonly devices: readonly Device[];
  readonly lab: Lab;
  readonly endpoints: Map<string, Endpoint>;
  /** Path of a JSON endpoints file for `--endpoints`. */
  readonly endpointsFile: string;
  /** The committed baseline of a device. */
  baseline(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A copy of the example project as it was when the tests that pin its content were
 * written (its devices, VLANs, ports): the example at the repository root is the user's
 * to change, and adding a VLAN to `hq` there must not break a test about something else.
 */
export const FIXTURE_PROJECT = join(fixturesDir, 'project');

async function copyProjectFrom(source: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sy-project-'));
  for (const dir of ['inventory', 'templates', 'baselines', 'rules']) await cp(join(source, dir), join(root, dir), { recursive: true }).catch(() => undefined);
  return root;
}

/** Copies the example project into a temp dir. */
export function copyExampleProject(): Promise<string> {
  return copyProjectFrom(repoRoot);
}

/** Copies the fixture project (FIXTURE_PROJECT) into a temp dir. */
export function copyFixtureProject(): Promise<string> {
  return copyProjectFrom(FIXTURE_PROJECT);
}

/**
 * Serves `site` of the example project: each device starts from its committed baseline,
 * changed by `running(name, baseline)` when given, with optional fault knobs.
 */
export async function startExampleLab(
  site: string,
  options: { running?: (name: string, baseline: string) => string; faults?: Readonly<Record<string, LabFaults>> } = {},
): Promise<ExampleLab> {
  process.env.SWITCHYARD_PASSWORD = DEMO_PASSWORD;
  const root = await copyExampleProject();
  const stateDir = join(root, '.switchyard');
  const inventory = await loadInventory(root);
  const devices = inventory.site(site).devices;
  const baseline = (name: string) => readFile(join(root, 'baselines', site, `${name}.cfg`), 'utf8');
  const specs: LabDeviceSpec[] = (await siteLabSpecs(root, site)).map((spec) => ({
    ...spec,
    ...(options.running && spec.config !== undefined ? { config: options.running(spec.name, spec.config) } : {}),
    ...(options.faults?.[spec.name] ? { faults: { ...options.faults[spec.name] } } : {}),
  }));
  const lab = await startLab(specs, { keyDir: join(root, 'lab-keys') });
  const endpoints = new Map<string, Endpoint>(lab.devices.map((d) => [d.spec.name, { host: d.host, port: d.port }]));
  const endpointsFile = join(root, 'endpoints.json');
  await writeFile(endpointsFile, JSON.stringify(Object.fromEntries([...endpoints].map(([k, v]) => [k, `${v.host}:${v.port}`]))));
  return {
    root,
    stateDir,
    inventory,
    devices,
    lab,
    endpoints,
    endpointsFile,
    baseline,
    async stop() {
      await lab.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
