/**
 * SIGHUP against the real daemon and simulated switches: a reload loads and checks the
 * whole project (inventory, every device's render, rules) before it replaces the old one.
 * A broken edit is refused and logged, and the jobs that follow keep using the last good
 * project; a good edit applies to the next job; a running job keeps the project it
 * started with. The scenarios run in order on one daemon; each restores what it broke.
 */
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostKeyStore } from '../../../src/device/index.js';
import { acquireDeviceLock } from '../../../src/reconcile/index.js';
import { requestControl } from '../../../src/trigger/index.js';
import { copyExampleProject, startExampleLab, type ExampleLab } from '../../helpers/example-lab.js';
import { startWatch, type WatchDaemon, type WatchRecord } from '../../helpers/watch-daemon.js';
import { aliasBomb } from '../../helpers/yaml-bomb.js';

const SRV = 'FS-S5850-SRV';
const ACK = `Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on 10.10.0.2 to 64:9d:99:00:00:01 (${SRV}) via 192.0.2.1\n`;
// Every ACK reconciles: no suppress window between the scenarios' jobs.
const RULES = 'rules:\n  - { name: switches, match: { type: DHCPACK }, action: reconcile, suppress: 0 }\n';

describe('SIGHUP reload', () => {
  let lab: ExampleLab;
  let daemon: WatchDaemon;
  let log: string;
  const file = (rel: string) => join(lab.root, rel);

  /** Replaces `from` by `to` in a project file; resolves with a function that puts the file back. */
  async function edit(rel: string, from: string | RegExp, to: string): Promise<() => Promise<void>> {
    const original = await readFile(file(rel), 'utf8');
    const changed = original.replace(from, to);
    assert.notEqual(changed, original, `${rel}: nothing to replace`);
    await writeFile(file(rel), changed);
    return () => writeFile(file(rel), original);
  }

  /** Sends SIGHUP; resolves with the daemon's record saying how the reload went. */
  async function hup(): Promise<WatchRecord> {
    const from = daemon.mark();
    process.kill(daemon.pid, 'SIGHUP');
    return daemon.waitFor('the outcome of the reload', (r) => typeof r.msg === 'string' && r.msg.startsWith('reload'), { from });
  }

  /** A DHCPACK of the core switch; resolves with its reconcile job's `job finished` record. */
  async function reconcileSrv(): Promise<WatchRecord> {
    const from = daemon.mark();
    await appendFile(log, ACK);
    return daemon.waitFor(`${SRV} reconciled`, (r) => r.msg === 'job finished' && r.device === SRV, { from, timeoutMs: 60_000 });
  }

  /** After a scenario that changed the switch: the committed project in force again, and on the switch. */
  async function backToCommitted(): Promise<void> {
    assert.equal((await hup()).msg, 'reloaded inventory and rules');
    assert.match(String((await reconcileSrv()).message), /^converged: /);
  }

  const refused = (r: WatchRecord, where: RegExp) => {
    assert.equal(r.level, 'error', JSON.stringify(r));
    assert.match(String(r.msg), /^reload refused; keeping the last good project/);
    assert.match(String(r.error), where);
  };

  before(async () => {
    lab = await startExampleLab('hq');
    // The team's account goes to a lease's address only where a key is pinned, as a first
    // `switchyard reconcile` or `keys accept` would have pinned it.
    const srv = srvLab();
    await new HostKeyStore(lab.stateDir).pin(srv.host, srv.port, srv.hostKey);
    await writeFile(file('rules/dhcp.yml'), RULES);
    log = file('dhcpd.log');
    await writeFile(log, '');
    daemon = await startWatch(lab.root, ['--input', log, '--endpoints', lab.endpointsFile], { ...process.env, NO_COLOR: '1' });
    const first = await reconcileSrv();
    assert.equal(first.message, 'Configuration OK', JSON.stringify(first));
  });

  after(async () => {
    await daemon?.stop();
    await lab?.stop();
  });

  for (const broken of [
    { what: 'a broken inventory', file: 'inventory/sites/hq.yml', from: 'mgmt: { host: 10.10.0.2, port: 22 }', to: 'mgmt: { host: 10.10.0.2, port: 22', where: /inventory\/sites\/hq\.yml:\d+:\d+/ },
    { what: 'a template syntax error', file: 'templates/fsos-s5850/core.hbs', from: 'spanning-tree mode rstp\n', to: 'spanning-tree mode {{#if vars.stp_priority}}rstp\n', where: /templates\/fsos-s5850\/core\.hbs:\d+/ },
  ]) {
    it(`${broken.what} is refused and the next job still runs with the last good project`, async () => {
      const restore = await edit(broken.file, broken.from, broken.to);
      try {
        refused(await hup(), broken.where);
        const job = await reconcileSrv();
        assert.equal(job.status, 'ok', JSON.stringify(job));
        assert.equal(job.message, 'Configuration OK');
      } finally {
        await restore();
      }
    });
  }

  it('one device that fails to render refuses the whole reload, good changes in it included', async () => {
    // The good part: a new SNMP location for the core switch. The bad part: a port range
    // that runs backwards, for another site's switch only (the helper throws for it alone).
    const good = await edit('inventory/sites/hq.yml', 'shutdown_ports: [eth-0-45..48]', 'shutdown_ports: [eth-0-45..48]\n      snmp: { location: hq-room-2 }');
    const bad = await edit('inventory/sites/branch1.yml', '- { ports: eth-0-5..6, vlan: 30, description: printers }', '- { ports: eth-0-6..5, vlan: 30, description: printers }');
    try {
      const r = await hup();
      refused(r, /templates\/fsos-s5850\/core\.hbs:\d+/);
      assert.match(String(r.error), /runs backwards.*FS-S5850-BR1/);
      const job = await reconcileSrv();
      assert.equal(job.message, 'Configuration OK', 'the new SNMP location is not applied: the reload was refused');
      assert.doesNotMatch(srvRunning(), /hq-room-2/);
    } finally {
      await bad();
      await good();
    }
  });

  it('a good change applies to the next job', async () => {
    const restore = await edit('inventory/sites/hq.yml', 'shutdown_ports: [eth-0-45..48]', 'shutdown_ports: [eth-0-45..48]\n      snmp: { location: hq-room-2 }');
    try {
      const r = await hup();
      assert.equal(r.msg, 'reloaded inventory and rules', JSON.stringify(r));
      const job = await reconcileSrv();
      assert.equal(job.status, 'ok', JSON.stringify(job));
      assert.match(String(job.message), /^converged: \d+ command\(s\) pushed/);
      assert.match(srvRunning(), /^snmp-server location hq-room-2$/m);
    } finally {
      await restore();
    }
    await backToCommitted();
  });

  it('a reload while a job runs does not change that job’s project; the next job gets the new one', async () => {
    // Holding the device lock keeps the job waiting after it has started (and taken its project).
    const lock = await acquireDeviceLock(lab.stateDir, 'hq', SRV);
    let restore: (() => Promise<void>) | undefined;
    try {
      const from = daemon.mark();
      await appendFile(log, ACK);
      await daemon.waitFor('the reconcile decision', (r) => r.action === 'reconcile' && r.device === SRV, { from });
      const status = await requestControl(join(lab.stateDir, 'watch.sock'), { op: 'status' });
      const queue = (status?.status as { queue: { device: string | null; state: string }[] }).queue;
      assert.deepEqual(queue.map((e) => [e.device, e.state]), [[SRV, 'running']]);
      restore = await edit('inventory/sites/hq.yml', 'shutdown_ports: [eth-0-45..48]', 'shutdown_ports: [eth-0-45..48]\n      snmp: { location: hq-room-3 }');
      assert.equal((await hup()).msg, 'reloaded inventory and rules');
      await lock.release();
      const job = await daemon.waitFor(`${SRV} reconciled`, (r) => r.msg === 'job finished' && r.device === SRV, { from, timeoutMs: 60_000 });
      assert.equal(job.message, 'Configuration OK', 'the running job renders with the project it started with');
      assert.doesNotMatch(srvRunning(), /hq-room-3/);
      const next = await reconcileSrv();
      assert.match(String(next.message), /^converged: /);
      assert.match(srvRunning(), /^snmp-server location hq-room-3$/m);
    } finally {
      await lock.release();
      await restore?.();
    }
    await backToCommitted();
  });

  it('a YAML alias bomb in the inventory or the rules is refused within moments; the daemon keeps working', async () => {
    const bomb = aliasBomb();
    for (const [rel, from, to] of [
      ['inventory/defaults.yml', /^vars:\n/m, `vars:\n  lol:\n${bomb.indented(4)}\n`],
      ['rules/dhcp.yml', /^/, `${bomb.text}\n`],
    ] as const) {
      const restore = await edit(rel, from, to);
      try {
        const started = Date.now();
        const r = await hup();
        const ms = Date.now() - started;
        refused(r, new RegExp(`${rel.replace(/[./]/g, '\\$&')}:\\d+:\\d+.*alias`));
        assert.ok(ms < 5_000, `${rel}: refused after ${ms} ms`);
        const job = await reconcileSrv();
        assert.equal(job.message, 'Configuration OK', JSON.stringify(job));
      } finally {
        await restore();
      }
    }
  });

  function srvLab() {
    return lab.lab.devices.find((d) => d.spec.name === SRV)!;
  }

  function srvRunning(): string {
    return srvLab().running();
  }
});

test('the daemon does not start with a project that fails to render: there is no good project to keep', async (t) => {
  const root = await copyExampleProject();
  t.after(() => rm(root, { recursive: true, force: true }));
  const core = join(root, 'templates', 'fsos-s5850', 'core.hbs');
  await writeFile(core, (await readFile(core, 'utf8')).replace('spanning-tree mode rstp\n', 'spanning-tree mode {{#if vars.stp_priority}}rstp\n'));
  await writeFile(join(root, 'dhcpd.log'), '');
  await assert.rejects(startWatch(root, ['--input', join(root, 'dhcpd.log')], { ...process.env, NO_COLOR: '1' }), /exited \(1\)[^]*templates\/fsos-s5850\/core\.hbs:\d+/);
});
