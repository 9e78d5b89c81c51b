// Scenario 3 (issue 7): hosts that claim inventory hostnames from MACs that are not theirs.
// A device is identified by its MAC (or the port map), never by the DHCP hostname alone
// (docs/architecture.md, safety): `switchyard watch` refuses both claims with an alert,
// and nothing is pushed anywhere — the real switch is not even logged into.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestControl, SOCKET_FILE, type WatchStatus } from '../../../src/trigger/index.js';
import { createLab, type Lab } from '../lab/index.js';
import { describeLab, DHCPD, LAB_TOOLS } from '../prereq.js';
import { LEAF1, NEW1, baseline, copyProject, labEnv, need, tearDown, runRecords, startWatch, withoutVolatileHeader, type WatchDaemon } from './kit.js';

const ROGUE_LEAF1 = { name: 'rogue1', mac: '02:66:66:66:66:01', hostname: LEAF1.name };
const ROGUE_NEW1 = { name: 'rogue2', mac: '02:66:66:66:66:02', hostname: NEW1.name };

describeLab('scenario 3: a host claiming an inventory hostname from a foreign MAC is refused', [...LAB_TOOLS, DHCPD], () => {
  let lab: Lab | undefined;
  let root: string | undefined;
  let watch: WatchDaemon | undefined;
  let before1 = '';

  before(async () => {
    root = await copyProject();
    lab = await createLab({
      dhcp: 'dhcpd',
      switches: [
        { name: LEAF1.name, mac: LEAF1.mac, dhcp: false, frrConfig: await baseline(LEAF1.name) },
        // DHCP clients only (no FRR, no sshd): hosts on the network pretending to be switches.
        { ...ROGUE_LEAF1, frr: false },
        { ...ROGUE_NEW1, frr: false },
      ],
    });
    assert.equal(lab.switch(LEAF1.name).mgmtAddress, LEAF1.mgmt);
    // leaf1 has drifted: had the daemon reconciled it for the rogue, its config would change.
    const drift = await lab.vtysh(LEAF1.name, ['configure terminal', 'interface lo', 'description changed by hand']);
    assert.equal(drift.code, 0, drift.stdout + drift.stderr);
    before1 = await lab.sshRunningConfig(LEAF1.name);
    assert.notEqual(withoutVolatileHeader(before1), await baseline(LEAF1.name));
    watch = await startWatch(root, ['--input', lab.dhcpLog], labEnv(lab));
  });
  after(() => tearDown(watch, lab, root));

  test('both claims are refused with an alert; no job runs, no login reaches leaf1, its config is unchanged, the run journal is empty', async () => {
    const daemon = need(watch);
    const l = need(lab);
    const sshdLog = join(l.dir, LEAF1.name, 'sshd.log'); // the lab's per-switch sshd log (LogLevel VERBOSE)
    const logins = (): number => (readFileSync(sshdLog, 'utf8').match(/Accepted password for /g) ?? []).length;
    const loginsBefore = logins();
    const from = daemon.mark();
    await Promise.all([l.renew(ROGUE_LEAF1.name), l.renew(ROGUE_NEW1.name)]);

    const byMac = async (mac: string) => daemon.waitFor(`the decision for ${mac}`, (r) => r.action !== undefined && r.mac === mac, { from });
    const claimLeaf1 = await byMac(ROGUE_LEAF1.mac);
    assert.equal(claimLeaf1.action, 'refuse', JSON.stringify(claimLeaf1));
    assert.equal(claimLeaf1.alert, true);
    assert.equal(claimLeaf1.hostname, LEAF1.name);
    assert.equal(claimLeaf1.device, null);
    assert.equal(claimLeaf1.reason, `hostname names inventory device leaf1 (MAC ${LEAF1.mac}), but the lease is for MAC ${ROGUE_LEAF1.mac}`);
    // new1 has no MAC yet (it is known by its port): its name alone identifies nothing.
    const claimNew1 = await byMac(ROGUE_NEW1.mac);
    assert.equal(claimNew1.action, 'refuse', JSON.stringify(claimNew1));
    assert.equal(claimNew1.alert, true);
    assert.match(String(claimNew1.reason), /^hostname names inventory device new1, which has no MAC/);

    // A refusal asks for no job. The daemon queues a decision's job before it reports the
    // decision, so its status, asked now that both refusals are reported, shows any job
    // they queued: waiting, running, or counted as started.
    const answer = await requestControl(join(need(root), '.switchyard', SOCKET_FILE), { op: 'status' });
    assert.equal(answer?.ok, true, JSON.stringify(answer));
    const status = answer?.status as WatchStatus;
    const reported = daemon.records.slice(from).filter((r) => r.action !== undefined).length;
    assert.ok(status.counters.decisions >= reported, `the status is from before the refusals: ${JSON.stringify(status.counters)}`);
    assert.deepEqual(status.queue, [], 'no job queued');
    assert.equal(status.counters.jobsStarted, 0, 'no job started');
    const after = daemon.records.slice(from);
    assert.deepEqual(after.filter((r) => r.msg === 'job finished' || r.msg === 'job will be retried'), []);
    // Under load udhcpc may follow its unicast renewal with a broadcast one: two ACKs, each refused.
    const decisions = after.filter((r) => r.action !== undefined);
    assert.ok(decisions.every((r) => r.action === 'refuse' && [ROGUE_LEAF1.mac, ROGUE_NEW1.mac].includes(String(r.mac))), JSON.stringify(decisions, null, 1));
    assert.equal(logins(), loginsBefore, 'no SSH login reached leaf1');
    assert.equal(await l.sshRunningConfig(LEAF1.name), before1, 'leaf1 still runs its (drifted) config');
    assert.deepEqual(await runRecords(need(root)), []);
    assert.ok(!existsSync(join(need(root), '.switchyard', 'backups')), 'no running config was read from any switch');
  });
});
