import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { openRenderer } from '../../../src/render/index.js';
import { reconcileDevice, reconcileFleet, teamConnector, type ReconcileContext } from '../../../src/reconcile/index.js';
import type { Device } from '../../../src/inventory/index.js';
import { startExampleLab, type ExampleLab } from '../../helpers/example-lab.js';
import { runCli } from '../../helpers/cli.js';
import { driftAccessSwitch } from './drift.js';

const ACC = 'FS-S3900-ACC1';

async function context(x: ExampleLab, extra: Partial<ReconcileContext> = {}): Promise<ReconcileContext> {
  const renderer = await openRenderer(x.inventory);
  return {
    stateDir: x.stateDir,
    check: false,
    diff: false,
    desired: (d: Device) => Promise.resolve({ text: renderer.render(d) }),
    connect: teamConnector({ root: x.root, stateDir: x.stateDir, endpoints: x.endpoints, commandTimeoutMs: 5000, connectTimeoutMs: 5000 }),
    ...extra,
  };
}

const configCommands = (x: ExampleLab, name: string) => x.lab.device(name).commands.filter((c) => c.mode === 'config');

test('a device in sync: Configuration OK, no config command, no save', async (t) => {
  const x = await startExampleLab('hq');
  t.after(() => x.stop());
  const results = await reconcileFleet(x.devices, await context(x));
  for (const r of results) assert.equal(r.outcome, 'in-sync', `${r.device}: ${JSON.stringify(r.error ?? r.commands)}`);
  for (const d of x.lab.devices) {
    assert.deepEqual(configCommands(x, d.spec.name), [], `${d.spec.name} received config commands`);
    assert.equal(d.saves, 0);
    assert.equal(d.commands.filter((c) => /^(write|copy|configure)/.test(c.command)).length, 0);
  }
  const run = await runCli(['reconcile', '--site', 'hq', '--endpoints', x.endpointsFile, '--root', x.root]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal((run.stdout.match(/: Configuration OK/g) ?? []).length, x.devices.length, run.stdout);
});

test('a drifted device converges, is saved once, and a second run changes nothing', async (t) => {
  const x = await startExampleLab('hq', { running: (n, b) => (n === ACC ? driftAccessSwitch(b) : b) });
  t.after(() => x.stop());
  const ctx = await context(x);
  const acc = x.inventory.device('hq', ACC);
  const first = await reconcileDevice(acc, ctx);
  assert.equal(first.outcome, 'converged', JSON.stringify(first.error));
  assert.ok(first.commands.length >= 10, `expected a real remediation, got ${first.commands.length} commands`);
  assert.ok(!first.commands.some((c) => /^no vlan/i.test(c)), 'never deletes VLANs that are still wanted');
  assert.ok(first.commands.includes('no ntp server 192.0.2.99'), first.commands.join('\n'));
  const running = x.lab.device(ACC).running();
  assert.match(running, /^snmp-server location hq$/m);
  assert.doesNotMatch(running, /192\.0\.2\.99/);
  assert.equal(x.lab.device(ACC).saves, 1);
  assert.equal(x.lab.device(ACC).startup(), running, 'what was saved is what runs');
  const second = await reconcileDevice(acc, ctx);
  assert.equal(second.outcome, 'in-sync');
  assert.equal(x.lab.device(ACC).saves, 1);
});

test('check mode pushes nothing and exits 2 on drift', async (t) => {
  const x = await startExampleLab('hq', { running: (n, b) => (n === ACC ? driftAccessSwitch(b) : b) });
  t.after(() => x.stop());
  const before = x.lab.device(ACC).running();
  const run = await runCli(['reconcile', '--site', 'hq', '--check', '--diff', '--endpoints', x.endpointsFile, '--root', x.root]);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stdout, new RegExp(`hq/${ACC}: drift, \\d+ command\\(s\\) would be pushed`));
  assert.match(run.stdout, /^\s*-ntp server 192\.0\.2\.99$/m, 'the diff shows the stray line');
  for (const d of x.lab.devices) assert.deepEqual(configCommands(x, d.spec.name), []);
  assert.equal(x.lab.device(ACC).running(), before);
  const plan = await runCli(['plan', '--site', 'hq', '--endpoints', x.endpointsFile, '--root', x.root]);
  assert.equal(plan.code, 2);
});

test('a command rejected mid-push is rolled back to the exact pre-change config, not saved, exit 1', async (t) => {
  const x = await startExampleLab('hq', { running: (n, b) => (n === ACC ? driftAccessSwitch(b) : b) });
  t.after(() => x.stop());
  const before = x.lab.device(ACC).running();
  const plan = await reconcileDevice(x.inventory.device('hq', ACC), await context(x, { check: true }));
  const victim = plan.commands[Math.floor(plan.commands.length / 2)]!;
  x.lab.device(ACC).faults.rejectCommands = [victim];
  const run = await runCli(['reconcile', '--site', 'hq', '--device', ACC, '--endpoints', x.endpointsFile, '--root', x.root]);
  assert.equal(run.code, 1);
  assert.ok(run.stdout.includes(`command: ${victim}`), run.stdout);
  assert.match(run.stdout, /Invalid input detected/);
  assert.match(run.stdout, /rolled back to the pre-change config/);
  x.lab.device(ACC).faults.rejectCommands = [];
  assert.equal(x.lab.device(ACC).running(), before);
  assert.equal(x.lab.device(ACC).saves, 0);
});

test('a connection dropped after N commands, for every N: pre-change or desired, never saved half-applied', async (t) => {
  const x = await startExampleLab('hq', { running: (n, b) => (n === ACC ? driftAccessSwitch(b, 6) : b) });
  t.after(() => x.stop());
  const acc = x.inventory.device('hq', ACC);
  const sim = x.lab.device(ACC);
  const before = sim.running();
  const plan = await reconcileDevice(acc, await context(x, { check: true }));
  assert.ok(plan.commands.length >= 20, `needs a 20-command remediation, got ${plan.commands.length}`);
  const outcomes = new Map<number, 'converged' | 'rolled back'>();
  // One past the remediation: the drop would come after `end`, once the push is complete.
  for (let n = 1; n <= plan.commands.length + 1; n++) {
    sim.faults.dropAfterConfigCommands = n;
    const savesBefore = sim.saves;
    // The link drops once: by the time the rollback reconnects it is back.
    const result = await reconcileDevice(acc, await context(x, { observer: { onStep: (_d, step) => step === 'rollback' && (sim.faults.dropAfterConfigCommands = undefined) } }));
    sim.faults.dropAfterConfigCommands = undefined;
    const now = sim.running();
    if (result.outcome === 'converged') {
      const check = await reconcileDevice(acc, await context(x, { check: true }));
      assert.equal(check.outcome, 'in-sync', `N=${n}: converged but not at desired`);
      assert.equal(sim.saves, savesBefore + 1);
      // Put the drift back for the next N.
      const back = await reconcileDevice(acc, await context(x, { desired: () => Promise.resolve({ text: before }) }));
      assert.equal(back.outcome, 'converged', `N=${n}: could not restore the drift: ${JSON.stringify(back.error)}`);
      outcomes.set(n, 'converged');
    } else {
      assert.equal(result.outcome, 'failed', `N=${n}`);
      assert.equal(now, before, `N=${n}: not back at the pre-change config`);
      assert.equal(sim.saves, savesBefore, `N=${n}: saved after a failed push`);
      assert.equal(result.rollback?.restored, true, `N=${n}: ${JSON.stringify(result.rollback)}`);
      assert.ok((result.rollback?.commands.length ?? 0) > 0, `N=${n}: the rollback typed nothing`);
      outcomes.set(n, 'rolled back');
    }
  }
  // Both branches ran: a drop inside the push is always rolled back, and with the drop
  // past the end of the push the device converges.
  for (let n = 1; n < plan.commands.length; n++) assert.equal(outcomes.get(n), 'rolled back', `N=${n}`);
  assert.equal(outcomes.get(plan.commands.length + 1), 'converged');
});

test('two reconciles of one device at once (two processes) run one after the other', async (t) => {
  const x = await startExampleLab('hq', { running: (n, b) => (n === ACC ? driftAccessSwitch(b) : b) });
  t.after(() => x.stop());
  x.lab.device(ACC).faults.latencyMs = 20;
  const args = ['reconcile', '--site', 'hq', '--device', ACC, '--endpoints', x.endpointsFile, '--root', x.root];
  const [a, b] = await Promise.all([runCli(args), runCli(args)]);
  assert.equal(a.code, 0, a.stdout + a.stderr);
  assert.equal(b.code, 0, b.stdout + b.stderr);
  const outcomes = [a.stdout, b.stdout].map((s) => (/: converged/.test(s) ? 'converged' : /Configuration OK/.test(s) ? 'ok' : s));
  assert.deepEqual(outcomes.sort(), ['converged', 'ok'], 'one pushed, the other found it done');
  // Sessions never overlap in time on the switch.
  const spans = new Map<number, [number, number]>();
  for (const c of x.lab.device(ACC).commands) {
    const s = spans.get(c.session);
    spans.set(c.session, s ? [Math.min(s[0], c.time), Math.max(s[1], c.time)] : [c.time, c.time]);
  }
  const sorted = [...spans.values()].sort((p, q) => p[0] - q[0]);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i]![0] >= sorted[i - 1]![1], `sessions overlap: ${JSON.stringify(sorted)}`);
  assert.equal(x.lab.device(ACC).saves, 1);
});

test('secrets never appear in clear: not in plan output, --json, nor the run journal', async (t) => {
  const x = await startExampleLab('hq', { running: (n, b) => (n === ACC ? b.replace(/^snmp-server community ro-hq ro$/m, 'snmp-server community old-secret ro') : b) });
  t.after(() => x.stop());
  assert.notEqual(x.lab.device(ACC).running(), await x.baseline(ACC), 'the drift is in place');
  const common = ['--site', 'hq', '--device', ACC, '--endpoints', x.endpointsFile, '--root', x.root];
  const plan = await runCli(['plan', ...common]);
  const json = await runCli(['reconcile', '--check', '--json', ...common]);
  const apply = await runCli(['reconcile', ...common]);
  assert.equal(plan.code, 2);
  assert.equal(apply.code, 0, apply.stdout + apply.stderr);
  assert.match(plan.stdout, /snmp-server community <masked>/, 'the change is shown, masked');
  const journal = await readFile(join(x.stateDir, 'runs.jsonl'), 'utf8');
  for (const [what, text] of [['plan', plan.stdout + plan.stderr], ['--json', json.stdout], ['apply', apply.stdout], ['runs.jsonl', journal]] as const) {
    assert.doesNotMatch(text, /old-secret|ro-hq/, `${what} shows an SNMP community in clear`);
  }
  assert.match(x.lab.device(ACC).running(), /^snmp-server community ro-hq ro$/m, 'the real value was pushed');
});
