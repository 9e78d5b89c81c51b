import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, Shell } from './ssh-client.js';
import { freshLabPerTest, DEMO_HASH, DEMO_PASSWORD } from './lab-fixture.js';
import type { LabDevice } from '../../../src/lab/index.js';

// A fresh lab per test: tests change configs and save.
const { lab, core, loginCore } = freshLabPerTest();
const runningLines = (d: LabDevice): string[] => d.running().trimEnd().split('\n');

test('typed characters are echoed as they arrive, before Enter', async () => {
  const shell = await loginCore();
  shell.send('show ver');
  await shell.expect(/^show ver$/);
  shell.send('sion\r');
  const out = await shell.expect(/FS-S5850-SRV#$/);
  assert.match(out, /^sion\r\nFSOS Software, S5850, Version 7\.2\.2\r\n/);
  shell.end();
});

test('backspace edits the line', async () => {
  const shell = await loginCore();
  shell.send('show vx\x7ference\r');
  const out = await shell.expect(/FS-S5850-SRV#$/);
  assert.ok(out.includes('show vx\b \berence'), 'the backspace erases on screen');
  assert.match(out, /Invalid input/, '`show verence` is no command');
  shell.end();
});

test('paging: --More-- after 24 lines; space continues, Enter one line, q aborts', async () => {
  const shell = await loginCore();
  shell.send('show running-config\r');
  const first = await shell.expect(/ --More-- $/);
  const firstLines = first.split('\r\n').slice(1, -1);
  assert.deepEqual(firstLines, runningLines(core()).slice(0, 24));
  shell.send('\r');
  const one = await shell.expect(/ --More-- $/);
  assert.match(one, new RegExp(`^\\x08{10} {10}\\x08{10}${escape(runningLines(core())[24]!)}\\r\\n --More-- $`));
  shell.send(' ');
  await shell.expect(/ --More-- $/);
  shell.send('q');
  const end = await shell.expect(/FS-S5850-SRV#$/);
  assert.equal(end, `${'\b'.repeat(10)}${' '.repeat(10)}${'\b'.repeat(10)}FS-S5850-SRV#`);
  // The next command still works.
  assert.deepEqual(await shell.command('terminal length 0'), []);
  shell.end();
});

test('S3900 pager marker is ---More---', async () => {
  const access = lab().device('access');
  const shell = await Shell.login({ port: access.port, username: 'admin', password: 'admin' });
  await shell.command('configure terminal');
  for (let n = 1; n <= 12; n++) {
    await shell.command(`interface ethernet 1/${n}`);
    await shell.command(`description port ${n}`);
  }
  await shell.command('end');
  shell.send('show running-config\r');
  await shell.expect(/---More---$/);
  shell.send('q');
  await shell.expect(/Switch#$/);
  shell.end();
});

test('terminal length 0: show running-config comes whole and equals running()', async () => {
  const shell = await loginCore();
  await shell.command('terminal length 0');
  const out = await shell.command('show running-config');
  assert.deepEqual(out, runningLines(core()));
  assert.equal(out[0], 'Building configuration...');
  assert.equal(out[out.length - 1], 'end');
  assert.ok(!shell.text.includes('More'));
  shell.end();
});

test('show version and show lldp neighbors over SSH', async () => {
  const shell = await loginCore();
  const version = await shell.command('show version');
  assert.equal(version[0], 'FSOS Software, S5850, Version 7.2.2');
  assert.ok(version.includes('System serial number is CG1904160793N0018'));
  assert.ok(version.includes('System MAC address is 64:9d:99:00:00:01'));
  assert.deepEqual(await shell.command('show lldp neighbors'), [
    'Local Port: eth-0-1',
    'Chassis ID: 64:9d:99:00:01:01',
    'Port ID: ethernet 1/1',
    'System Name: FS-S3900-ACC1',
  ]);
  shell.end();
});

test('a config change changes running, not startup; write saves; reload restores startup and ends the session', async () => {
  const d = core();
  const shell = await loginCore();
  assert.deepEqual(await shell.command('configure terminal'), ['Enter configuration commands, one per line.  End with CNTL/Z.']);
  await shell.command('interface eth-0-5');
  assert.match(shell.text, /FS-S5850-SRV\(config-if-eth-0-5\)#$/);
  await shell.command('description server-1 moved');
  await shell.command('end');
  assert.match(d.running(), /interface eth-0-5\n description server-1 moved\n/);
  assert.match(d.startup(), /interface eth-0-5\n description server-1\n/);
  assert.deepEqual(await shell.command('write'), ['[OK]']);
  assert.equal(d.saves, 1);
  assert.equal(d.startup(), d.running());
  const saved = d.startup();

  await shell.command('configure terminal');
  await shell.command('hostname CHANGED');
  assert.match(shell.text, /CHANGED\(config\)#$/);
  await shell.command('no vlan 20');
  await shell.command('end');
  assert.notEqual(d.running(), saved);
  shell.send('reload\r');
  await shell.expect(/Reload system\? \(y\/n\): $/);
  shell.send('y\r');
  await shell.closedWithin();
  assert.equal(d.running(), saved, 'running is startup again');

  const again = await loginCore();
  assert.match(again.text, /FS-S5850-SRV#$/);
  again.end();
});

test('S3900: copy running-config startup-config asks for the file name over SSH', async () => {
  const d = lab().device('access');
  const shell = await Shell.login({ port: d.port, username: 'admin', password: 'admin' });
  await shell.command('configure terminal');
  await shell.command('hostname ACC1');
  await shell.command('end');
  shell.send('copy running-config startup-config\r');
  await shell.expect(/Startup configuration file name \[startup\.cfg\]: $/);
  shell.send('\r');
  const out = await shell.expect(/ACC1#$/);
  assert.match(out, /Success\.\r\n/);
  assert.equal(d.saves, 1);
  assert.match(d.startup(), /^hostname ACC1$/m);
  shell.end();
});

test('an account created by config can log in at the next session', async () => {
  const d = lab().device('access');
  await assert.rejects(connect({ port: d.port, username: 'ops', password: DEMO_PASSWORD }));
  const shell = await Shell.login({ port: d.port, username: 'admin', password: 'admin' });
  await shell.command('configure terminal');
  await shell.command('username ops privilege 15');
  await shell.command(`username ops password 7 ${DEMO_HASH}`);
  await shell.command('no username admin');
  await shell.command('end');
  shell.end();
  const ops = await Shell.login({ port: d.port, username: 'ops', password: DEMO_PASSWORD, keyboardInteractive: true });
  assert.match(ops.text, /Switch#$/);
  ops.end();
  await assert.rejects(connect({ port: d.port, username: 'admin', password: 'admin' }), /authentication/i, 'the factory account is gone');
});

test('Ctrl-Z leaves config mode; exit at exec level closes the session', async () => {
  const shell = await loginCore();
  await shell.command('configure terminal');
  await shell.command('interface eth-0-2');
  shell.send('\x1a');
  await shell.expect(/\^Z\r\nFS-S5850-SRV#$/);
  shell.send('exit\r');
  await shell.closedWithin();
});

test('the command log records every line with its mode, session and rejection', async () => {
  const d = core();
  const a = await loginCore();
  await a.command('terminal length 0');
  await a.command('configure terminal');
  await a.command('interface eth-0-7');
  await a.command('bogus words');
  await a.command('end');
  a.end();
  const b = await loginCore();
  await b.command('show version');
  b.end();
  const log = d.commands.map((c) => [c.session, c.mode, c.command, c.rejected]);
  const [s1, s2] = [d.commands[0]!.session, d.commands[d.commands.length - 1]!.session];
  assert.notEqual(s1, s2);
  assert.deepEqual(log, [
    [s1, 'exec', 'terminal length 0', false],
    [s1, 'exec', 'configure terminal', false],
    [s1, 'config', 'interface eth-0-7', false],
    [s1, 'config', 'bogus words', true],
    [s1, 'config', 'end', false],
    [s2, 'exec', 'show version', false],
  ]);
});

test('an exec request runs one command without a prompt and returns its status', async () => {
  const client = await connect({ port: core().port, username: 'netops', password: DEMO_PASSWORD });
  const run = (command: string): Promise<{ out: string; code: number | undefined }> =>
    new Promise((resolve, reject) => {
      client.exec(command, (err, stream) => {
        if (err) return reject(err);
        let out = '';
        let code: number | undefined;
        stream.on('data', (b: Buffer) => (out += b.toString()));
        stream.on('exit', (c: number) => (code = c));
        stream.on('close', () => resolve({ out, code }));
      });
    });
  const ok = await run('show version');
  assert.equal(ok.code, 0);
  assert.match(ok.out, /^FSOS Software, S5850, Version 7\.2\.2\n/);
  const bad = await run('show nothing');
  assert.equal(bad.code, 1);
  assert.equal(bad.out, `     ^\n% Invalid input detected at '^' marker.\n`);
  client.end();
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
