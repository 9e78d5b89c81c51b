// Scenario 1 (issue 7): an FRR switch of the inventory has drifted; its DHCP client renews;
// the DHCPACK line ISC dhcpd writes makes `switchyard watch` reconcile it. The config is
// read back through OpenSSH (not through Switchyard) and compared with the committed
// baseline; the next DHCPACK finds nothing to do and logs `Configuration OK`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLab, type Lab } from '../lab/index.js';
import { describeLab, DHCPD, LAB_TOOLS } from '../prereq.js';
import { LEAF1, SUPPRESS_MS, baseline, copyProject, driftLeaf1, expectLeaf1Repaired, jobFinished, labEnv, need, tearDown, runRecords, startWatch, withoutVolatileHeader, type WatchDaemon } from './kit.js';

describeLab('scenario 1: drift repaired on DHCPACK (ISC dhcpd log)', [...LAB_TOOLS, DHCPD], () => {
  let lab: Lab | undefined;
  let root: string | undefined;
  let watch: WatchDaemon | undefined;
  let desired = '';

  before(async () => {
    desired = await baseline(LEAF1.name);
    root = await copyProject();
    // The switch boots in sync: its frr.conf is the baseline.
    lab = await createLab({ dhcp: 'dhcpd', switches: [{ name: LEAF1.name, mac: LEAF1.mac, frrConfig: desired }] });
    assert.equal(lab.switch(LEAF1.name).mgmtAddress, LEAF1.mgmt, 'the inventory lists the lab address');
    watch = await startWatch(root, ['--input', lab.dhcpLog], labEnv(lab));
  });
  after(() => tearDown(watch, lab, root));

  test('booted from the baseline, the switch prints exactly the baseline (the comparison is sound)', async () => {
    assert.equal(withoutVolatileHeader(await need(lab).sshRunningConfig(LEAF1.name)), desired);
  });

  test('the drift is visible over ssh: changed description, stray prefix-list entry, missing neighbour', async () => {
    await driftLeaf1(need(lab));
    assert.notEqual(withoutVolatileHeader(await need(lab).sshRunningConfig(LEAF1.name)), desired);
  });

  test('a renewal: the DHCPACK makes the daemon reconcile leaf1; read back over ssh it equals the baseline; frr.conf is saved', async () => {
    const daemon = need(watch);
    const from = daemon.mark();
    const logFrom = need(lab).dhcpLogSize();
    const lease = await need(lab).renew(LEAF1.name);
    await need(lab).waitForDhcpLog(new RegExp(`^DHCPACK on ${lease.ip.replace(/\./g, '\\.')} to ${LEAF1.mac} \\(leaf1\\) via srv-p0$`), { from: logFrom });

    const decision = await daemon.waitFor('the reconcile decision', (r) => r.action !== undefined && r.mac === LEAF1.mac, { from });
    assert.equal(decision.action, 'reconcile');
    assert.equal(decision.device, LEAF1.name);
    assert.equal(decision.rule, 'switches');
    assert.equal(decision.ip, lease.ip);
    const done = await daemon.waitFor('leaf1 reconciled', jobFinished(LEAF1.name), { from, timeoutMs: 60_000 });
    assert.equal(done.status, 'ok', JSON.stringify(done));
    assert.match(String(done.message), /^converged: \d+ command\(s\) pushed, verified, saved$/);

    await expectLeaf1Repaired(need(lab));

    const runs = await runRecords(need(root));
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.outcome, 'converged');
    assert.equal(runs[0]?.saved, true);
    // Only what differed was typed: the three repairs, each in its section (order aside).
    const typed = (runs[0]?.commands as string[]).map((c) => c.trim()).sort();
    const expected = [
      'no ip prefix-list OUT seq 15 deny 10.0.0.0/8',
      'interface lo', 'description loopback of leaf1', 'exit',
      'router bgp 65001', 'neighbor 203.0.113.10 remote-as 65003', 'exit',
    ].sort();
    assert.deepEqual(typed, expected);
  });

  test('the next DHCPACK finds the switch in sync: Configuration OK', async () => {
    const daemon = need(watch);
    await sleep(SUPPRESS_MS);
    const from = daemon.mark();
    await need(lab).renew(LEAF1.name);
    const done = await daemon.waitFor('the second reconcile', jobFinished(LEAF1.name), { from, timeoutMs: 60_000 });
    assert.equal(done.status, 'ok');
    assert.equal(done.message, 'Configuration OK');
    const runs = await runRecords(need(root));
    assert.equal(runs.at(-1)?.outcome, 'in-sync');
    assert.deepEqual(runs.at(-1)?.commands, []);
  });
});
