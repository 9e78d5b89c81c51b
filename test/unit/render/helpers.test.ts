import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidr, eq, fallback, indent, ipAddr, join, netmask, network, normaliseOutput, portRange, prefixLen, vlanExpand, vlanList, wildcard } from '../../../src/render/index.js';

test('vlanList collapses runs of three or more, sorts and de-duplicates', () => {
  assert.equal(vlanList([30, 10, 31, 20, 32, 10]), '10,20,30-32');
  assert.equal(vlanList('40,10-12,11'), '10-12,40');
  assert.equal(vlanList([10, 11]), '10,11');
  assert.equal(vlanList({ 10: { name: 'mgmt' }, 20: {}, 21: {}, 22: {} }), '10,20-22');
  assert.equal(vlanList([]), '');
});

test('vlanExpand expands lists, ranges and VLAN maps into numbers', () => {
  assert.deepEqual(vlanExpand('10,20,30-32'), [10, 20, 30, 31, 32]);
  assert.deepEqual(vlanExpand(['5', 3, '1-2']), [1, 2, 3, 5]);
  assert.deepEqual(vlanExpand({ 20: {}, 10: {} }), [10, 20]);
});

test('VLAN lists reject what no switch would accept', () => {
  assert.throws(() => vlanList('10,abc'), /"abc" is not a VLAN number or range/);
  assert.throws(() => vlanList([4095]), /out of range \(1-4094\)/);
  assert.throws(() => vlanList('0'), /out of range/);
  assert.throws(() => vlanList('30-20'), /runs backwards/);
});

test('portRange expands S5850, S3900 and IOS port ranges', () => {
  assert.deepEqual(portRange('eth-0-1..3'), ['eth-0-1', 'eth-0-2', 'eth-0-3']);
  assert.deepEqual(portRange('ethernet 1/23..25'), ['ethernet 1/23', 'ethernet 1/24', 'ethernet 1/25']);
  assert.deepEqual(portRange('GigabitEthernet0/1..2, GigabitEthernet0/9'), ['GigabitEthernet0/1', 'GigabitEthernet0/2', 'GigabitEthernet0/9']);
  assert.deepEqual(portRange(['eth-0-47..48', 'agg1']), ['eth-0-47', 'eth-0-48', 'agg1']);
  assert.deepEqual(portRange([]), []);
  assert.throws(() => portRange('eth-0-9..1'), /runs backwards/);
  assert.throws(() => portRange('eth-0-1..x'), /not a port range/);
  assert.throws(() => portRange(5), /not a port range/);
});

test('IP helpers split a CIDR into what each dialect prints', () => {
  assert.equal(ipAddr('10.10.0.2/24'), '10.10.0.2');
  assert.equal(ipAddr('10.10.0.2'), '10.10.0.2');
  assert.equal(prefixLen('10.10.0.2/24'), 24);
  assert.equal(netmask('10.10.0.2/24'), '255.255.255.0');
  assert.equal(netmask(26), '255.255.255.192');
  assert.equal(netmask('0'), '0.0.0.0');
  assert.equal(netmask(32), '255.255.255.255');
  assert.equal(wildcard('10.10.0.0/24'), '0.0.0.255');
  assert.equal(network('10.10.0.130/25'), '10.10.0.128');
  assert.equal(network('192.0.2.77/0'), '0.0.0.0');
  assert.equal(cidr('10.10.0.2', 24), '10.10.0.2/24');
  assert.throws(() => prefixLen('10.10.0.2'), /no prefix length/);
  assert.throws(() => ipAddr('10.10.0.256/24'), /not an IPv4 address/);
  assert.throws(() => netmask(33), /out of range/);
});

test('indent, join, eq and default', () => {
  assert.equal(indent(2, 'a\n\nb'), '  a\n\n  b');
  assert.equal(join(['a', 'b', 3], ' '), 'a b 3');
  assert.equal(join(['a', 'b'], undefined), 'a,b');
  assert.equal(eq(10, '10'), true);
  assert.equal(eq('a', 'a'), true);
  assert.equal(eq(10, 11), false);
  assert.equal(eq(0, ''), false);
  assert.equal(fallback(undefined, 'x'), 'x');
  assert.equal(fallback('', 'x'), 'x');
  assert.equal(fallback(0, 'x'), 0);
});

test('output is normalised: LF, no trailing spaces, one final newline', () => {
  assert.equal(normaliseOutput('\r\n\nhostname a  \r\n!\t\n interface x \n\n\n'), 'hostname a\n!\n interface x\n');
  assert.equal(normaliseOutput('end'), 'end\n');
  assert.equal(normaliseOutput('\n \n'), '');
});
