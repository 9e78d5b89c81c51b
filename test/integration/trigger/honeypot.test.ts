/**
 * An attacker on the access network runs an SSH server that accepts the factory account
 * and records every username and password it is offered (a factory-state simulator
 * keeps that record), and sends DHCP requests with a real switch's MAC and the factory
 * hostname `Switch`. Through every entry point (the tailed log, syslog over UDP, the
 * `trigger` hook) and every failure path of provisioning, the team's password never
 * reaches it, and the pinned host keys are unchanged.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { siteLabSpecs, startLab, type LabDevice } from '../../../src/lab/index.js';
import { HostKeyStore, fingerprint } from '../../../src/device/index.js';
import { loadProject, reconcileHandlers } from '../../../src/app/index.js';
import { remediate } from '../../../src/config/index.js';
import { getPlatform } from '../../../src/platforms/index.js';
import { provisionDevice, readKeyOffers, type ProvisionOptions } from '../../../src/reconcile/index.js';
import { startExampleLab, DEMO_PASSWORD, type ExampleLab } from '../../helpers/example-lab.js';
import { runCli } from '../../helpers/cli.js';
import { startWatch, type WatchRecord } from '../../helpers/watch-daemon.js';

const ACC1 = 'FS-S3900-ACC1';
const ACC1_MAC = '64:9d:99:00:01:01';
/** The address the rogue got from DHCP: mapped by the endpoints file to its SSH server. */
const ROGUE_IP = '192.0.2.77';
const ACC1_PORT = 'FS-S5850-SRV eth-0-1';
const ACC2_MAC = '64:9d:99:00:01:02';
const ACC2_PORT = 'FS-S5850-SRV eth-0-2';

interface Scene {
  readonly ex: ExampleLab;
  /** The attacker's SSH server: a factory-state unit that records every login. */
  readonly rogue: LabDevice;
  readonly endpointsFile: string;
  readonly teamUser: string;
  knownHosts(): Promise<string>;
}

/**
 * The example site on the simulator, its keys pinned as a first reconcile pins them
 * (optional), and the rogue: ACC1's factory twin with its own host key, reporting LLDP
 * neighbours that put it in ACC1's port (an attacker's switch says what it likes).
 */
async function scene(t: TestContext, options: { pinned: boolean }): Promise<Scene> {
  const ex = await startExampleLab('hq');
  const spec = (await siteLabSpecs(ex.root, 'hq', { factory: true })).find((s) => s.name === ACC1)!;
  const rogueLab = await startLab([{ ...spec, mac: ACC1_MAC }], { keyDir: join(ex.root, 'rogue-keys') });
  t.after(async () => {
    await rogueLab.stop();
    await ex.stop();
  });
  const rogue = rogueLab.devices[0]!;
  assert.notEqual(rogue.hostKey, ex.lab.device(ACC1).hostKey, 'the rogue has a key of its own');
  if (options.pinned) {
    const store = new HostKeyStore(ex.stateDir);
    await Promise.all(ex.lab.devices.map((d) => store.pin(d.host, d.port, d.hostKey)));
  }
  const endpointsFile = join(ex.root, 'endpoints-rogue.json');
  const map = Object.fromEntries([...ex.endpoints].map(([name, e]) => [name, `${e.host}:${e.port}`]));
  await writeFile(endpointsFile, JSON.stringify({ ...map, [ROGUE_IP]: `127.0.0.1:${rogue.port}` }));
  const knownHosts = () => readFile(join(ex.stateDir, 'known_hosts'), 'utf8').catch(() => '');
  return { ex, rogue, endpointsFile, teamUser: ex.inventory.byName(ACC1)!.credentials.username, knownHosts };
}

/** The rogue saw no team credential: neither the team's username nor its password. */
function assertNoTeamCredential(s: Scene): void {
  for (const login of s.rogue.logins) {
    assert.notEqual(login.password, DEMO_PASSWORD, `the team password reached the rogue (as ${login.username})`);
    assert.notEqual(login.username, s.teamUser, 'the team account was offered to the rogue');
  }
}

const factoryOnly = (s: Scene) => s.rogue.logins.every((l) => l.username === 'admin');
const configLines = (d: LabDevice) => d.commands.filter((c) => c.mode === 'config').length;

test('trigger: a known MAC asking as a factory switch with no circuit-id is refused with an alert; nobody logs in to the rogue', async (t) => {
  const s = await scene(t, { pinned: true });
  const before = await s.knownHosts();
  const run = await runCli(['--root', s.ex.root, 'trigger', '--json', '--ip', ROGUE_IP, '--mac', ACC1_MAC, '--hostname', 'Switch', '--endpoints', s.endpointsFile]);
  const decisions = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as WatchRecord).filter((r) => typeof r.action === 'string');
  assert.equal(decisions.length, 1, run.stdout);
  assert.equal(decisions[0]!.action, 'refuse');
  assert.equal(decisions[0]!.alert, true);
  assert.equal(s.rogue.logins.length, 0);
  assert.equal(await s.knownHosts(), before);
});

test('trigger: the rogue claims ACC1\'s port in its circuit-id: factory login only, refused at the pin before any push, key recorded for `keys accept`', async (t) => {
  const s = await scene(t, { pinned: true });
  const before = await s.knownHosts();
  const run = await runCli(['--root', s.ex.root, 'trigger', '--json', '--ip', ROGUE_IP, '--mac', ACC1_MAC, '--hostname', 'Switch', '--circuit-id', ACC1_PORT, '--endpoints', s.endpointsFile]);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as WatchRecord);
  assert.equal(records.find((r) => typeof r.action === 'string')?.action, 'provision');
  const finished = records.find((r) => r.msg === 'job finished')!;
  assert.equal(finished.status, 'failed');
  assert.equal(finished.alert, true);
  assert.match(String(finished.message), /keys accept FS-S3900-ACC1/);
  assert.ok(s.rogue.logins.length > 0 && factoryOnly(s), JSON.stringify(s.rogue.logins.map((l) => l.username)));
  assertNoTeamCredential(s);
  assert.equal(configLines(s.rogue), 0, 'nothing pushed to the rogue');
  assert.equal(await s.knownHosts(), before, 'pins unchanged');
  const [offer] = (await readKeyOffers(s.ex.stateDir)).get(`hq/${ACC1}`) ?? [];
  assert.equal(offer?.fingerprint, fingerprint(s.rogue.hostKey));
  assert.equal(offer?.seenAt, `127.0.0.1:${s.rogue.port}`);

  // The real switch is still reconciled: its pin was not replaced.
  const rec = await runCli(['--root', s.ex.root, 'reconcile', '--site', 'hq', '--device', ACC1, '--endpoints', s.ex.endpointsFile]);
  assert.equal(rec.code, 0, rec.stdout + rec.stderr);
});

test('the tailed log and syslog UDP: a rogue with a known MAC (LLDP lying about its port, or a circuit-id) never gets the team password', async (t) => {
  const s = await scene(t, { pinned: true });
  const before = await s.knownHosts();
  const log = join(s.ex.root, 'dhcpd.log');
  await writeFile(log, '');
  const udp = await freeUdpPort();
  const daemon = await startWatch(s.ex.root, ['--input', log, '--syslog', `udp://127.0.0.1:${udp}`, '--endpoints', s.endpointsFile], { ...process.env, NO_COLOR: '1' });
  t.after(() => daemon.stop());

  // Through the log, no circuit-id: the daemon asks the rogue for its LLDP neighbours
  // (factory account), which put it in ACC1's port; provisioning stops at the pin.
  await appendFile(log, `Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on ${ROGUE_IP} to ${ACC1_MAC} (Switch) via 192.0.2.1\n`);
  const viaLog = await daemon.waitFor('the provisioning from the log', (r) => r.msg === 'job finished' && r.job === 'provision', { timeoutMs: 60_000 });
  assert.equal(viaLog.status, 'failed', JSON.stringify(viaLog));
  assert.equal(viaLog.alert, true);

  // Through syslog, as ACC2 (ACC1 is in its suppress window now), with the circuit-id of
  // ACC2's port, which the rogue's relay claims.
  const from = daemon.mark();
  const hex = [...Buffer.from(ACC2_PORT)].map((b) => b.toString(16)).join(':');
  await sendUdp(udp, `<30>Nov 27 20:50:42 dhcp1 dhcpd[2107]: switchyard-option82 mac=${ACC2_MAC} circuit-id-hex=${hex}`);
  await sendUdp(udp, `<30>Nov 27 20:50:42 dhcp1 dhcpd[2107]: DHCPACK on ${ROGUE_IP} to ${ACC2_MAC} (Switch) via 192.0.2.1`);
  const viaSyslog = await daemon.waitFor('the provisioning from syslog', (r) => r.msg === 'job finished' && r.job === 'provision', { from, timeoutMs: 60_000 });
  assert.equal(viaSyslog.status, 'failed', JSON.stringify(viaSyslog));
  assert.equal(viaSyslog.device, 'FS-S3900-ACC2');
  assert.equal(viaSyslog.alert, true);

  assert.ok(s.rogue.logins.length > 0 && factoryOnly(s));
  assertNoTeamCredential(s);
  assert.equal(configLines(s.rogue), 0);
  assert.equal(await s.knownHosts(), before);
});

/**
 * Provisioning's failure paths, with the rogue at the DHCP address of a device not yet
 * pinned (so nothing stops it before the push) and the real switch at the management
 * address: whatever fails, the team's account never goes to the DHCP address, and to the
 * management address only for the key the rogue showed — which the real switch does not hold.
 */
async function provisionAgainstRogue(t: TestContext, setup: (s: Scene, push: readonly string[]) => Partial<ProvisionOptions> | void) {
  const s = await scene(t, { pinned: false });
  const project = await loadProject(s.ex.root);
  const device = project.inventory.device('hq', ACC1);
  const push = remediate(s.rogue.running(), (await project.desired(device)).text, getPlatform(device.platform).config).commands;
  const extra = setup(s, push) ?? {};
  const result = await provisionDevice(device, { host: '127.0.0.1', port: s.rogue.port }, {
    root: s.ex.root,
    stateDir: s.ex.stateDir,
    endpoints: s.ex.endpoints,
    desired: (d) => project.desired(d),
    mac: ACC1_MAC,
    connectTimeoutMs: 5000,
    ...extra,
  });
  assertNoTeamCredential(s);
  assert.ok(s.rogue.logins.length > 0 && factoryOnly(s));
  assert.equal(await s.knownHosts(), '', 'no pin was made');
  assert.equal(s.rogue.saves, 0);
  return { s, result };
}

test('provisioning path: the push succeeds on the rogue, the verification at the management address meets another key and sends nothing', async (t) => {
  const { s, result } = await provisionAgainstRogue(t, () => undefined);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.code, 'DEVICE_HOSTKEY', JSON.stringify(result.error));
  assert.ok(configLines(s.rogue) > 0, 'the push reached the rogue (the factory account is no secret)');
  assert.equal(s.ex.lab.device(ACC1).logins.length, 0, 'no password went to the real switch for a key it does not hold');
});

test('provisioning path: the rogue rejects a command mid-push; the rollback uses its session', async (t) => {
  const { result } = await provisionAgainstRogue(t, (s, push) => {
    s.rogue.faults.rejectCommands = [push[Math.floor(push.length / 2)]!];
  });
  assert.equal(result.outcome, 'failed');
  assert.equal(result.rollback?.attempted, true);
});

test('provisioning path: the rogue drops the session mid-push, then refuses the factory account; the rollback does not fall back to the team account at its address', async (t) => {
  const { s, result } = await provisionAgainstRogue(t, (s, push) => {
    s.rogue.faults.dropAfterConfigCommands = Math.floor(push.length / 2);
    return { observer: { onStep: (_d, step) => step === 'rollback' && (s.rogue.faults.refuseAuth = true) } };
  });
  assert.equal(result.outcome, 'failed');
  assert.equal(result.rollback?.restored, false);
  assert.ok(s.rogue.logins.some((l) => !l.accepted), 'the rollback tried the factory account again');
  assert.equal(s.ex.lab.device(ACC1).logins.length, 0);
});

test('the lease is the device\'s own management address and nothing is pinned: provisioning stops before the push, reconcile sends no password', async (t) => {
  const s = await scene(t, { pinned: false });
  const project = await loadProject(s.ex.root);
  const device = project.inventory.device('hq', ACC1);
  // In production both are one address: the rogue copied ACC1's MAC, and a reservation
  // by MAC handed it ACC1's management address. Here both names lead to the rogue.
  const rogueAt = { host: '127.0.0.1', port: s.rogue.port };
  const endpoints = new Map([...s.ex.endpoints, [ACC1, rogueAt]]);
  const result = await provisionDevice(device, rogueAt, {
    root: s.ex.root,
    stateDir: s.ex.stateDir,
    endpoints,
    desired: (d) => project.desired(d),
    mac: ACC1_MAC,
    leaseAddress: device.mgmt.host,
  });
  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.code, 'DEVICE_HOSTKEY');
  assert.match(result.error!.message, /own management address/);
  assert.equal(configLines(s.rogue), 0, 'nothing pushed');
  assertNoTeamCredential(s);
  assert.equal(await s.knownHosts(), '');

  // A daemon reconcile of that lease does not take the key there on first use either.
  const handlers = reconcileHandlers({ root: s.ex.root, endpoints });
  handlers.use(project);
  const outcome = await handlers.reconcile(device, { line: '', type: 'DHCPACK', time: 0, source: 'test', ip: device.mgmt.host, mac: ACC1_MAC, hostname: ACC1 }, new AbortController().signal);
  assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
  assert.match(outcome.message, /no host key pinned/);
  assertNoTeamCredential(s);
  assert.equal(await s.knownHosts(), '');
});

function freeUdpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function sendUdp(port: number, text: string): Promise<void> {
  const client = createSocket('udp4');
  return new Promise<void>((resolve, reject) => client.send(text, port, '127.0.0.1', (err) => (client.close(), err ? reject(err) : resolve())));
}
