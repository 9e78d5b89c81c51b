import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hookEvents } from '../../../src/trigger/index.js';

const NOW = 1_700_000_000_000;

test('dnsmasq --dhcp-script: add MAC IP HOST with DNSMASQ_* environment', () => {
  const r = hookEvents(['add', 'aa:bb:cc:dd:ee:01', '192.0.2.81', 'FS-S5850-SRV'], {}, {
    DNSMASQ_INTERFACE: 'veth-srv',
    DNSMASQ_SUPPLIED_HOSTNAME: 'FS-S5850-SRV',
  }, NOW);
  assert.ok(r.ok);
  assert.equal(r.server, 'dnsmasq');
  const e = r.events[0]!;
  assert.deepEqual([e.type, e.ip, e.mac, e.hostname, e.iface, e.source, e.server, e.time], ['DHCPACK', '192.0.2.81', 'aa:bb:cc:dd:ee:01', 'FS-S5850-SRV', 'veth-srv', 'hook:dnsmasq', 'dnsmasq', NOW]);
  assert.equal(e.line, 'DHCPACK on 192.0.2.81 to aa:bb:cc:dd:ee:01 (FS-S5850-SRV) via veth-srv');
});

test('dnsmasq: hostname from the environment, circuit-id in hex, relay; old counts, del does not', () => {
  const hex = [...Buffer.from('FS-S5850-SRV eth-0-3')].map((b) => b.toString(16).padStart(2, '0')).join(':');
  const r = hookEvents(['old', 'AA-BB-CC-DD-EE-02', '10.10.0.99'], {}, { DNSMASQ_SUPPLIED_HOSTNAME: 'Switch', DNSMASQ_CIRCUIT_ID: hex, DNSMASQ_RELAY_ADDRESS: '10.10.0.1' }, NOW);
  assert.ok(r.ok);
  assert.deepEqual([r.events[0]!.mac, r.events[0]!.hostname, r.events[0]!.circuitId, r.events[0]!.relay], ['aa:bb:cc:dd:ee:02', 'Switch', 'FS-S5850-SRV eth-0-3', '10.10.0.1']);
  const del = hookEvents(['del', 'aa:bb:cc:dd:ee:02', '10.10.0.99'], {}, {}, NOW);
  assert.deepEqual(del, { ok: false, ignored: true, reason: 'dnsmasq action "del" grants no lease' });
});

test('Kea run_script lease4_renew: LEASE4_* and the option 82 sub-option in 0x hex', () => {
  const r = hookEvents(['lease4_renew'], {}, {
    LEASE4_ADDRESS: '192.0.2.50',
    LEASE4_HWADDR: 'aa:bb:cc:dd:ee:01',
    LEASE4_HOSTNAME: 'fs-s5850-srv',
    QUERY4_OPTION_82_SUB_OPTION_1: '0x766574682D6B726C792D646E',
    QUERY4_GIADDR: '203.0.113.17',
    QUERY4_IFACE_NAME: 'eth0',
  }, NOW);
  assert.ok(r.ok);
  const e = r.events[0]!;
  assert.deepEqual([e.ip, e.mac, e.hostname, e.circuitId, e.relay, e.iface, e.server], ['192.0.2.50', 'aa:bb:cc:dd:ee:01', 'fs-s5850-srv', 'veth-krly-dn', '203.0.113.17', 'eth0', 'kea']);
});

test('Kea leases4_committed: every lease of LEASES4_AT<i>_*; an empty commit and other hook points are ignored', () => {
  const r = hookEvents(['leases4_committed'], {}, {
    LEASES4_SIZE: '2',
    LEASES4_AT0_ADDRESS: '192.0.2.50',
    LEASES4_AT0_HWADDR: 'aa:bb:cc:dd:ee:01',
    LEASES4_AT1_ADDRESS: '192.0.2.51',
    LEASES4_AT1_HWADDR: 'aa:bb:cc:dd:ee:02',
    LEASES4_AT1_HOSTNAME: 'switch',
    QUERY4_GIADDR: '0.0.0.0',
  }, NOW);
  assert.ok(r.ok);
  assert.deepEqual(r.events.map((e) => [e.ip, e.mac, e.hostname ?? null, e.relay ?? null]), [['192.0.2.50', 'aa:bb:cc:dd:ee:01', null, null], ['192.0.2.51', 'aa:bb:cc:dd:ee:02', 'switch', null]]);
  assert.equal(hookEvents(['leases4_committed'], {}, { LEASES4_SIZE: '0' }, NOW).ok, false);
  const rel = hookEvents(['lease4_release'], {}, { LEASE4_ADDRESS: '192.0.2.50', LEASE4_HWADDR: 'aa:bb:cc:dd:ee:01' }, NOW);
  assert.equal(rel.ok === false && rel.ignored, true);
});

test('dhcpd on commit: commit IP MAC HOST CIRCUIT_HEX, MAC with dropped zeros', () => {
  const r = hookEvents(['commit', '10.10.0.99', '0:0:5e:0:53:1', 'Switch', '46:53:2d:53:35:38:35:30:2d:53:52:56:20:65:74:68:2d:30:2d:33'], {}, {}, NOW);
  assert.ok(r.ok);
  assert.deepEqual([r.server, r.events[0]!.mac, r.events[0]!.circuitId], ['dhcpd', '00:00:5e:00:53:01', 'FS-S5850-SRV eth-0-3']);
});

test('explicit --ip/--mac; bad values are refused, not ignored', () => {
  const r = hookEvents([], { ip: '10.0.0.5', mac: '649d.9900.0001', hostname: 'x', circuitId: 'port 7' }, {}, NOW);
  assert.ok(r.ok);
  assert.deepEqual([r.server, r.events[0]!.mac, r.events[0]!.circuitId, r.events[0]!.source], ['manual', '64:9d:99:00:00:01', 'port 7', 'hook:manual']);
  const bad = hookEvents([], { ip: '10.0.0.5; reboot', mac: '64:9d:99:00:00:01' }, {}, NOW);
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.ignored, false);
  assert.equal(hookEvents(['add', 'zz', '10.0.0.5'], {}, {}, NOW).ok, false);
});

test('hostile hostnames stay data: cut at a line end or to 255 characters, never interpreted', () => {
  const host = `$(touch /tmp/CANARY);\`id\`'"\n${'x'.repeat(10_000)}`;
  const r = hookEvents(['add', 'aa:bb:cc:dd:ee:01', '192.0.2.81', host], {}, {}, NOW);
  assert.ok(r.ok);
  assert.equal(r.events[0]!.hostname, `$(touch /tmp/CANARY);\`id\`'"…(+10001 chars)`);
  const long = hookEvents(['add', 'aa:bb:cc:dd:ee:01', '192.0.2.81', `$(id)${'x'.repeat(10_000)}`], {}, {}, NOW);
  assert.equal(long.ok && long.events[0]!.hostname, `$(id)${'x'.repeat(250)}…(+9750 chars)`);
});
