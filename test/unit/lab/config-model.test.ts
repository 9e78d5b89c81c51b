import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { harness } from './harness.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

// The fixtures are the examples of docs/dialects.md, copied by hand: the simulator must
// load each and print it back exactly (IOS: but for the byte count, which is volatile).
for (const platform of ['fsos-s5850', 'fsos-s3900', 'ios'] as const) {
  test(`${platform}: the docs/dialects.md example loads and prints back unchanged`, () => {
    const text = fixture(`${platform}.running.cfg`);
    const h = harness(platform, { config: text });
    const volatile = (s: string): string => s.replace(/^Current configuration : \d+ bytes$/m, 'Current configuration : N bytes');
    assert.equal(volatile(h.running()), volatile(text));
  });
}

test('S5850: lines typed in any order print in canonical order', () => {
  const h = harness('fsos-s5850');
  h.typeAll([
    'configure terminal',
    'lldp enable',
    'interface eth-0-10',
    'shutdown',
    'description ten',
    'interface eth-0-2',
    'description two',
    'ntp server 192.0.2.9',
    'snmp-server contact noc',
    'snmp-server location hq',
    'vlan 20',
    'name users',
    'hostname CORE',
    'vlan range 10,30',
    'spanning-tree priority 4096',
    'spanning-tree mode rstp',
  ]);
  assert.equal(
    h.running(),
    [
      'Building configuration...',
      '!',
      'version 7.2.2',
      '!',
      'hostname CORE',
      '!',
      'vlan range 10,20,30',
      '!',
      'vlan 20',
      ' name users',
      '!',
      'spanning-tree mode rstp',
      'spanning-tree priority 4096',
      '!',
      'interface eth-0-2',
      ' description two',
      '!',
      'interface eth-0-10',
      ' description ten',
      ' shutdown',
      '!',
      'ntp server 192.0.2.9',
      '!',
      'snmp-server location hq',
      'snmp-server contact noc',
      '!',
      'lldp enable',
      '!',
      'end',
      '',
    ].join('\n'),
  );
});

test('S5850: `no` inside a section removes the child whatever its argument; a new value replaces the old', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'interface eth-0-1', 'description old', 'description new', 'switchport access vlan 10']);
  assert.match(h.running(), /interface eth-0-1\n description new\n switchport access vlan 10\n!/);
  h.typeAll(['no description something else', 'no switchport access vlan']);
  assert.doesNotMatch(h.running(), /interface eth-0-1/, 'an empty interface prints nothing');
});

test('S5850: top-level `no interface` and `no vlan` remove the whole section', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'interface agg1', 'description lag', 'vlan 10', 'name mgmt', 'vlan range 20-22']);
  h.typeAll(['no interface agg1', 'no vlan 10', 'no vlan 21']);
  const run = h.running();
  assert.doesNotMatch(run, /agg1|name mgmt/);
  assert.match(run, /^vlan range 20,22$/m);
});

test('S5850: `no vlan range` deletes every VLAN of the list', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'vlan range 10-15,20', 'no vlan range 11-14']);
  assert.match(h.running(), /^vlan range 10,15,20$/m);
});

test('S5850: trunk allowed VLANs are a set printed as one collapsed add line', () => {
  const h = harness('fsos-s5850');
  h.typeAll([
    'configure terminal',
    'interface eth-0-1',
    'switchport mode trunk',
    'switchport trunk allowed vlan add 30',
    'switchport trunk allowed vlan add 10,31-33',
    'switchport trunk allowed vlan add 10',
    'switchport trunk allowed vlan remove 32',
  ]);
  assert.match(h.running(), /interface eth-0-1\n switchport mode trunk\n switchport trunk allowed vlan add 10,30-31,33\n!/);
  h.typeAll(['no switchport trunk allowed vlan']);
  assert.doesNotMatch(h.running(), /allowed/);
});

test('IOS: switchport trunk allowed vlan LIST replaces the list', () => {
  const h = harness('ios');
  h.typeAll(['configure terminal', 'interface GigabitEthernet0/1', 'switchport trunk allowed vlan 10,20', 'switchport trunk allowed vlan 30']);
  assert.match(h.running(), /interface GigabitEthernet0\/1\n switchport trunk allowed vlan 30\n!/);
  h.typeAll(['switchport trunk allowed vlan add 31', 'description up']);
  assert.match(h.running(), /interface GigabitEthernet0\/1\n description up\n switchport trunk allowed vlan 30-31\n!/);
});

test('IOS: abbreviated interface names are stored in full and sorted naturally', () => {
  const h = harness('ios');
  h.typeAll(['configure terminal', 'int vlan10', 'ip address 10.0.0.1 255.255.255.0', 'int gi0/10', 'shutdown', 'int Gi0/2', 'shutdown', 'int po1', 'shutdown']);
  const heads = h.running().split('\n').filter((l) => l.startsWith('interface '));
  assert.deepEqual(heads, ['interface GigabitEthernet0/2', 'interface GigabitEthernet0/10', 'interface Port-channel1', 'interface Vlan10']);
});

test('S3900: VLANs live in the vlan database section', () => {
  const h = harness('fsos-s3900');
  h.typeAll(['configure terminal', 'vlan database', 'vlan 20 name users media ethernet', 'VLAN 10 name mgmt media ethernet', 'vlan 30', 'no vlan 20', 'exit']);
  assert.match(h.running(), /\nvlan database\n VLAN 10 name mgmt media ethernet\n VLAN 30 media ethernet\n!\n/);
});

test('S3900: accounts print as a privilege line and a password 7 line', () => {
  const h = harness('fsos-s3900');
  h.typeAll(['configure terminal', 'username netops privilege 15', `username netops password 7 ${'$1$sy4rd$Age5NePyrpvBHOYx3xUO50'}`]);
  assert.match(h.running(), /\nusername netops privilege 15\nusername netops password 7 \$1\$sy4rd\$Age5NePyrpvBHOYx3xUO50\n!\n/);
});

test('ACL entries keep sequence numbers; `no 10` removes one; unnumbered ones go in tens', () => {
  const h = harness('fsos-s5850');
  h.typeAll(['configure terminal', 'ip access-list MGMT-IN', '20 deny any any', '10 permit tcp 10.10.0.0/24 any eq 22', 'permit udp any any eq 161']);
  assert.match(h.running(), /ip access-list MGMT-IN\n 10 permit tcp 10\.10\.0\.0\/24 any eq 22\n 20 deny any any\n 30 permit udp any any eq 161\n!/);
  h.typeAll(['no 10', 'no permit udp any any eq 161']);
  assert.match(h.running(), /ip access-list MGMT-IN\n 20 deny any any\n!/);
  h.typeAll(['no 20']);
  assert.match(h.running(), /ip access-list MGMT-IN\n!/, 'an empty ACL still exists');
  h.typeAll(['exit', 'no ip access-list MGMT-IN']);
  assert.doesNotMatch(h.running(), /MGMT-IN/);
});

test('IOS: a multi-line banner between ^C delimiters', () => {
  const h = harness('ios');
  h.typeAll(['configure terminal']);
  const r = h.type('banner motd ^C');
  assert.deepEqual(r.out, ["Enter TEXT message.  End with the character '^C'."]);
  assert.equal(h.session.inBanner(), true);
  h.typeAll(['Authorised access only.', 'Second line', '^C']);
  assert.equal(h.session.prompt(), 'Switch(config)#');
  assert.match(h.running(), /\nbanner motd \^C\nAuthorised access only\.\nSecond line\n\^C\n!\n/);
  h.typeAll(['banner motd #one line#']);
  assert.match(h.running(), /\nbanner motd \^C\none line\n\^C\n/);
  h.typeAll(['no banner motd']);
  assert.doesNotMatch(h.running(), /banner/);
});

test('config text with refused lines is reported line by line', async () => {
  const { loadConfigText } = await import('../../../src/lab/cli-session.js');
  const { ConfigState } = await import('../../../src/lab/config-state.js');
  const { getDialect } = await import('../../../src/lab/dialects/index.js');
  const problems = loadConfigText(new ConfigState(), getDialect('fsos-s5850'), 52, 'hostname A\nfrobnicate all\ninterface eth-0-1\n bogus line\n', () => {
    throw new Error('not needed');
  });
  assert.deepEqual(
    problems.map((p) => [p.line, p.text]),
    [
      [2, 'frobnicate all'],
      [4, ' bogus line'],
    ],
  );
});
