/** A factory-new ACC1 of the example project in the simulator, for the tests that call provisionDevice directly. */
import type { TestContext } from 'node:test';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadProject } from '../../../src/app/index.js';
import { remediate } from '../../../src/config/index.js';
import { siteLabSpecs, startLab, type LabDevice } from '../../../src/lab/index.js';
import { getPlatform } from '../../../src/platforms/index.js';
import type { ProvisionOptions } from '../../../src/reconcile/index.js';
import { copyExampleProject, DEMO_PASSWORD } from '../../helpers/example-lab.js';

export const NAME = 'FS-S3900-ACC1';
export const MAC = '02:00:00:00:00:61';

/** A factory-new ACC1 in the simulator, the example project, and the provisioning options. */
export async function factoryUnit(t: TestContext) {
  process.env.SWITCHYARD_PASSWORD = DEMO_PASSWORD;
  const root = await copyExampleProject();
  const spec = (await siteLabSpecs(root, 'hq', { factory: true })).find((s) => s.name === NAME)!;
  const lab = await startLab([{ ...spec, mac: MAC }], { keyDir: join(root, 'lab-keys') });
  t.after(async () => {
    await lab.stop();
    await rm(root, { recursive: true, force: true });
  });
  const project = await loadProject(root);
  const device = project.inventory.device('hq', NAME);
  const unit = lab.devices[0] as LabDevice;
  const options = (extra: Partial<ProvisionOptions> = {}): ProvisionOptions => ({
    root,
    stateDir: project.stateDir,
    desired: (d) => project.desired(d),
    mac: MAC,
    // Its management address, once configured, is the same simulated unit.
    endpoints: new Map([[NAME, { host: '127.0.0.1', port: unit.port }]]),
    ...extra,
  });
  // What provisioning will type: the factory config to the desired one.
  const push = remediate(unit.running(), (await project.desired(device)).text, getPlatform(device.platform).config).commands;
  return { device, unit, options, push, project, endpoint: { host: '127.0.0.1', port: unit.port }, stateDir: project.stateDir };
}

/** `<state>/bindings.json` as text ('' when there is none). */
export async function bindings(stateDir: string): Promise<string> {
  return readFile(join(stateDir, 'bindings.json'), 'utf8').catch(() => '');
}
