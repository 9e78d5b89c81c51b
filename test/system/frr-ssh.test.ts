// Real FRR 8.4 in a switch namespace, reached through real OpenSSH whose login lands in
// vtysh: what the frr platform and the end-to-end scenarios stand on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Client } from 'ssh2';
import { readFileSync } from 'node:fs';
import { createLab, type Lab } from './lab/index.js';
import { describeLab, LAB_TOOLS } from './prereq.js';

const CONFIG = [
  'frr defaults traditional',
  'hostname edge1',
  'service integrated-vtysh-config',
  '!',
  'interface lo',
  ' description uplink to core',
  'exit',
  '!',
  'ip prefix-list OUT seq 5 permit 192.0.2.0/24',
  '!',
  'router bgp 65001',
  ' bgp router-id 198.51.100.2',
  ' neighbor 203.0.113.9 remote-as 65002',
  'exit',
  '!',
].join('\n');

/** The body of `show running-config` after the header, as written by hand for CONFIG. */
const EXPECTED_RUNNING = [
  'Building configuration...',
  '',
  'Current configuration:',
  '!',
  'frr version 8.4.4',
  'frr defaults traditional',
  'hostname edge1',
  'no ip forwarding',
  'no ipv6 forwarding',
  'service integrated-vtysh-config',
  '!',
  'interface lo',
  ' description uplink to core',
  'exit',
  '!',
  'router bgp 65001',
  ' bgp router-id 198.51.100.2',
  ' neighbor 203.0.113.9 remote-as 65002',
  'exit',
  '!',
  // FRR 8.4.4 prints prefix lists after the routing sections, whatever the file order.
  'ip prefix-list OUT seq 5 permit 192.0.2.0/24',
  '!',
  'end',
  '',
].join('\n');

describeLab('FRR behind OpenSSH in a namespace', LAB_TOOLS, () => {
  let lab: Lab;
  before(async () => {
    lab = await createLab({ switches: [{ name: 'edge1', mac: '02:00:00:00:20:01', dhcp: false, frrConfig: CONFIG }] });
  });
  after(async () => {
    await lab?.destroy();
  });

  test('the root namespace reaches the switch sshd on its management address, port 22', async () => {
    const sw = lab.switch('edge1');
    const banner = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: sw.mgmtAddress, port: sw.port, timeout: 5000 });
      socket.once('data', (d) => {
        resolve(d.toString('latin1'));
        socket.destroy();
      });
      socket.once('error', reject);
      socket.once('timeout', () => reject(new Error('timeout')));
    });
    assert.match(banner, /^SSH-2\.0-OpenSSH_9\.2/);
    assert.match(sw.hostKey ?? '', /^ssh-ed25519 AAAA\S+ edge1$/);
  });

  test('ssh … show running-config prints the booted frr.conf with FRR 8.4.4 header', async () => {
    assert.equal(await lab.sshRunningConfig('edge1'), EXPECTED_RUNNING);
  });

  test('vtysh in the namespace (as root) shows the same running config as the ssh login', async () => {
    const direct = await lab.vtysh('edge1', 'show running-config');
    assert.equal(direct.code, 0);
    assert.equal(direct.stdout, EXPECTED_RUNNING);
  });

  test('vtysh() applies a multi-command change in one call (how a test makes a switch drift)', async () => {
    const r = await lab.vtysh('edge1', ['configure terminal', 'ip prefix-list OUT seq 10 deny 198.51.100.0/24', 'router bgp 65001', 'no neighbor 203.0.113.9 remote-as 65002']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const running = await lab.sshRunningConfig('edge1');
    assert.match(running, /^ip prefix-list OUT seq 10 deny 198\.51\.100\.0\/24$/m);
    assert.doesNotMatch(running, /203\.0\.113\.9/);
    const undo = await lab.vtysh('edge1', ['configure terminal', 'no ip prefix-list OUT seq 10 deny 198.51.100.0/24', 'router bgp 65001', 'neighbor 203.0.113.9 remote-as 65002']);
    assert.equal(undo.code, 0, undo.stdout + undo.stderr);
    assert.equal(await lab.sshRunningConfig('edge1'), EXPECTED_RUNNING);
  });

  test('connection() gives what an ssh2 client in the root namespace needs', () => {
    const c = lab.connection('edge1');
    assert.deepEqual(
      { ...c, hostKey: c.hostKey.split(' ')[0] },
      { host: '198.51.100.2', port: 22, username: lab.credentials.username, password: lab.credentials.password, hostKey: 'ssh-ed25519' },
    );
  });

  test('ssh2 from the root namespace: host key matches, a shell lands at the vtysh prompt', async () => {
    const c = lab.connection('edge1');
    const expectedKey = Buffer.from(c.hostKey.split(' ')[1] ?? '', 'base64');
    const client = new Client();
    let seenKey: Buffer | undefined;
    const output = await new Promise<string>((resolve, reject) => {
      client.on('error', reject);
      client.on('ready', () => {
        client.shell({ term: 'vt100', cols: 200, rows: 50 }, (err, stream) => {
          if (err) return reject(err);
          let text = '';
          stream.on('data', (d: Buffer) => {
            text += d.toString('utf8');
            if (text.includes('edge1# ') && !text.includes('show version')) stream.write('show version\n');
            else if (/show version[\s\S]*edge1# $/.test(text)) stream.end('exit\n');
          });
          stream.on('close', () => resolve(text));
        });
      });
      client.connect({
        host: c.host, port: c.port, username: c.username, password: c.password, readyTimeout: 10_000,
        hostVerifier: (key: Buffer) => {
          seenKey = key;
          return key.equals(expectedKey);
        },
      });
    });
    client.end();
    assert.ok(seenKey?.equals(expectedKey));
    assert.match(output, /Hello, this is FRRouting \(version 8\.4\.4\)\./);
    assert.match(output, /FRRouting 8\.4\.4 \(edge1\)/);
  });

  test('an error over the exec channel is one % line and exit status 1', async () => {
    const r = await lab.ssh('edge1', 'show frobnicate');
    assert.equal(r.code, 1);
    assert.equal(r.stdout.trim(), '% Unknown command: show frobnicate');
  });

  test('a wrong password is refused by sshd', async () => {
    const sw = lab.switch('edge1');
    const { sshExec } = await import('./lab/sshd.js');
    const r = await sshExec(
      { address: sw.mgmtAddress, port: 22, knownHosts: lab.knownHosts, credentials: { username: lab.credentials.username, password: 'wrong' } },
      'show version',
    );
    // One password prompt allowed: ssh itself gives up (255) before sshpass sees a second.
    assert.equal(r.code, 255);
    assert.match(r.stderr, /Permission denied \(password\)/);
    assert.equal(r.stdout, '');
  });

  test('a change typed in an interactive session is visible afterwards and saved by write memory', async () => {
    const session = await lab.sshInteractive('edge1', [
      'configure terminal',
      'interface lo',
      ' description changed over ssh',
      'exit',
      'router bgp 65001',
      ' neighbor 203.0.113.10 remote-as 65003',
      'end',
      'write memory',
      'exit',
    ]);
    assert.equal(session.code, 0, session.stderr);
    const out = session.stdout.replace(/\r/g, '');
    assert.match(out, /Hello, this is FRRouting \(version 8\.4\.4\)\./);
    for (const prompt of ['edge1# configure terminal', 'edge1(config)# interface lo', 'edge1(config-if)# exit', 'edge1(config-router)# ', 'edge1# write memory']) {
      assert.ok(out.includes(prompt), `prompt ${JSON.stringify(prompt)} in:\n${out}`);
    }
    // With watchfrr running, vtysh hands the write to it (observed wording, 8.4.4).
    assert.match(out, /Building Configuration\.\.\.\nIntegrated configuration saved to \/etc\/frr\/sylab-sw-edge1\/frr\.conf\n\[OK\]/);

    const running = await lab.sshRunningConfig('edge1');
    assert.match(running, /^interface lo\n description changed over ssh\nexit$/m);
    assert.match(running, /^ neighbor 203\.0\.113\.10 remote-as 65003$/m);
    const saved = readFileSync(lab.switch('edge1').frrConfigFile, 'utf8');
    assert.match(saved, /^ neighbor 203\.0\.113\.10 remote-as 65003$/m);
    assert.match(saved, /^hostname edge1$/m);
    assert.equal(saved.match(/^hostname /gm)?.length, 1, 'one hostname line in the saved config');
  });

  test('hostname typed in vtysh changes only that session (docs/platforms.md)', async () => {
    const session = await lab.sshInteractive('edge1', ['configure terminal', 'hostname renamed', 'end', 'show running-config', 'exit']);
    const out = session.stdout.replace(/\r/g, '');
    assert.ok(out.includes('renamed# show running-config'), out);
    assert.match(out, /^hostname edge1\n(?:.*\n)*hostname renamed$/m);
    const fresh = await lab.sshRunningConfig('edge1');
    assert.match(fresh, /^hostname edge1$/m);
    assert.doesNotMatch(fresh, /renamed/);
  });
});
