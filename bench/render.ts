/**
 * Render benchmark: generates a fleet (default 2,000 devices: 100 sites of one S5850 core
 * and 19 S3900 access switches on its ports) in a temp dir with the example project's
 * defaults, groups and templates; then loads and validates the inventory and renders
 * every device. Prints devices/second, the time of each stage and peak memory.
 *
 *   node --import tsx bench/render.ts [DEVICES]
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadInventory } from '../src/inventory/index.js';
import { openRenderer } from '../src/render/index.js';
import { repoRoot } from '../test/helpers/paths.js';

const PER_SITE = 20;
const total = Number(process.argv[2] ?? 2000);
if (!Number.isInteger(total) || total < PER_SITE) throw new Error(`device count must be a whole number ≥ ${PER_SITE}`);

const dir = await mkdtemp(join(tmpdir(), 'sy-bench-render-'));
try {
  await generate(dir, Math.ceil(total / PER_SITE));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const inventory = await loadInventory(dir);
  const t1 = performance.now();
  const renderer = await openRenderer(inventory);
  let bytes = 0;
  for (const d of inventory.devices) bytes += renderer.render(d).length;
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  // A second pass: what a long-running process (the daemon) pays per device once templates are compiled.
  for (const d of inventory.devices) renderer.render(d);
  const t3 = performance.now();

  const n = inventory.devices.length;
  const rate = (ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
  console.log(`devices:             ${n} in ${inventory.sites.length} sites (${(bytes / 1e6).toFixed(1)} MB of config)`);
  console.log(`load + validate:     ${(t1 - t0).toFixed(0)} ms`);
  console.log(`templates + render:  ${(t2 - t1).toFixed(0)} ms (first pass, compiles each template once)`);
  console.log(`total:               ${(t2 - t0).toFixed(0)} ms → ${rate(t2 - t0)} devices/s (load + validate + render)`);
  // On a shared machine wall time includes waiting for the CPU; CPU time is what the work cost.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`total CPU time:      ${cpuMs.toFixed(0)} ms, all threads (GC and JIT run beside the main thread)`);
  console.log(`render again:        ${(t3 - t2).toFixed(0)} ms → ${rate(t3 - t2)} devices/s (templates compiled)`);
  console.log(`peak RSS:            ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  console.log(`machine:             ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
  console.log(`reproduce:           node --import tsx bench/render.ts ${total}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** Writes `sites` sites of one core and PER_SITE - 1 access switches each. */
async function generate(root: string, sites: number): Promise<void> {
  await mkdir(join(root, 'inventory', 'sites'), { recursive: true });
  await cp(join(repoRoot, 'inventory', 'defaults.yml'), join(root, 'inventory', 'defaults.yml'));
  await cp(join(repoRoot, 'inventory', 'groups.yml'), join(root, 'inventory', 'groups.yml'));
  await cp(join(repoRoot, 'templates'), join(root, 'templates'), { recursive: true });
  for (let s = 0; s < sites; s++) {
    const name = `site${String(s).padStart(3, '0')}`;
    const net = `10.${100 + (s >> 8)}.${s & 255}`;
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    const core = `CORE-${name}`;
    const lines = [
      `site: ${name}`,
      'vars:',
      `  mgmt: { vlan: 10, subnet: ${net}.0/24, gateway: ${net}.1 }`,
      `  snmp: { community: ro-${name}, location: ${name} }`,
      '  vlans: { 20: { name: servers }, 30: { name: users }, 40: { name: voice } }',
      'devices:',
      `  ${core}:`,
      '    model: S5850-48T4Q',
      '    role: core',
      '    groups: [core]',
      `    mac: 64:9d:99:${hex(s >> 8)}:${hex(s & 255)}:00`,
      `    mgmt: { host: ${net}.2 }`,
      '    vars: { access_ports: [{ ports: eth-0-40..43, vlan: 20, description: servers }], shutdown_ports: [eth-0-45..48] }',
    ];
    for (let a = 1; a < PER_SITE; a++) {
      lines.push(
        `  ACC-${name}-${a}:`,
        '    model: S3900-24T4S',
        '    role: access',
        '    groups: [access]',
        `    mac: 64:9d:99:${hex(s >> 8)}:${hex(s & 255)}:${hex(a)}`,
        `    mgmt: { host: ${net}.${10 + a} }`,
        `    uplink: { device: ${core}, port: eth-0-${a}, local_port: ethernet 1/25 }`,
        `    circuit_id: ${core} eth-0-${a}`,
        '    vars: { access_ports: [{ ports: ethernet 1/1..24, vlan: 30 }] }',
      );
    }
    await writeFile(join(root, 'inventory', 'sites', `${name}.yml`), `${lines.join('\n')}\n`);
  }
}
