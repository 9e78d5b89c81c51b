/**
 * Zero-touch provisioning end to end against the simulator: `switchyard watch` tails a
 * dhcpd log; factory-new switches (hostname `Switch`, MAC unknown to the inventory) are
 * identified by the port map — one by the option-82 circuit-id logged by dhcpd, one by
 * its LLDP neighbours — and provisioned; an ambiguous one is refused.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'ssh2';
import { siteLabSpecs, startLab, type LabDeviceSpec } from '../../../src/lab/index.js';
import { copyExampleProject, DEMO_PASSWORD } from '../../helpers/example-lab.js';
import { jobFinished, startWatch } from '../../helpers/watch-daemon.js';

const hex = (s: string) => [...Buffer.from(s)].map((b) => b.toString(16)).join(':');
const ack = (ip: string, mac: string, host: string) => `Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on ${ip} to ${mac} (${host}) via 192.0.2.1\n`;
const option82 = (mac: string, circuit: string) => `Nov 27 20:50:41 vm dhcpd[10257]: switchyard-option82 mac=${mac} circuit-id-hex=${hex(circuit)}\n`;

/** A config without the lines the switch adds around it (header, `!`, `end`): written here, apart from src/config. */
const body = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^(Building .*|!<Version>.*|!|end|)$/.test(l))
    .join('\n');

/** Logs in over SSH with a password; resolves with the first prompt's hostname. */
function login(port: number, username: string, password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    let out = '';
    c.on('ready', () =>
      c.shell({ term: 'vt100' }, (err, ch) => {
        if (err) return reject(err);
        ch.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /([\w.-]+)[#>]\s*$/.exec(out);
          if (m) {
            c.end();
            resolve(m[1]!);
          }
        });
      }),
    )
      .on('error', reject)
      .connect({ host: '127.0.0.1', port, username, password, readyTimeout: 10_000 });
  });
}

/**
 * A copy of the example project whose access switches are replacement units: the
 * inventory knows where they plug in, not their MACs. `cleanup` steps run in reverse
 * order after the test (hooks would run in registration order, and the daemon writes
 * into the project until it stops).
 */
async function replacementProject(t: TestContext): Promise<{ root: string; cleanup: Array<() => Promise<unknown>> }> {
  process.env.SWITCHYARD_PASSWORD = DEMO_PASSWORD;
  const root = await copyExampleProject();
  const cleanup: Array<() => Promise<unknown>> = [() => rm(root, { recursive: true, force: true })];
  t.after(async () => {
    for (const step of cleanup.reverse()) await step();
  });
  const site = join(root, 'inventory', 'sites', 'hq.yml');
  await writeFile(site, (await readFile(site, 'utf8')).replace(/^ {4}mac: 64:9d:99:00:01:0[12]\n/gm, ''));
  return { root, cleanup };
}

test('factory switches identified by circuit-id and by LLDP are provisioned; an ambiguous one is refused', async (t) => {
  const { root, cleanup } = await replacementProject(t);

  const specs = await siteLabSpecs(root, 'hq', { factory: true });
  const spec = (name: string): LabDeviceSpec => specs.find((s) => s.name === name)!;
  const units: LabDeviceSpec[] = [
    { ...spec('FS-S3900-ACC1'), mac: '02:00:00:00:00:61' },
    { ...spec('FS-S3900-ACC2'), mac: '02:00:00:00:00:62' },
    // Cabled to both core ports: the port map cannot say which switch it is.
    {
      ...spec('FS-S3900-ACC2'),
      name: 'twice-plugged',
      mac: '02:00:00:00:00:63',
      lldp: [
        { localPort: 'ethernet 1/25', systemName: 'FS-S5850-SRV', portId: 'eth-0-1' },
        { localPort: 'ethernet 1/26', systemName: 'FS-S5850-SRV', portId: 'eth-0-2' },
      ],
    },
  ];
  const lab = await startLab(units, { keyDir: join(root, 'lab-keys') });
  cleanup.push(() => lab.stop());
  const [acc1, acc2, twice] = lab.devices as [(typeof lab.devices)[number], (typeof lab.devices)[number], (typeof lab.devices)[number]];
  // The DHCP addresses the units got, mapped to where the simulator listens; after
  // provisioning the switches are reached at their management addresses, mapped likewise.
  const endpoints = join(root, 'endpoints.json');
  await writeFile(
    endpoints,
    JSON.stringify({
      '192.0.2.61': `127.0.0.1:${acc1.port}`,
      '192.0.2.62': `127.0.0.1:${acc2.port}`,
      '192.0.2.63': `127.0.0.1:${twice.port}`,
      'FS-S3900-ACC1': `127.0.0.1:${acc1.port}`,
      'FS-S3900-ACC2': `127.0.0.1:${acc2.port}`,
    }),
  );
  const log = join(root, 'dhcpd.log');
  await writeFile(log, '');
  const daemon = await startWatch(root, ['--input', log, '--endpoints', endpoints], { ...process.env, NO_COLOR: '1' });
  cleanup.push(() => daemon.stop());

  // Ambiguous first, while both candidate ports are still unclaimed.
  await appendFile(log, ack('192.0.2.63', twice.spec.mac, 'Switch'));
  const refused = await daemon.waitFor('a refusal', (r) => r.action === 'refuse' && r.mac === twice.spec.mac, { timeoutMs: 60_000 });
  assert.match(String(refused.reason), /FS-S3900-ACC1.*FS-S3900-ACC2|FS-S3900-ACC2.*FS-S3900-ACC1|several|ambiguous/i);
  assert.equal(twice.commands.filter((c) => c.mode === 'config').length, 0, 'nothing pushed to an unidentified switch');

  // By circuit-id: dhcpd logs the option-82 line just before the ACK.
  await appendFile(log, option82(acc1.spec.mac, 'FS-S5850-SRV eth-0-1') + ack('192.0.2.61', acc1.spec.mac, 'Switch'));
  const d1 = await daemon.waitFor('the circuit-id decision', (r) => r.action === 'provision' && r.mac === acc1.spec.mac, { timeoutMs: 60_000 });
  assert.equal(d1.device, 'FS-S3900-ACC1');
  const j1 = await daemon.waitFor('ACC1 provisioned', jobFinished('FS-S3900-ACC1'), { timeoutMs: 90_000 });
  assert.equal(j1.status, 'ok', JSON.stringify(j1));

  // By LLDP: no option 82 at all.
  await appendFile(log, ack('192.0.2.62', acc2.spec.mac, 'Switch'));
  const d2 = await daemon.waitFor('the LLDP decision', (r) => r.action === 'provision' && r.mac === acc2.spec.mac, { timeoutMs: 60_000 });
  assert.equal(d2.device, 'FS-S3900-ACC2');
  const j2 = await daemon.waitFor('ACC2 provisioned', jobFinished('FS-S3900-ACC2'), { timeoutMs: 90_000 });
  assert.equal(j2.status, 'ok', JSON.stringify(j2));

  // Renewed under its new name, the provisioned switch is known by the MAC it was bound
  // to: reconciled (in sync), not taken for a spoof of an inventory name.
  await appendFile(log, ack('192.0.2.61', acc1.spec.mac, 'FS-S3900-ACC1'));
  const renewed = await daemon.waitFor('the renewal decision', (r) => typeof r.action === 'string' && r.mac === acc1.spec.mac && r.hostname === 'FS-S3900-ACC1', { timeoutMs: 60_000 });
  assert.equal(renewed.action, 'reconcile', JSON.stringify(renewed));
  const j3 = await daemon.waitFor('ACC1 reconciled', (r) => r.msg === 'job finished' && r.device === 'FS-S3900-ACC1' && r.job === 'reconcile', { timeoutMs: 90_000 });
  assert.equal(j3.message, 'Configuration OK', JSON.stringify(j3));

  for (const [unit, name] of [
    [acc1, 'FS-S3900-ACC1'],
    [acc2, 'FS-S3900-ACC2'],
  ] as const) {
    const baseline = await readFile(join(root, 'baselines', 'hq', `${name}.cfg`), 'utf8');
    assert.equal(body(unit.running()), body(baseline), `${name}: running config is its baseline`);
    assert.equal(unit.saves, 1, `${name}: saved once`);
    assert.equal(unit.startup(), unit.running());
    assert.equal(await login(unit.port, 'netops', DEMO_PASSWORD), name, `${name}: the team account logs in and the switch has its name`);
  }
  const bindings = JSON.parse(await readFile(join(root, '.switchyard', 'bindings.json'), 'utf8')) as Record<string, { device: string }>;
  assert.equal(bindings[acc1.spec.mac]?.device, 'FS-S3900-ACC1');
  assert.equal(bindings[acc2.spec.mac]?.device, 'FS-S3900-ACC2');
  // The key is pinned under the management address, never under a DHCP address.
  const knownHosts = await readFile(join(root, '.switchyard', 'known_hosts'), 'utf8');
  assert.ok(knownHosts.includes(`[127.0.0.1]:${acc1.port} `), knownHosts);
  assert.ok(!knownHosts.includes('192.0.2.6'), knownHosts);
});

test('watch --no-lldp refuses a factory switch that has no circuit-id instead of asking it for its neighbours', async (t) => {
  const { root, cleanup } = await replacementProject(t);
  const spec = (await siteLabSpecs(root, 'hq', { factory: true })).find((s) => s.name === 'FS-S3900-ACC2')!;
  const lab = await startLab([{ ...spec, mac: '02:00:00:00:00:62' }], { keyDir: join(root, 'lab-keys') });
  cleanup.push(() => lab.stop());
  const unit = lab.devices[0]!;
  const endpoints = join(root, 'endpoints.json');
  await writeFile(endpoints, JSON.stringify({ '192.0.2.62': `127.0.0.1:${unit.port}` }));
  const log = join(root, 'dhcpd.log');
  await writeFile(log, '');
  const daemon = await startWatch(root, ['--input', log, '--endpoints', endpoints, '--no-lldp'], { ...process.env, NO_COLOR: '1' });
  cleanup.push(() => daemon.stop());
  await appendFile(log, ack('192.0.2.62', unit.spec.mac, 'Switch'));
  const d = await daemon.waitFor('the decision', (r) => typeof r.action === 'string' && r.mac === unit.spec.mac, { timeoutMs: 60_000 });
  assert.equal(d.action, 'refuse', JSON.stringify(d));
  assert.equal(unit.commands.length, 0, 'nobody logged in to ask it anything');
});
