/**
 * The device model behind `predict`: commands typed into a running config, modelled from
 * the platform rules alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalise, predict } from '../../../src/config/index.js';
import { SwitchyardError } from '../../../src/errors.js';
import { FSOS_S5850_CONFIG } from '../../../src/platforms/fsos-s5850/config.js';
import { IOS_CONFIG } from '../../../src/platforms/ios/config.js';
import { FRR_CONFIG } from '../../../src/platforms/frr/config.js';

const refused = (code: string) => (e: unknown) => e instanceof SwitchyardError && e.code === code;

test('sections are entered by their header and left by exit; no X removes X and the lines it prefixes', () => {
  const running = 'interface eth-0-1\n description old\n switchport access vlan 10\n';
  const out = predict(running, ['interface eth-0-1', 'no description', 'no switchport access vlan', 'speed 1000', 'exit', 'hostname B'], FSOS_S5850_CONFIG);
  assert.equal(out, 'hostname B\ninterface eth-0-1\n speed 1000\n');
});

test('an idempotent command replaces its old line', () => {
  assert.equal(predict('hostname A\n', ['hostname B'], FSOS_S5850_CONFIG), 'hostname B\n');
});

test('a list command adds and removes one item at a time; vlan range creates without entering', () => {
  const running = 'vlan range 10,20\ninterface eth-0-1\n switchport mode trunk\n switchport trunk allowed vlan add 10,20\n';
  const out = predict(running, ['vlan range 30-31', 'interface eth-0-1', 'switchport trunk allowed vlan remove 10,20', 'switchport trunk allowed vlan add 30-31', 'exit'], FSOS_S5850_CONFIG);
  assert.equal(out, normalise('vlan range 10,20,30,31\ninterface eth-0-1\n switchport mode trunk\n switchport trunk allowed vlan add 30,31\n', FSOS_S5850_CONFIG));
});

test('`exit` at the top of config mode is refused', () => {
  assert.throws(() => predict('hostname A\n', ['exit'], FSOS_S5850_CONFIG), refused('CONFIG_PREDICT'));
});

test('a physical port cannot be deleted; IOS default interface clears it', () => {
  assert.throws(() => predict('interface eth-0-1\n description x\n', ['no interface eth-0-1'], FSOS_S5850_CONFIG), refused('CONFIG_PREDICT'));
  assert.equal(predict('interface GigabitEthernet0/1\n description x\n speed 100\n', ['default interface GigabitEthernet0/1'], IOS_CONFIG), '');
});

test('a second ACL entry with a used sequence number is refused', () => {
  const running = 'ip access-list MGMT\n 10 permit any any\n';
  assert.throws(() => predict(running, ['ip access-list MGMT', '10 deny any any', 'exit'], FSOS_S5850_CONFIG), refused('CONFIG_PREDICT'));
  assert.equal(predict(running, ['ip access-list MGMT', 'no 10', '10 deny any any', 'exit'], FSOS_S5850_CONFIG), 'ip access-list MGMT\n 10 deny any any\n');
});

test('FRR ignores a prefix-list entry identical to another seq, and replaces a seq in place', () => {
  const running = 'ip prefix-list P seq 10 permit 10.0.0.0/8\n';
  assert.equal(predict(running, ['ip prefix-list P seq 5 permit 10.0.0.0/8'], FRR_CONFIG), running);
  assert.equal(predict(running, ['ip prefix-list P seq 10 deny 10.0.0.0/8'], FRR_CONFIG), 'ip prefix-list P seq 10 deny 10.0.0.0/8\n');
});

test('FRR `no neighbor X` deletes the neighbor and its address-family lines', () => {
  const running = [
    'router bgp 65001',
    ' neighbor 192.0.2.1 remote-as 65000',
    ' neighbor 192.0.2.1 description isp',
    ' neighbor 192.0.2.2 remote-as 65000',
    ' address-family ipv4 unicast',
    '  neighbor 192.0.2.1 route-map IN in',
    '  neighbor 192.0.2.2 route-map IN in',
    ' exit-address-family',
    'exit',
  ].join('\n');
  assert.equal(
    predict(running, ['router bgp 65001', 'no neighbor 192.0.2.1', 'exit'], FRR_CONFIG),
    'router bgp 65001\n neighbor 192.0.2.2 remote-as 65000\n address-family ipv4 unicast\n  neighbor 192.0.2.2 route-map IN in\n',
  );
  // Changing the AS does not delete anything.
  assert.equal(
    predict(running, ['router bgp 65001', 'neighbor 192.0.2.1 remote-as 65010', 'exit'], FRR_CONFIG),
    normalise(running.replace('192.0.2.1 remote-as 65000', '192.0.2.1 remote-as 65010'), FRR_CONFIG),
  );
});

test('a printed negative is a setting: typing it adds the line, typing the positive removes it', () => {
  const added = predict('hostname A\n', ['no ip domain-lookup'], IOS_CONFIG);
  assert.equal(added, 'hostname A\nno ip domain-lookup\n');
  assert.equal(predict(added, ['ip domain-lookup'], IOS_CONFIG), 'hostname A\n');
});

test('a banner typed over several commands becomes one line of the config', () => {
  assert.equal(predict('banner motd ^C\nold\n^C\n', ['banner motd ^C', 'new text', '^C'], IOS_CONFIG), 'banner motd ^C\nnew text\n^C\n');
});

test('IOS trunk add/remove change the allowed list; no line means every VLAN', () => {
  const running = 'interface GigabitEthernet0/1\n switchport trunk allowed vlan 10,20\n';
  assert.equal(
    predict(running, ['interface GigabitEthernet0/1', 'switchport trunk allowed vlan add 30', 'switchport trunk allowed vlan remove 10', 'exit'], IOS_CONFIG),
    'interface GigabitEthernet0/1\n switchport trunk allowed vlan 20,30\n',
  );
  assert.equal(
    predict('interface GigabitEthernet0/2\n description x\n', ['interface GigabitEthernet0/2', 'switchport trunk allowed vlan remove 1', 'exit'], IOS_CONFIG),
    'interface GigabitEthernet0/2\n description x\n switchport trunk allowed vlan 2-4094\n',
  );
});
