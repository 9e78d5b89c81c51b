/**
 * Benchmark of the reconciler: N generated simulated switches (every tenth drifted) served
 * by `switchyard lab --generate N` in a separate process; `reconcile --check` over all of
 * them, then a real apply (the drifted ones converge and save), then a second check.
 * Prints wall time, devices/second and the client's peak RSS, and the command to reproduce.
 *
 *   node --import tsx bench/reconcile.ts --devices 1000 --forks 100
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Device } from '../src/inventory/index.js';
import type { PlatformName } from '../src/platforms/index.js';
import { reconcileFleet, teamConnector, type DeviceResult, type Endpoint } from '../src/reconcile/index.js';

const { values } = parseArgs({ options: { devices: { type: 'string', default: '1000' }, forks: { type: 'string', default: '100' }, platform: { type: 'string', default: 'fsos-s5850' } } });
const count = Number(values.devices);
const forks = Number(values.forks);

const work = await mkdtemp(join(tmpdir(), 'switchyard-bench-reconcile-'));
const desiredDir = join(work, 'desired');
const cli = new URL('../src/cli/bin.ts', import.meta.url).pathname;
const child = spawn(process.execPath, ['--import', 'tsx', cli, 'lab', '--generate', String(count), '--platform', values.platform, '--desired-dir', desiredDir, '--key-dir', join(work, 'keys'), '--json'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
type LabInfo = { devices: { name: string; platform: PlatformName; host: string; port: number; drifted: boolean }[] };
const info = await new Promise<LabInfo>((resolve, reject) => {
  createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l) as LabInfo));
  child.once('exit', (code) => reject(new Error(`lab exited with ${code}`)));
});

const devices: Device[] = info.devices.map((d) => ({
  name: d.name,
  site: 'bench',
  platformFamily: d.platform.startsWith('fsos') ? 'fsos' : d.platform,
  platform: d.platform,
  groups: [],
  mgmt: { host: d.host, port: d.port },
  credentials: { username: 'netops', password: 'switchyard-demo' },
  vars: {},
  source: { file: 'bench' },
}));
const desired = new Map<string, string>();
for (const d of devices) desired.set(d.name, await readFile(join(desiredDir, `${d.name}.cfg`), 'utf8'));
const endpoints = new Map<string, Endpoint>(info.devices.map((d) => [d.name, { host: d.host, port: d.port }]));

async function run(label: string, check: boolean): Promise<DeviceResult[]> {
  const stateDir = join(work, 'state');
  const t0 = performance.now();
  const results = await reconcileFleet(
    devices,
    { stateDir, check, diff: false, desired: (d) => Promise.resolve({ text: desired.get(d.name)! }), connect: teamConnector({ root: work, stateDir, endpoints }) },
    forks,
  );
  const s = (performance.now() - t0) / 1000;
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  console.log(
    `${label.padEnd(22)} ${count} devices in ${s.toFixed(2)} s = ${(count / s).toFixed(0)} devices/s   outcomes: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`,
  );
  const failed = results.find((r) => r.outcome === 'failed');
  if (failed) console.log(`  first failure: ${failed.device}: ${failed.error?.code} ${failed.error?.message}`);
  return results;
}

console.log(`bench/reconcile: ${count} simulated ${values.platform} switches (${info.devices.filter((d) => d.drifted).length} drifted), forks ${forks}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`);
await run('check (first contact)', true);
await run('check', true);
await run('apply', false);
await run('check after apply', true);
console.log(`client peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
console.log(`reproduce: node --import tsx bench/reconcile.ts --devices ${count} --forks ${forks}`);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await rm(work, { recursive: true, force: true });
