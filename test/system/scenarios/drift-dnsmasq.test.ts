// Scenario 1 with dnsmasq (issue 7): the drifted FRR switch is repaired when it renews,
// driven (a) by the DHCPACK line of dnsmasq's --log-dhcp log that `switchyard watch`
// tails, (b) by dnsmasq's --dhcp-script calling `switchyard trigger`, which hands the
// event to the running daemon over its control socket, and (c) by the same hook with no
// daemon running, where `trigger` reconciles by itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../../helpers/paths.js';
import { waitFor } from '../lab/exec.js';
import { createLab, type Lab } from '../lab/index.js';
import { describeLab, DNSMASQ, LAB_TOOLS } from '../prereq.js';
import {
  LEAF1, SUPPRESS_MS, baseline, copyProject, driftLeaf1, expectLeaf1Repaired, jobFinished, labEnv, need, tearDown, runRecords, startWatch,
  type WatchDaemon, type WatchRecord,
} from './kit.js';

/**
 * The --dhcp-script. dnsmasq runs it as root inside the server namespace, where the
 * switches' management addresses are not reachable: it steps back into the root namespace
 * (the file lab.rootNetns, passed as SWITCHYARD_LAB_ROOT_NETNS) before running switchyard.
 * dnsmasq's arguments (`add|old MAC IP [HOSTNAME]`) go through "$@" as arguments, never
 * through a shell. Until ARMED exists it does nothing, so part (a) sees the log only.
 */
function hookScript(root: string, armed: string, log: string): string {
  return [
    '#!/bin/sh',
    `[ -e '${armed}' ] || exit 0`,
    // tsx is resolved from the working directory.
    `cd '${repoRoot}' || exit 1`,
    `exec nsenter --net="$SWITCHYARD_LAB_ROOT_NETNS" -- '${process.execPath}' --import tsx '${join(repoRoot, 'src/cli/bin.ts')}' --root '${root}' trigger --json "$@" >> '${log}' 2>&1`,
    '',
  ].join('\n');
}

describeLab('scenario 1 with dnsmasq: its log, and its --dhcp-script calling switchyard trigger', [...LAB_TOOLS, DNSMASQ], () => {
  let lab: Lab | undefined;
  let root: string | undefined;
  let watch: WatchDaemon | undefined;
  let armed = '';
  let hookLog = '';
  const savedPassword = process.env.SWITCHYARD_LAB_PASSWORD;

  before(async () => {
    root = await copyProject();
    armed = join(root, 'hook-armed');
    hookLog = join(root, 'hook.log');
    const script = join(root, 'dnsmasq-hook');
    await writeFile(script, hookScript(root, armed, hookLog), { mode: 0o755 });
    // dnsmasq hands its own environment to the script, as a systemd unit's Environment=
    // would: that is how `trigger` running without a daemon gets the team password.
    process.env.SWITCHYARD_LAB_PASSWORD = 'lab-password-7';
    lab = await createLab({
      dhcp: 'dnsmasq',
      dhcpScript: script,
      // A renewal calls the script too (else only a new or changed lease does).
      scriptOnRenewal: true,
      credentials: { username: 'switchyard-lab', password: process.env.SWITCHYARD_LAB_PASSWORD },
      switches: [{ name: LEAF1.name, mac: LEAF1.mac, frrConfig: await baseline(LEAF1.name) }],
    });
    assert.equal(lab.switch(LEAF1.name).mgmtAddress, LEAF1.mgmt);
  });
  after(async () => {
    if (savedPassword === undefined) delete process.env.SWITCHYARD_LAB_PASSWORD;
    else process.env.SWITCHYARD_LAB_PASSWORD = savedPassword;
    await tearDown(watch, lab, root);
  });

  /** Renews leaf1 once its suppress window (and dnsmasq's one-second expiry resolution) has passed. */
  const renew = async (): Promise<void> => {
    await sleep(SUPPRESS_MS);
    await need(lab).renew(LEAF1.name);
  };

  test('(a) dnsmasq log: the DHCPACK(srv-p0) line makes the daemon reconcile leaf1; the next one logs Configuration OK', async () => {
    watch = await startWatch(need(root), ['--input', need(lab).dhcpLog], labEnv(need(lab)));
    await driftLeaf1(need(lab));
    const from = watch.mark();
    const logFrom = need(lab).dhcpLogSize();
    await renew();
    await need(lab).waitForDhcpLog(new RegExp(` DHCPACK\\(srv-p0\\) \\S+ ${LEAF1.mac} leaf1$`), { from: logFrom });
    const decision = await watch.waitFor('the reconcile decision', (r) => r.action !== undefined && r.mac === LEAF1.mac, { from });
    assert.equal(decision.action, 'reconcile', JSON.stringify(decision));
    assert.equal(decision.device, LEAF1.name);
    assert.match(String(decision.line), /dnsmasq-dhcp\[\d+\]: \d+ DHCPACK\(srv-p0\) /);
    const done = await watch.waitFor('leaf1 reconciled', jobFinished(LEAF1.name), { from, timeoutMs: 60_000 });
    assert.match(String(done.message), /^converged: /, JSON.stringify(done));
    await expectLeaf1Repaired(need(lab));

    const again = watch.mark();
    await renew();
    const ok = await watch.waitFor('the second reconcile', jobFinished(LEAF1.name), { from: again, timeoutMs: 60_000 });
    assert.equal(ok.message, 'Configuration OK');
    assert.ok(!existsSync(hookLog), 'the hook stayed disarmed');
    await watch.stop();
    watch = undefined;
  });

  test('(b) --dhcp-script → switchyard trigger → the daemon (control socket, no log input) reconciles leaf1', async () => {
    // A daemon with no input but its control socket: events arrive only through `trigger`.
    watch = await startWatch(need(root), [], labEnv(need(lab)));
    await writeFile(armed, '');
    await driftLeaf1(need(lab));
    const from = watch.mark();
    await renew();
    const decision = await watch.waitFor('the decision of the handed-over event', (r) => r.action !== undefined && r.mac === LEAF1.mac, { from });
    assert.equal(decision.action, 'reconcile', JSON.stringify(decision));
    assert.equal(decision.device, LEAF1.name);
    // A hook event reads like a dnsmasq line (`old` or `add`, MAC, IP, hostname).
    assert.match(String(decision.line), new RegExp(`${LEAF1.mac}`));
    const done = await watch.waitFor('leaf1 reconciled', jobFinished(LEAF1.name), { from, timeoutMs: 60_000 });
    assert.match(String(done.message), /^converged: /, JSON.stringify(done));
    await expectLeaf1Repaired(need(lab));
    // trigger printed the daemon's decision and ran nothing itself.
    const printed = await hookRecords();
    assert.ok(printed.some((r) => r.action === 'reconcile' && r.device === LEAF1.name), JSON.stringify(printed));
    assert.ok(!printed.some((r) => r.msg === 'job finished'), JSON.stringify(printed));

    const again = watch.mark();
    await renew();
    const ok = await watch.waitFor('the second reconcile', jobFinished(LEAF1.name), { from: again, timeoutMs: 60_000 });
    assert.equal(ok.message, 'Configuration OK');
    await watch.stop();
    watch = undefined;
  });

  test('(c) --dhcp-script → switchyard trigger with no daemon: trigger reconciles leaf1 itself', async () => {
    await rm(hookLog, { force: true });
    const runsBefore = (await runRecords(need(root))).length;
    await driftLeaf1(need(lab));
    await renew();
    const done = await waitFor('trigger to finish the job', async () => (await hookRecords()).find(jobFinished(LEAF1.name)), 60_000).catch(async (err: Error) => {
      throw new Error(`${err.message}; hook log:\n${await readFile(hookLog, 'utf8').catch(() => '(none)')}`);
    });
    assert.equal(done.status, 'ok', JSON.stringify(done));
    assert.match(String(done.message), /^converged: /);
    await expectLeaf1Repaired(need(lab));
    const runs = await runRecords(need(root));
    assert.equal(runs.length, runsBefore + 1);
    assert.equal(runs.at(-1)?.outcome, 'converged');
  });

  /** The JSON lines `trigger` wrote into the hook log (other lines, e.g. errors, are kept as `unparsed`). */
  async function hookRecords(): Promise<WatchRecord[]> {
    const text = await readFile(hookLog, 'utf8').catch(() => '');
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => {
      try {
        return JSON.parse(l) as WatchRecord;
      } catch {
        return { unparsed: l };
      }
    });
  }
});
