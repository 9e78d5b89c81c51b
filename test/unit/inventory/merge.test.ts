import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeLayers } from '../../../src/inventory/index.js';

test('later layers win; mappings merge deeply; lists replace', () => {
  const defaults = { ntp: ['192.0.2.1', '192.0.2.2'], snmp: { community: 'public', contact: 'noc' }, vlans: { 10: { name: 'mgmt' } } };
  const group = { snmp: { community: 'grp' }, stp: 4096 };
  const site = { ntp: ['198.51.100.1'], vlans: { 20: { name: 'users' } } };
  const device = { vlans: { 10: { name: 'management' } }, stp: 8192 };
  const merged = mergeLayers([defaults, group, site, device]);
  assert.deepEqual(merged, {
    ntp: ['198.51.100.1'],
    snmp: { community: 'grp', contact: 'noc' },
    vlans: { 10: { name: 'management' }, 20: { name: 'users' } },
    stp: 8192,
  });
});

test('merging never modifies a lower layer (one site must not leak into another)', () => {
  const defaults = { snmp: { community: 'public' } };
  mergeLayers([defaults, { snmp: { community: 'site-a', location: 'a' } }]);
  assert.deepEqual(defaults, { snmp: { community: 'public' } });
});

test('a scalar may replace a mapping and a mapping a scalar', () => {
  assert.deepEqual(mergeLayers([{ a: { b: 1 } }, { a: 2 }]), { a: 2 });
  assert.deepEqual(mergeLayers([{ a: 2 }, { a: { b: 1 } }]), { a: { b: 1 } });
  assert.deepEqual(mergeLayers([undefined, { a: 1 }]), { a: 1 });
});
