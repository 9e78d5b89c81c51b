import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, Shell } from './ssh-client.js';
import { startTestLab, freshLabPerTest, DEMO_PASSWORD } from './lab-fixture.js';

const { core, loginCore } = freshLabPerTest();

test('latency: each answer waits latencyMs; the knob changes live', async () => {
  const shell = await loginCore();
  core().faults.latencyMs = 300;
  let started = performance.now();
  await shell.command('show version');
  const slow = performance.now() - started;
  assert.ok(slow >= 290, `answer took ${slow.toFixed(0)} ms`);
  core().faults = {};
  started = performance.now();
  await shell.command('show version');
  const fast = performance.now() - started;
  assert.ok(fast < 250, `answer took ${fast.toFixed(0)} ms after the knob was cleared`);
  shell.end();
});

test('drop after N config commands: N are applied, the next one cuts the connection', async () => {
  const d = core();
  d.faults = { dropAfterConfigCommands: 2 };
  const shell = await loginCore();
  await shell.command('configure terminal'); // typed in exec mode: not a config command
  await shell.command('ntp server 192.0.2.201');
  await shell.command('ntp server 192.0.2.202');
  shell.send('ntp server 192.0.2.203\r');
  await shell.closedWithin();
  const run = d.running();
  assert.match(run, /ntp server 192\.0\.2\.201\nntp server 192\.0\.2\.202\n/);
  assert.doesNotMatch(run, /192\.0\.2\.203/);
  const last = d.commands[d.commands.length - 1]!;
  assert.deepEqual([last.mode, last.command, last.rejected], ['config', 'ntp server 192.0.2.203', true]);
});

test('drop after N config commands counts across sessions of the device', async () => {
  const d = core();
  d.faults.dropAfterConfigCommands = 3;
  const a = await loginCore();
  await a.command('configure terminal');
  await a.command('ntp server 192.0.2.1');
  await a.command('ntp server 192.0.2.2');
  await a.command('end');
  a.end();
  const b = await loginCore();
  await b.command('configure terminal');
  b.send('ntp server 192.0.2.3\r');
  await b.closedWithin();
  assert.doesNotMatch(d.running(), /192\.0\.2\.3/);
  assert.match(d.running(), /192\.0\.2\.2/);
});

test('reject commands: the listed command gets the dialect error and changes nothing', async () => {
  const d = core();
  d.faults.rejectCommands = ['description refused'];
  const shell = await loginCore();
  await shell.command('configure terminal');
  await shell.command('interface eth-0-5');
  const out = await shell.command('description refused');
  assert.deepEqual(out, [`${' '.repeat('FS-S5850-SRV(config-if-eth-0-5)#'.length)}^`, "% Invalid input detected at '^' marker."]);
  assert.deepEqual(await shell.command('description accepted'), []);
  await shell.command('end');
  assert.match(d.running(), /interface eth-0-5\n description accepted\n/);
  assert.equal(d.commands.find((c) => c.command === 'description refused')?.rejected, true);
  shell.end();
});

test('refuse auth: the right password is refused until the knob is cleared', async () => {
  const d = core();
  d.faults.refuseAuth = true;
  await assert.rejects(connect({ port: d.port, username: 'netops', password: DEMO_PASSWORD }), /authentication/i);
  await assert.rejects(connect({ port: d.port, username: 'netops', password: DEMO_PASSWORD, keyboardInteractive: true }), /authentication/i);
  d.faults.refuseAuth = false;
  (await connect({ port: d.port, username: 'netops', password: DEMO_PASSWORD })).end();
});

// "Nothing came" is only worth asserting once the server has handled what it would have
// answered. An SSH connection is one ordered stream both ways, and a hung device still
// opens channels: once a second shell on the same connection is open, the server has
// handled the earlier keystrokes (or shell request), and the echo or prompt it writes at
// once for them would have arrived before that.
test('hang: a command gets no echo and no answer; a new session gets no prompt', async () => {
  const d = core();
  const shell = await loginCore();
  d.faults.hang = true;
  const before = shell.text.length;
  shell.send('show version\r');
  await Shell.open(shell.client);
  assert.equal(shell.text.slice(before), '', 'nothing after the command');
  shell.end();

  const client = await connect({ port: d.port, username: 'netops', password: DEMO_PASSWORD });
  const fresh = await Shell.open(client);
  await Shell.open(client);
  assert.equal(fresh.text, '', 'no banner, no prompt');
  fresh.end();

  d.faults.hang = false;
  const ok = await loginCore();
  assert.match(ok.text, /FS-S5850-SRV#$/);
  ok.end();
});

test('faults given in the spec are active from the start', async () => {
  const lab = await startTestLab([{ name: 'flaky', platform: 'ios', model: 'WS-C2960X-24TS-L', serial: 'X1', mac: '00:11:22:33:44:55', factory: true, faults: { refuseAuth: true } }]);
  try {
    await assert.rejects(connect({ port: lab.lab.device('flaky').port, username: 'admin', password: 'admin' }), /authentication/i);
  } finally {
    await lab.stop();
  }
});
