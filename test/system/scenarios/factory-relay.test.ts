// Scenario 2 (issue 7): a factory-new switch behind dhcrelay -a, DHCP hostname `Switch`,
// a MAC nobody knows. The option-82 circuit-id dhcpd logs (the relay port's name)
// identifies it through the inventory's port map (`circuit_id: eth-0-7`), and `switchyard
// watch` provisions it: factory login, full config pushed, team login, `write memory`.
//
// On FRR the hostname and the accounts are outside vtysh (docs/platforms.md, FRR): the
// daemons keep their name (`Switch`) and the login is a Linux account behind sshd. So this
// proves identification, push and save, and that the inventory's account logs in; the
// rename and account creation are proven on the FSOS simulator. The lab has one Linux
// account, so the fixture's factory account and its team account are the same login.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLab, type Lab } from '../lab/index.js';
import { describeLab, DHCPD, DHCRELAY, LAB_TOOLS } from '../prereq.js';
import {
  INVENTORY_USER, LEAF1, NEW1, baseline, copyProject, jobFinished, labEnv, need, tearDown, runRecords, startWatch, withoutVolatileHeader, writeEndpoints,
  type WatchDaemon,
} from './kit.js';

const MAC = '02:00:00:00:52:07';

describeLab('scenario 2: a factory switch behind the relay is identified by its circuit-id and provisioned', [...LAB_TOOLS, DHCPD, DHCRELAY], () => {
  let lab: Lab | undefined;
  let root: string | undefined;
  let watch: WatchDaemon | undefined;
  let lease = '';

  before(async () => {
    root = await copyProject();
    lab = await createLab({
      dhcp: 'dhcpd',
      switches: [
        // Keeps new1 second in the address plan, where the inventory expects it (no daemons).
        { name: LEAF1.name, mac: LEAF1.mac, frr: false, dhcp: false },
        { name: NEW1.name, mac: MAC, hostname: 'Switch', frrHostname: 'Switch', relay: { port: NEW1.circuitId } },
      ],
    });
    // The lab's sshd login is the inventory's team account (labEnv passes its password).
    assert.equal(lab.credentials.username, INVENTORY_USER);
    const sw = lab.switch(NEW1.name);
    assert.equal(sw.mgmtAddress, NEW1.mgmt, 'the inventory lists the lab address');
    assert.equal(sw.circuitId, NEW1.circuitId);
    // The lease is on a link the root namespace cannot reach (the team's account never goes
    // to an address learned from DHCP: docs/architecture.md, safety): the operator's
    // endpoints file maps it to where that switch's sshd is reachable. dhcpd keeps the
    // address for the MAC across the reboot.
    lease = need(lab.lease(NEW1.name));
    const endpoints = await writeEndpoints(root, { [lease]: `${NEW1.mgmt}:22` });
    await lab.stopDhcpClient(NEW1.name);
    watch = await startWatch(root, ['--input', lab.dhcpLog, '--endpoints', endpoints], labEnv(lab));
  });
  after(() => tearDown(watch, lab, root));

  test('the switch boots: identified by circuit-id eth-0-7, provisioned, config read back over ssh with the inventory account, saved to frr.conf', async () => {
    const daemon = need(watch);
    const from = daemon.mark();
    const boot = await need(lab).startDhcpClient(NEW1.name);
    assert.equal(boot.ip, lease);

    const decision = await daemon.waitFor('the provision decision', (r) => r.action !== undefined && r.mac === MAC, { from });
    assert.equal(decision.action, 'provision', JSON.stringify(decision));
    assert.equal(decision.device, NEW1.name);
    assert.equal(decision.rule, 'new-switch');
    assert.equal(decision.hostname, 'Switch');
    assert.equal(decision.circuitId, NEW1.circuitId);
    assert.match(String(decision.reason), /circuit-id "eth-0-7"/);
    const done = await daemon.waitFor('new1 provisioned', jobFinished(NEW1.name), { from, timeoutMs: 60_000 });
    assert.equal(done.job, 'provision');
    assert.equal(done.status, 'ok', JSON.stringify(done));
    assert.match(String(done.message), /^converged: \d+ command\(s\) pushed, verified, saved$/);

    // Our own login with the inventory's account (OpenSSH, strict host key): the whole
    // desired config is there; only the hostname line stays the daemons' own.
    const desired = (await baseline(NEW1.name)).replace(/^hostname new1$/m, 'hostname Switch');
    assert.equal(withoutVolatileHeader(await need(lab).sshRunningConfig(NEW1.name)), desired);

    // `write memory` happened: frr.conf on disk holds the pushed lines.
    const saved = readFileSync(need(lab).switch(NEW1.name).frrConfigFile, 'utf8');
    for (const line of [' description provisioned new1', ' bgp router-id 198.51.100.6', ' neighbor 203.0.113.21 remote-as 65010', 'ip prefix-list NEW1-OUT seq 5 permit 192.0.2.128/25']) {
      assert.ok(saved.split('\n').includes(line), `${JSON.stringify(line)} in frr.conf:\n${saved}`);
    }

    const runs = await runRecords(need(root));
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.device, NEW1.name);
    assert.equal(runs[0]?.outcome, 'converged');
    assert.equal(runs[0]?.saved, true);
  });

  test('the MAC is bound to new1 and its host key is pinned under the management address', async () => {
    const state = join(need(root), '.switchyard');
    const bindings = JSON.parse(await readFile(join(state, 'bindings.json'), 'utf8')) as Record<string, { device: string; site: string }>;
    assert.deepEqual({ device: bindings[MAC]?.device, site: bindings[MAC]?.site }, { device: NEW1.name, site: 'lab' });
    const key = need(need(lab).switch(NEW1.name).hostKey).split(' ').slice(0, 2).join(' ');
    const knownHosts = await readFile(join(state, 'known_hosts'), 'utf8');
    assert.ok(knownHosts.split('\n').some((l) => l === `${NEW1.mgmt} ${key}`), knownHosts);
    // Nothing was pinned under the DHCP address: the next switch to get it must not be locked out.
    assert.ok(!knownHosts.includes(lease), knownHosts);
  });
});
