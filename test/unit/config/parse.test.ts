/**
 * Parsing and normalising: volatile lines, comments, terminators, banners, lists, defaults,
 * repeated lines, and the tree API (ordered children, lookup by text, line numbers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalise, parseConfig } from '../../../src/config/index.js';
import { SwitchyardError } from '../../../src/errors.js';
import { FSOS_S5850_CONFIG } from '../../../src/platforms/fsos-s5850/config.js';
import { FSOS_S3900_CONFIG } from '../../../src/platforms/fsos-s3900/config.js';
import { IOS_CONFIG } from '../../../src/platforms/ios/config.js';
import { FRR_CONFIG } from '../../../src/platforms/frr/config.js';

test('volatile lines of every dialect are dropped', () => {
  assert.equal(normalise('Building configuration...\n!\nversion 7.2.2\n!\nhostname A\n!\nend\n', FSOS_S5850_CONFIG), 'hostname A\n');
  assert.equal(normalise('Building running configuration. Please wait...\n!<Version>0.0.2</Version>\n!\nhostname A\n!\nend\n', FSOS_S3900_CONFIG), 'hostname A\n');
  assert.equal(
    normalise(
      'Building configuration...\n\nCurrent configuration : 1234 bytes\n!\n! Last configuration change at 10:01:02 UTC Mon Mar 1 2021\n! NVRAM config last updated at 10:01:05 UTC Mon Mar 1 2021\n!\nversion 15.2\nboot-start-marker\nboot-end-marker\nntp clock-period 36028797\nhostname A\nend\n',
      IOS_CONFIG,
    ),
    'hostname A\n',
  );
  assert.equal(normalise('Building configuration...\n\nCurrent configuration:\n!\nfrr version 8.4.4\nfrr defaults traditional\nhostname r1\nlog syslog\n!\nend\n', FRR_CONFIG), 'log syslog\n');
});

test('`version` is volatile at the top level only (RIP has a version line)', () => {
  assert.equal(normalise('version 15.2\nrouter rip\n version 2\n network 10.0.0.0\n', IOS_CONFIG), 'router rip\n network 10.0.0.0\n version 2\n');
});

test('section terminators are structure: FRR exit and exit-address-family are dropped', () => {
  const text = 'router bgp 65001\n neighbor 192.0.2.1 remote-as 65000\n !\n address-family ipv4 unicast\n  network 10.0.0.0/8\n exit-address-family\nexit\n';
  assert.equal(normalise(text, FRR_CONFIG), 'router bgp 65001\n neighbor 192.0.2.1 remote-as 65000\n address-family ipv4 unicast\n  network 10.0.0.0/8\n');
});

test('a banner is one line of the config, body kept verbatim, `!` inside it kept', () => {
  const tree = parseConfig('hostname A\nbanner motd ^C\n  Welcome!  \n! not a comment\n^C\nline vty 0 4\n', IOS_CONFIG);
  const banner = tree.children[1];
  assert.equal(banner?.text, 'banner motd ^C\n  Welcome!\n! not a comment\n^C');
  assert.equal(banner?.line, 2);
  assert.equal(tree.children[2]?.text, 'line vty 0 4');
  assert.equal(tree.children[2]?.line, 6);
});

test('a one-line banner ends on its own line', () => {
  const tree = parseConfig('banner motd #Authorised only#\nhostname A\n', IOS_CONFIG);
  assert.deepEqual(
    tree.children.map((c) => c.text),
    ['banner motd #Authorised only#', 'hostname A'],
  );
});

test('an unterminated banner is a CONFIG_PARSE error naming the line', () => {
  assert.throws(
    () => parseConfig('hostname A\nbanner motd ^C\nno end in sight\n', IOS_CONFIG),
    (e: unknown) => e instanceof SwitchyardError && e.code === 'CONFIG_PARSE' && /line 2/.test(e.message),
  );
});

test('vlan range expands to one VLAN each, merged with the named vlan sections', () => {
  const tree = parseConfig('vlan range 10,20,30-32\n!\nvlan 10\n name mgmt\n', FSOS_S5850_CONFIG);
  assert.deepEqual(
    tree.children.map((c) => c.text),
    ['vlan 10', 'vlan 20', 'vlan 30', 'vlan 31', 'vlan 32'],
  );
  assert.equal(tree.child('vlan 10')?.child('name mgmt')?.depth, 1);
  assert.equal(tree.size, 6);
});

test('trunk allowed lists expand to one line per VLAN, whatever way they were split', () => {
  const a = normalise('interface eth-0-1\n switchport trunk allowed vlan add 10,20,30-32\n', FSOS_S5850_CONFIG);
  const b = normalise('interface eth-0-1\n switchport trunk allowed vlan add 32,31\n switchport trunk allowed vlan add 10,20,30\n', FSOS_S5850_CONFIG);
  assert.equal(a, b);
  assert.equal(a.split('\n').filter((l) => l.includes('allowed vlan add')).length, 5);
});

test('IOS keeps the trunk list as one line in canonical form', () => {
  assert.equal(
    normalise('interface GigabitEthernet0/1\n switchport trunk allowed vlan 32,10,20,30,31\n', IOS_CONFIG),
    'interface GigabitEthernet0/1\n switchport trunk allowed vlan 10,20,30-32\n',
  );
});

test('S3900 collapsed VLAN entries expand; VLAN 1 is the default and dropped', () => {
  assert.equal(
    normalise('vlan database\n VLAN 1 name DefaultVlan media ethernet state active\n VLAN 2-3 media ethernet\n', FSOS_S3900_CONFIG),
    'vlan database\n VLAN 2 media ethernet\n VLAN 3 media ethernet\n',
  );
});

test('default lines are dropped with their children; empty physical ports are not printed', () => {
  assert.equal(normalise('vlan range 1,10\ninterface eth-0-1\n no shutdown\ninterface eth-0-2\n shutdown\n', FSOS_S5850_CONFIG), 'vlan 10\ninterface eth-0-2\n shutdown\n');
});

test('blanks are collapsed and siblings sort in the print order, ports in natural order', () => {
  assert.equal(
    normalise('interface eth-0-10\n description   ten\ninterface eth-0-2\n description two\nhostname   A\n', FSOS_S5850_CONFIG),
    'hostname A\ninterface eth-0-2\n description two\ninterface eth-0-10\n description ten\n',
  );
});

test('a section repeated in a keyed parent merges; a repeated line counts once', () => {
  const tree = parseConfig('interface eth-0-1\n description a\ninterface eth-0-1\n shutdown\n description a\n', FSOS_S5850_CONFIG);
  assert.equal(tree.children.length, 1);
  assert.deepEqual(
    tree.child('interface eth-0-1')?.children.map((c) => c.text),
    ['description a', 'shutdown'],
  );
});

test('an ACL without sequence numbers keeps its lines in order, repeats included', () => {
  const text = 'ip access-list standard VTY\n remark ----\n permit 10.0.0.0 0.0.0.255\n remark ----\n deny any\n';
  assert.equal(normalise(text, IOS_CONFIG), text);
});

test('an ACL with sequence numbers is keyed: entries sort by number', () => {
  assert.equal(
    normalise('ip access-list extended X\n 20 deny ip any any\n 10 permit tcp any any eq 22\n', IOS_CONFIG),
    'ip access-list extended X\n 10 permit tcp any any eq 22\n 20 deny ip any any\n',
  );
});

test('normalising is idempotent and CRLF line ends read like LF', () => {
  const text = 'hostname A\r\ninterface eth-0-1\r\n description x\r\n';
  const once = normalise(text, FSOS_S5850_CONFIG);
  assert.equal(once, 'hostname A\ninterface eth-0-1\n description x\n');
  assert.equal(normalise(once, FSOS_S5850_CONFIG), once);
});

test('IOS prints a long allowed list on continuation lines: they are one list', () => {
  const printed = 'interface GigabitEthernet0/1\n switchport trunk allowed vlan 10,20,30-32\n switchport trunk allowed vlan add 40,50-52\n switchport mode trunk\n';
  assert.equal(normalise(printed, IOS_CONFIG), 'interface GigabitEthernet0/1\n switchport mode trunk\n switchport trunk allowed vlan 10,20,30-32,40,50-52\n');
  // Every VLAN allowed is the default: not printed.
  assert.equal(normalise('interface GigabitEthernet0/1\n switchport trunk allowed vlan 1-4094\n', IOS_CONFIG), '');
});

test('a VLAN list with an absurd number is kept as written instead of expanded (no endless loop)', () => {
  assert.equal(normalise('vlan range 22025666526445117\n', FSOS_S5850_CONFIG), 'vlan range 22025666526445117\n');
});
