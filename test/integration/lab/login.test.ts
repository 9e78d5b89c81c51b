import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startLab } from '../../../src/lab/index.js';
import { connect, Shell } from './ssh-client.js';
import { startTestLab, standardSpecs, DEMO_PASSWORD, type TestLab } from './lab-fixture.js';

let t: TestLab;
before(async () => {
  t = await startTestLab();
});
after(() => t.stop());

test('a configured account logs in with a password and lands at the privileged prompt', async () => {
  const core = t.lab.device('core');
  const shell = await Shell.login({ port: core.port, username: 'netops', password: DEMO_PASSWORD, hostKey: core.hostKey });
  assert.match(shell.text, /\r\nFS-S5850-SRV#$/);
  shell.end();
});

test('keyboard-interactive login works too', async () => {
  const core = t.lab.device('core');
  const shell = await Shell.login({ port: core.port, username: 'netops', password: DEMO_PASSWORD, keyboardInteractive: true });
  assert.match(shell.text, /FS-S5850-SRV#$/);
  shell.end();
});

test('a wrong password is refused, by both methods', async () => {
  const core = t.lab.device('core');
  await assert.rejects(connect({ port: core.port, username: 'netops', password: 'nope' }), /authentication methods failed/i);
  await assert.rejects(connect({ port: core.port, username: 'netops', password: 'nope', keyboardInteractive: true }), /authentication methods failed/i);
  await assert.rejects(connect({ port: core.port, username: 'admin', password: 'admin' }), /authentication methods failed/i, 'a configured switch has no factory account');
});

test('a user below the top privilege lands at > and reaches # with enable', async () => {
  const core = t.lab.device('core');
  const shell = await Shell.login({ port: core.port, username: 'viewer', password: DEMO_PASSWORD });
  assert.match(shell.text, /FS-S5850-SRV>$/);
  await shell.command('enable');
  assert.match(shell.text, /FS-S5850-SRV#$/);
  shell.end();
});

test('a factory-default switch takes admin/admin and is called Switch', async () => {
  const access = t.lab.device('access');
  const shell = await Shell.login({ port: access.port, username: 'admin', password: 'admin', hostKey: access.hostKey });
  assert.match(shell.text, /\r\nSwitch#$/);
  const out = await shell.command('show system');
  assert.ok(out.includes(' System Name : Switch'));
  shell.end();
  await assert.rejects(connect({ port: access.port, username: 'netops', password: DEMO_PASSWORD }), /authentication methods failed/i);
});

test('the host key is the one the lab reports, and another key is refused', async () => {
  const core = t.lab.device('core');
  assert.match(core.hostKey, /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\S+$/);
  const other = t.lab.device('access').hostKey;
  assert.notEqual(other, core.hostKey, 'every device has its own key');
  await assert.rejects(connect({ port: core.port, username: 'netops', password: DEMO_PASSWORD, hostKey: other }), /host/i);
});

test('host keys persist in the key folder across restarts (mode 0600)', async () => {
  const before1 = t.lab.devices.map((d) => d.hostKey);
  const again = await startLab(standardSpecs(), { keyDir: t.keyDir });
  try {
    assert.deepEqual(again.devices.map((d) => d.hostKey), before1);
    assert.notEqual(again.device('core').port, t.lab.device('core').port, 'free ports are picked');
  } finally {
    await again.stop();
  }
  const mode = (await stat(join(t.keyDir, 'core.key'))).mode & 0o777;
  assert.equal(mode, 0o600);
});

test('IOS prints its motd banner before the first prompt', async () => {
  const edge = t.lab.device('edge');
  const shell = await Shell.login({ port: edge.port, username: 'netops', password: DEMO_PASSWORD });
  assert.match(shell.text, /Authorised access only\.\r\nSW1#$/);
  shell.end();
});
