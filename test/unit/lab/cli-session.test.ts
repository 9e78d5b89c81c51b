import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './harness.js';

const HASH = '$1$sy4rd$Age5NePyrpvBHOYx3xUO50'; // openssl passwd -1 -salt sy4rd switchyard-demo

test('S5850 prompts follow the modes, with the interface in the interface prompt', () => {
  const h = harness('fsos-s5850');
  const s = h.session;
  const seen: string[] = [s.prompt()];
  for (const line of ['configure terminal', 'interface eth-0-1', 'exit', 'vlan 10', 'exit', 'ip access-list MGMT', 'exit', 'line vty 0 7', 'end']) {
    assert.equal(h.type(line).rejected, false, line);
    seen.push(s.prompt());
  }
  assert.deepEqual(seen, [
    'Switch#',
    'Switch(config)#',
    'Switch(config-if-eth-0-1)#',
    'Switch(config)#',
    'Switch(config-vlan)#',
    'Switch(config)#',
    'Switch(config-acl)#',
    'Switch(config)#',
    'Switch(config-line)#',
    'Switch#',
  ]);
});

test('S3900 and IOS prompts', () => {
  const a = harness('fsos-s3900');
  a.typeAll(['configure terminal', 'interface ethernet 1/5']);
  assert.equal(a.session.prompt(), 'Switch(config-if)#');
  a.typeAll(['exit', 'vlan database']);
  assert.equal(a.session.prompt(), 'Switch(config-vlan)#');
  const b = harness('ios');
  b.typeAll(['conf t', 'int gi0/1']);
  assert.equal(b.session.prompt(), 'Switch(config-if)#');
  b.typeAll(['ip access-list extended MGMT']);
  assert.equal(b.session.prompt(), 'Switch(config-ext-nacl)#');
});

test('hostname changes the prompt at once', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'hostname CORE-1']);
  assert.equal(h.session.prompt(), 'CORE-1(config)#');
  h.typeAll(['no hostname']);
  assert.equal(h.session.prompt(), 'Switch(config)#');
});

test('Ctrl-Z and end leave config mode from any depth; exit climbs one level', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'interface eth-0-2', 'end']);
  assert.equal(h.session.prompt(), 'Switch#');
  h.typeAll(['configure terminal', 'exit']);
  assert.equal(h.session.prompt(), 'Switch#');
});

test('unknown commands get the caret under the bad token, after the prompt', () => {
  const h = harness('fsos-s5850');
  const r = h.type('show runing-config');
  assert.equal(r.rejected, true);
  assert.deepEqual(r.out, [`${' '.repeat('Switch#show '.length)}^`, "% Invalid input detected at '^' marker."]);
  assert.deepEqual(h.type('configure').out, ['% Incomplete command.']);
  h.typeAll(['configure terminal']);
  assert.deepEqual(h.type('interface gigabitethernet0/1').out[1], "% Invalid input detected at '^' marker.");
  assert.equal(h.type('interface eth-0-53').rejected, true, 'an S5850-48T4Q has 52 ports');
  assert.deepEqual(h.type('ntp server 10.0.0.300').out[0], `${' '.repeat('Switch(config)#ntp server '.length)}^`);
});

test('a global command typed in a sub-mode leaves the sub-mode and runs', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'interface eth-0-1', 'description a', 'ntp server 192.0.2.1']);
  assert.equal(h.session.prompt(), 'Switch(config)#');
  assert.match(h.running(), /^ntp server 192\.0\.2\.1$/m);
});

test('users below the top privilege land at > and need enable; privileged commands are unknown there', () => {
  const h = harness('fsos-s5850', { privilege: 1 });
  assert.equal(h.session.prompt(), 'Switch>');
  assert.equal(h.type('show running-config').rejected, true);
  assert.equal(h.type('configure terminal').rejected, true);
  assert.equal(h.type('show version').rejected, false);
  h.typeAll(['enable']);
  assert.equal(h.session.prompt(), 'Switch#');
  h.typeAll(['disable']);
  assert.equal(h.session.prompt(), 'Switch>');
});

test('IOS enable asks for the enable secret, three tries', () => {
  const h = harness('ios', { config: 'enable secret s3cret\n', privilege: 1 });
  assert.deepEqual(h.type('enable').out, []);
  assert.equal(h.session.prompt(), 'Password: ');
  assert.equal(h.session.expects(), 'secret');
  h.type('wrong');
  assert.equal(h.session.prompt(), 'Password: ');
  h.type('s3cret');
  assert.equal(h.session.prompt(), 'Switch#');

  const denied = harness('ios', { config: 'enable secret s3cret\n', privilege: 1 });
  denied.type('enable');
  denied.type('a');
  denied.type('b');
  assert.deepEqual(denied.type('c').out, ['% Bad secrets']);
  assert.equal(denied.session.prompt(), 'Switch>');

  const unset = harness('ios', { privilege: 1 });
  assert.deepEqual(unset.type('enable').out, ['% No password set']);
});

test('an IOS enable secret typed in clear is stored hashed', () => {
  const h = harness('ios');
  h.typeAll(['configure terminal', 'enable secret s3cret']);
  assert.match(h.running(), /^enable secret 5 \$1\$[^$]{1,8}\$[./0-9A-Za-z]{22}$/m);
  assert.doesNotMatch(h.running(), /s3cret/);
});

test('S5850 write saves; show startup-config shows the saved config', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'hostname A', 'end']);
  assert.doesNotMatch(h.startup(), /hostname A/);
  assert.deepEqual(h.type('write').out, ['[OK]']);
  assert.equal(h.saves(), 1);
  assert.match(h.startup(), /^hostname A$/m);
  assert.equal(h.type('copy running-config startup-config').rejected, true, 'S5850 saves with write');
});

test('S3900 copy running-config startup-config asks for the file name', () => {
  const h = harness('fsos-s3900');
  h.typeAll(['configure terminal', 'hostname ACC', 'end']);
  assert.deepEqual(h.type('copy running-config startup-config').out, []);
  assert.equal(h.session.prompt(), 'Startup configuration file name [startup.cfg]: ');
  assert.equal(h.session.answering(), true);
  assert.deepEqual(h.type('').out, ['Success.']);
  assert.equal(h.saves(), 1);
  assert.equal(h.session.prompt(), 'ACC#');
  assert.equal(h.type('write').rejected, true, 'S3900 has no bare write');
});

test('IOS copy asks for the destination; write memory saves', () => {
  const h = harness('ios');
  h.type('copy running-config startup-config');
  assert.equal(h.session.prompt(), 'Destination filename [startup-config]? ');
  assert.deepEqual(h.type('').out, ['Building configuration...', '[OK]']);
  assert.deepEqual(h.type('write memory').out, ['Building configuration...', '[OK]']);
  assert.equal(h.saves(), 2);
});

test('reload asks to confirm; IOS takes one key', () => {
  const ios = harness('ios');
  ios.type('reload');
  assert.equal(ios.session.prompt(), 'Proceed with reload? [confirm]');
  assert.equal(ios.session.expects(), 'key');
  assert.equal(ios.type('').close, 'reload');
  const fs = harness('fsos-s5850');
  fs.type('reload');
  assert.equal(fs.session.prompt(), 'Reload system? (y/n): ');
  assert.equal(fs.type('n').close, undefined);
  assert.equal(fs.session.prompt(), 'Switch#');
  fs.type('reload');
  assert.equal(fs.type('y').close, 'reload');
});

test('exit, logout and quit at exec level end the session', () => {
  for (const cmd of ['exit', 'logout', 'quit']) assert.equal(harness('fsos-s5850').type(cmd).close, 'logout');
});

test('terminal length sets the page length; 0 turns paging off', () => {
  const h = harness('fsos-s5850');
  assert.equal(h.session.pageLength, 24);
  h.typeAll(['terminal length 0']);
  assert.equal(h.session.pageLength, 0);
  assert.equal(h.type('show running-config').paged, true);
});

test('do runs exec commands from config mode', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'hostname X']);
  const r = h.type('do show running-config');
  assert.equal(r.rejected, false);
  assert.ok(r.out.includes('hostname X'));
  assert.equal(h.session.prompt(), 'X(config)#');
});

test('show version prints model, serial and MAC as each dialect does', () => {
  const s5850 = harness('fsos-s5850').type('show version').out;
  assert.equal(s5850[0], 'FSOS Software, S5850, Version 7.2.2');
  assert.ok(s5850.includes('Hardware Type is 48T4Q'));
  assert.ok(s5850.includes('System serial number is SN0001'));
  assert.ok(s5850.includes('System MAC address is 64:9d:99:00:00:01'));
  assert.ok(s5850.includes('Switch uptime is 0 days, 3 hours, 5 minutes'));

  const s3900 = harness('fsos-s3900');
  assert.deepEqual(s3900.type('show version').out, [
    'Unit 1 -----------------------------',
    ' Serial Number : SN0001',
    ' Hardware Version : 1.0',
    ' Number of Ports : 28',
    ' Main Power Status : Up',
    ' Operation Code Version : 1.7.3',
  ]);
  const sys = s3900.type('show system').out;
  assert.ok(sys.includes(' System Name : Switch'));
  assert.ok(sys.includes(' MAC Address (Unit 1) : 64-9D-99-00-00-01'));
  assert.ok(sys.includes('System Description : S3900-24T4S'));

  const ios = harness('ios').type('show version').out;
  assert.ok(ios.includes('Model number                    : WS-C2960X-48TS-L'));
  assert.ok(ios.includes('System serial number            : SN0001'));
  assert.ok(ios.includes('Base ethernet MAC Address       : 64:9D:99:00:00:01'));
});

test('show lldp neighbors in each dialect format', () => {
  const lldp = [{ localPort: 'eth-0-1', systemName: 'FS-S3900-ACC1', portId: 'ethernet 1/1', chassisId: '64-9D-99-00-01-01' }];
  assert.deepEqual(harness('fsos-s5850', { lldp }).type('show lldp neighbors').out, [
    'Local Port: eth-0-1',
    'Chassis ID: 64:9d:99:00:01:01',
    'Port ID: ethernet 1/1',
    'System Name: FS-S3900-ACC1',
  ]);
  const up = [{ localPort: 'ethernet 1/1', systemName: 'FS-S5850-SRV', portId: 'eth-0-1', chassisId: '64:9d:99:00:00:01' }];
  const s3900 = harness('fsos-s3900', { lldp: up });
  assert.deepEqual(s3900.type('show lldp neighbor').out, [
    'LLDP Remote Devices Information',
    ' Local Port Chassis ID        Port ID           Hold Time   System Name',
    ' ---------- ----------------- ----------------- ----------- --------------------',
    ' Eth 1/ 1   64-9D-99-00-00-01 eth-0-1           120 seconds FS-S5850-SRV',
  ]);
  assert.equal(s3900.type('show lldp neighbors').rejected, true, 'S3900 says neighbor, singular');
  const ios = harness('ios', { lldp: [{ localPort: 'GigabitEthernet0/1', systemName: 'CORE', portId: 'eth-0-3' }] }).type('show lldp neighbors').out;
  assert.ok(ios.includes('CORE                Gi0/1          120        B               eth-0-3'));
  assert.ok(ios.includes('Total entries displayed: 1'));
});

test('S5850: an account created by config has the hash it was given', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', `username netops privilege 4 secret 5 ${HASH}`, 'username guest password 0 guest1']);
  const run = h.running();
  assert.match(run, new RegExp(`^username netops privilege 4 secret 5 ${HASH.replace(/\$/g, '\\$')}$`, 'm'));
  assert.match(run, /^username guest secret 5 \$1\$/m, 'a clear password is stored hashed');
  h.typeAll(['no username guest']);
  assert.doesNotMatch(h.running(), /guest/);
});
