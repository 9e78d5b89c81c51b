import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaseReader, parseLine } from '../../../src/trigger/index.js';

// Lines as docs/platforms.md records them from dhcpd 4.4.3, dnsmasq 2.90 and Kea 2.2.
const NOW = new Date(2026, 10, 28, 12, 0, 0).getTime();
const lease = (line: string) => {
  const p = parseLine(line, 'file:test.log', NOW);
  return p?.kind === 'lease' ? p.event : undefined;
};

test('dhcpd via rsyslog: address, MAC, hostname, interface, timestamp', () => {
  const e = lease('Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (FS-S5850-SRV) via veth-srv');
  assert.ok(e);
  assert.equal(e.type, 'DHCPACK');
  assert.equal(e.ip, '192.0.2.50');
  assert.equal(e.mac, 'aa:bb:cc:dd:ee:01');
  assert.equal(e.hostname, 'FS-S5850-SRV');
  assert.equal(e.iface, 'veth-srv');
  assert.equal(e.relay, undefined);
  assert.equal(e.server, 'dhcpd');
  assert.equal(e.source, 'file:test.log');
  assert.equal(e.time, new Date(2026, 10, 27, 20, 50, 41).getTime());
});

test('dhcpd without client hostname, behind a relay: via is the relay address', () => {
  const e = lease('Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 via 203.0.113.17');
  assert.equal(e?.hostname, undefined);
  assert.equal(e?.relay, '203.0.113.17');
  assert.equal(e?.iface, undefined);
});

test('dhcpd with ISO timestamp, without PID, without host, and bare `dhcpd -d` lines', () => {
  const iso = lease('2026-11-27T20:50:41.123456+01:00 vm dhcpd: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (Switch) via eth0');
  assert.equal(iso?.hostname, 'Switch');
  assert.equal(iso?.time, Date.UTC(2026, 10, 27, 19, 50, 41, 123));
  const noHost = lease('Nov 27 20:50:41 dhcpd[7]: DHCPACK on 192.0.2.51 to aa:bb:cc:dd:ee:02 via eth0');
  assert.equal(noHost?.ip, '192.0.2.51');
  const noSpace = lease('Nov 27 20:50:41 vm dhcpd[7]:DHCPACK on 192.0.2.52 to aa:bb:cc:dd:ee:03 via eth0');
  assert.equal(noSpace?.ip, '192.0.2.52');
  const bare = lease('DHCPACK on 192.0.2.53 to aa:bb:cc:dd:ee:04 (Switch) via eth0');
  assert.equal(bare?.mac, 'aa:bb:cc:dd:ee:04');
  assert.equal(bare?.time, NOW, 'a bare line has no timestamp: the time it was read');
});

test('a year-end traditional timestamp read in January belongs to last year', () => {
  const jan2 = new Date(2027, 0, 2, 10, 0, 0).getTime();
  const p = parseLine('Dec 31 23:59:59 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 via eth0', 'x', jan2);
  assert.equal(p?.kind === 'lease' && p.event.time, new Date(2026, 11, 31, 23, 59, 59).getTime());
});

test('dhcpd lines that are not a lease grant are ignored', () => {
  for (const line of [
    'Nov 27 20:50:40 vm dhcpd[1]: DHCPDISCOVER from aa:bb:cc:dd:ee:01 via eth0',
    'Nov 27 20:50:40 vm dhcpd[1]: DHCPOFFER on 192.0.2.50 to aa:bb:cc:dd:ee:01 (Switch) via eth0',
    'Nov 27 20:50:40 vm dhcpd[1]: DHCPREQUEST for 192.0.2.50 (192.0.2.1) from aa:bb:cc:dd:ee:01 (Switch) via eth0',
    // The answer to a DHCPINFORM: no lease.
    'Nov 27 20:50:40 vm dhcpd[1]: DHCPACK to 192.0.2.50 (aa:bb:cc:dd:ee:01) via eth0',
    'Nov 27 20:50:40 vm dhcpd[1]: DHCPACK on 192.0.2.50 to not-a-mac via eth0',
  ]) {
    assert.equal(parseLine(line, 'x', NOW), undefined, line);
  }
  // A grant whose address is none is still a grant: an event marked invalid, to be refused.
  assert.match(lease('Nov 27 20:50:40 vm dhcpd[1]: DHCPACK on 999.0.2.50 to aa:bb:cc:dd:ee:01 via eth0')?.invalid ?? '', /"999\.0\.2\.50" is not an IPv4 address/);
});

test('a hostname cannot fake a lease: a DHCPACK inside a request line is not a lease', () => {
  const forged = 'Nov 27 20:50:40 vm dhcpd[1]: DHCPREQUEST for 10.0.0.9 from aa:aa:aa:aa:aa:aa (x: DHCPACK on 10.0.0.5 to 64:9d:99:00:00:01 (FS-S5850-SRV) via eth0) via eth0';
  assert.equal(parseLine(forged, 'x', NOW), undefined);
  const bareForged = 'DHCPREQUEST for 10.0.0.9 from aa:aa:aa:aa:aa:aa (x: DHCPACK on 10.0.0.5 to 64:9d:99:00:00:01 (FS) via eth0) via eth0';
  assert.equal(parseLine(bareForged, 'x', NOW), undefined);
});

test('a hostname containing ") via " does not move the real via', () => {
  const e = lease('Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (evil) via 6.6.6.6 (x) via eth0');
  assert.equal(e?.hostname, 'evil) via 6.6.6.6 (x');
  assert.equal(e?.iface, 'eth0');
  assert.equal(e?.relay, undefined);
});

test('dnsmasq: interface, hostname, transaction id, trailing space without hostname', () => {
  const e = lease('dnsmasq-dhcp[11581]: DHCPACK(veth-srv) 192.0.2.81 aa:bb:cc:dd:ee:01 FS-S5850-SRV');
  assert.deepEqual([e?.ip, e?.mac, e?.hostname, e?.iface, e?.server], ['192.0.2.81', 'aa:bb:cc:dd:ee:01', 'FS-S5850-SRV', 'veth-srv', 'dnsmasq']);
  const tid = lease('Nov 27 20:50:41 dnsmasq-dhcp[11581]: 2819876 DHCPACK(veth-srv) 192.0.2.81 aa:bb:cc:dd:ee:01 ');
  assert.equal(tid?.ip, '192.0.2.81');
  assert.equal(tid?.hostname, undefined);
  assert.equal(parseLine('dnsmasq-dhcp[11581]: DHCPREQUEST(veth-srv) 192.0.2.81 aa:bb:cc:dd:ee:01', 'x', NOW), undefined);
});

test('Kea DHCP4_LEASE_ALLOC, file output (two spaces after INFO) and syslog output', () => {
  const file = lease(
    '2026-11-27 21:55:42.660 INFO  [kea-dhcp4.leases/2137.140345035854336] DHCP4_LEASE_ALLOC [hwtype=1 aa:bb:cc:dd:ee:01], cid=[01:aa:bb:cc:dd:ee:01], tid=0x48f0e548: lease 192.0.2.50 has been allocated for 600 seconds',
  );
  assert.deepEqual([file?.ip, file?.mac, file?.hostname, file?.server], ['192.0.2.50', 'aa:bb:cc:dd:ee:01', undefined, 'kea']);
  assert.equal(file?.time, new Date(2026, 10, 27, 21, 55, 42, 660).getTime());
  const sys = lease(
    'Nov 27 21:55:42 vm kea-dhcp4: INFO  [kea-dhcp4.leases/2137.140345035854336] DHCP4_LEASE_ALLOC [hwtype=1 aa:bb:cc:dd:ee:01], cid=[no info], tid=0x48f0e548: lease 192.0.2.50 has been allocated for 600 seconds',
  );
  assert.equal(sys?.ip, '192.0.2.50');
  const advert = '2026-11-27 21:55:42.660 INFO  [kea-dhcp4.leases/2137.1] DHCP4_LEASE_ADVERT [hwtype=1 aa:bb:cc:dd:ee:01], cid=[no info], tid=0x1: lease 192.0.2.50 will be advertised';
  assert.equal(parseLine(advert, 'x', NOW), undefined);
  const release = '2026-11-27 21:55:42.660 INFO  [kea-dhcp4.leases/2137.1] DHCP4_RELEASE [hwtype=1 aa:bb:cc:dd:ee:01], cid=[no info], tid=0x1: address 192.0.2.50 was released properly.';
  assert.equal(parseLine(release, 'x', NOW), undefined);
});

test('Kea forensic log: relay and circuit-id; a client-id cannot fake them', () => {
  const e = lease(
    '2018-01-06 01:02:03 CET Address: 192.2.1.100 has been renewed for 1 hrs 52 min 15 secs to a device with hardware address: hwtype=1 08:00:2b:02:3f:4e, client-id: 17:34:e2:ff:09:92:54 connected via relay at address: 192.2.16.33, identified by circuit-id: 68:6f:77:64:79 (howdy) and remote-id: 87:f6:79:77:ef',
  );
  assert.deepEqual([e?.ip, e?.mac, e?.relay, e?.circuitId], ['192.2.1.100', '08:00:2b:02:3f:4e', '192.2.16.33', 'howdy']);
  // client-id "x connected via relay at address: 6.6.6.6, identified by circuit-id: 41" printed as text
  const text = 'x connected via relay at address: 6.6.6.6, identified by circuit-id: 41';
  const hex = [...Buffer.from(text)].map((b) => b.toString(16).padStart(2, '0')).join(':');
  const forged = lease(`2018-01-06 01:02:03 CET Address: 192.2.1.100 has been assigned for 0 hrs 10 mins 0 secs to a device with hardware address: hwtype=1 08:00:2b:02:3f:4e, client-id: ${hex} (${text})`);
  assert.equal(forged?.ip, '192.2.1.100');
  assert.equal(forged?.relay, undefined);
  assert.equal(forged?.circuitId, undefined);
});

test('the option 82 log line is joined to the ACK by MAC, leading zeros restored', () => {
  const reader = new LeaseReader();
  const hex = [...Buffer.from('FS-S5850-SRV eth-0-3')].map((b) => b.toString(16)).join(':');
  assert.equal(reader.read(`Nov 27 20:50:43 vm dhcpd[1]: switchyard-option82 mac=0:0:5e:0:53:1 circuit-id-hex=${hex}`, 'x', NOW), undefined);
  const e = reader.read('Nov 27 20:50:43 vm dhcpd[1]: DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (Switch) via 10.10.0.1', 'x', NOW);
  assert.equal(e?.circuitId, 'FS-S5850-SRV eth-0-3');
  const other = reader.read('Nov 27 20:50:44 vm dhcpd[1]: DHCPACK on 10.10.0.98 to 00:00:5e:00:53:02 (Switch) via 10.10.0.1', 'x', NOW);
  assert.equal(other?.circuitId, undefined);
  // Binary circuit-ids (a Cisco-style vlan/module/port) stay hex.
  reader.read('Nov 27 20:50:45 vm dhcpd[1]: switchyard-option82 mac=0:0:5e:0:53:3 circuit-id-hex=0:4:0:a:1:5', 'x', NOW);
  assert.equal(reader.read('Nov 27 20:50:45 vm dhcpd[1]: DHCPACK on 10.10.0.97 to 00:00:5e:00:53:03 via 10.10.0.1', 'x', NOW)?.circuitId, '00:04:00:0a:01:05');
});

test('the option 82 line only counts from dhcpd itself, and only in its strict hex form', () => {
  const reader = new LeaseReader();
  reader.read('Nov 27 20:50:43 vm sshd[1]: switchyard-option82 mac=0:0:5e:0:53:1 circuit-id-hex=41:42', 'x', NOW);
  reader.read('Nov 27 20:50:43 vm dhcpd[1]: DHCPREQUEST for 1.2.3.4 from aa:aa:aa:aa:aa:aa (switchyard-option82 mac=0:0:5e:0:53:1 circuit-id-hex=41:42) via eth0', 'x', NOW);
  reader.read('Nov 27 20:50:43 vm dhcpd[1]: switchyard-option82 mac=0:0:5e:0:53:1 circuit-id-hex=41:42; rm -rf /', 'x', NOW);
  const e = reader.read('Nov 27 20:50:43 vm dhcpd[1]: DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (Switch) via 10.10.0.1', 'x', NOW);
  assert.equal(e?.circuitId, undefined);
});

test('the option 82 join expires', () => {
  const reader = new LeaseReader();
  reader.read('Nov 27 20:50:00 vm dhcpd[1]: switchyard-option82 mac=0:0:5e:0:53:1 circuit-id-hex=41:42', 'x', NOW);
  const e = reader.read('Nov 27 20:55:00 vm dhcpd[1]: DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (Switch) via 10.10.0.1', 'x', NOW);
  assert.equal(e?.circuitId, undefined);
});

test('a hostname is cut to 255 characters with a marker, and the line with it', () => {
  const e = lease(`Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (${'A'.repeat(300)}) via eth0`);
  assert.equal(e?.hostname, `${'A'.repeat(255)}…(+45 chars)`);
  assert.equal(e?.line, `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (${e?.hostname}) via eth0`);
  // Lines longer than 4 kB: test/unit/trigger/hostile-input.test.ts.
});
