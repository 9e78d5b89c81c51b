/**
 * Hostile input at every entry point that makes a lease event (log lines of dhcpd, dnsmasq
 * and Kea, syslog, the hooks): addresses a resolver would read otherwise, line breaks and
 * invisible characters in fields, 10 kB hostnames, MACs in odd forms. Every DHCPACK-class
 * line gets exactly one decision; a rule never matches text smuggled in after a line break.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hookEvents, listenSyslog, parseLine, replayFiles, type LeaseEvent, type Verdict } from '../../../src/trigger/index.js';
import { checkEvent } from '../../../src/trigger/hook-event.js';
import { MAX_HOSTNAME, MAX_LINE } from '../../../src/trigger/values.js';
import { engineFor, SEED_RULES, withTempDir } from './helpers.js';

const NOW = new Date(2026, 10, 28, 12, 0, 0).getTime();
const lease = (line: string): LeaseEvent | undefined => {
  const p = parseLine(line, 'file:test.log', NOW);
  return p?.kind === 'lease' ? p.event : undefined;
};
const dhcpd = (ip: string, rest = 'aa:bb:cc:dd:ee:01 (FS-S5850-SRV) via eth0') => `Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on ${ip} to ${rest}`;
const dnsmasq = (ip: string, rest = 'aa:bb:cc:dd:ee:01 FS-S5850-SRV') => `Nov 27 20:50:41 vm dnsmasq-dhcp[11581]: DHCPACK(veth-srv) ${ip} ${rest}`;
const keaAlloc = (ip: string, mac = 'aa:bb:cc:dd:ee:01', hwtype = 1) =>
  `2026-11-27 21:55:42.660 INFO  [kea-dhcp4.leases/2137.140345035854336] DHCP4_LEASE_ALLOC [hwtype=${hwtype} ${mac}], cid=[no info], tid=0x48f0e548: lease ${ip} has been allocated for 600 seconds`;
const keaLegal = (ip: string, mac = '08:00:2b:02:3f:4e', relay = '192.2.16.33') =>
  `2018-01-06 01:02:03 CET Address: ${ip} has been renewed for 1 hrs 52 min 15 secs to a device with hardware address: hwtype=1 ${mac}, client-id: 17:34:e2 connected via relay at address: ${relay}, identified by circuit-id: 68:6f:77:64:79 (howdy)`;

/** Addresses no lease may be acted on for, and what the reason must say. */
const REFUSED: readonly [string, RegExp][] = [
  // The C library's inet_aton reads a leading 0 as octal: ssh 010.010.000.002 reaches 8.8.0.2.
  ['010.010.000.002', /leading zero.*8\.8\.0\.2/],
  ['127.000.000.077', /leading zero.*127\.0\.0\.63/],
  ['10.08.0.1', /leading zero/],
  ['0.0.0.0', /0\.0\.0\.0\/8/],
  ['0.1.2.3', /0\.0\.0\.0\/8/],
  ['255.255.255.255', /broadcast/],
  ['224.0.0.1', /multicast/],
  ['239.255.255.250', /multicast/],
  ['240.0.0.1', /reserved/],
  ['999.0.2.50', /not an IPv4 address/],
  ['2130706433', /not an IPv4 address/],
  ['0x7f.0.0.1', /not an IPv4 address/],
];

test('a lease line with a non-canonical or non-unicast address is an event marked invalid, from every log format', () => {
  for (const [ip, reason] of REFUSED) {
    for (const [format, line] of [['dhcpd', dhcpd(ip)], ['dnsmasq', dnsmasq(ip)], ['kea', keaAlloc(ip)], ['kea legal', keaLegal(ip)]] as const) {
      const e = lease(line);
      assert.ok(e, `${format} ${ip}: still an event, so that it gets a decision`);
      assert.equal(e.ip, ip, `${format} ${ip}: the address as written`);
      assert.match(e.invalid ?? '', reason, `${format} ${ip}`);
      assert.match(e.invalid ?? '', /lease address/, `${format} ${ip}`);
    }
  }
});

test('canonical unicast addresses, loopback included, are valid', () => {
  for (const ip of ['10.10.0.2', '127.0.0.1', '127.1.2.3', '192.0.2.50', '1.0.0.0', '223.255.255.254', '169.254.1.1']) {
    for (const line of [dhcpd(ip), dnsmasq(ip), keaAlloc(ip), keaLegal(ip)]) {
      const e = lease(line);
      assert.equal(e?.ip, ip, line);
      assert.equal(e?.invalid, undefined, line);
    }
  }
});

test('a relay address that is not canonical unicast makes the event invalid too', () => {
  const e = lease(dhcpd('10.10.0.99', '00:00:5e:00:53:01 (Switch) via 010.010.000.001'));
  assert.match(e?.invalid ?? '', /relay address "010\.010\.000\.001".*leading zero/);
  const kea = lease(keaLegal('192.2.1.100', '08:00:2b:02:3f:4e', '224.0.0.9'));
  assert.match(kea?.invalid ?? '', /relay address "224\.0\.0\.9".*multicast/);
  const fine = lease(dhcpd('10.10.0.99', '00:00:5e:00:53:01 (Switch) via 10.10.0.1'));
  assert.deepEqual([fine?.relay, fine?.invalid], ['10.10.0.1', undefined]);
});

test('an invalid event gets exactly one decision, which no rule and no job acts on', async () => {
  // Catch-all rules of every action: none may fire for an address a resolver reads otherwise.
  const engine = await engineFor(`
rules:
  - name: all-provision
    contains: DHCPACK
    action: provision
    continue: true
  - name: all-exec
    match: { ip: '.' }
    action: exec
    exec: ['/bin/true']
    continue: true
  - name: all-log
    action: log
`);
  for (const [ip] of REFUSED) {
    for (const line of [dhcpd(ip), dnsmasq(ip), keaAlloc(ip)]) {
      const verdicts = engine.decide(lease(line)!, NOW);
      assert.equal(verdicts.length, 1, line);
      const [v] = verdicts as [Verdict];
      assert.equal(v.job, undefined, line);
      assert.equal(v.decision?.rule, null, line);
      assert.equal(v.decision?.ip, ip, line);
      assert.equal(v.decision?.action, 'refuse', line);
      assert.equal(v.decision?.alert, true, line);
      assert.match(v.decision?.reason ?? '', /^lease address /, line);
    }
  }
});

test('hooks and `trigger --ip`: a non-canonical or non-unicast address is refused with the reason', () => {
  for (const [ip, reason] of REFUSED) {
    const calls = [
      hookEvents([], { ip, mac: '64:9d:99:00:00:01' }, {}, NOW),
      hookEvents(['add', 'aa:bb:cc:dd:ee:01', ip, 'Switch'], {}, {}, NOW),
      hookEvents(['lease4_renew'], {}, { LEASE4_ADDRESS: ip, LEASE4_HWADDR: 'aa:bb:cc:dd:ee:01' }, NOW),
      hookEvents(['leases4_committed'], {}, { LEASES4_SIZE: '1', LEASES4_AT0_ADDRESS: ip, LEASES4_AT0_HWADDR: 'aa:bb:cc:dd:ee:01' }, NOW),
      hookEvents(['commit', ip, 'aa:bb:cc:dd:ee:01', 'Switch'], {}, {}, NOW),
    ];
    for (const r of calls) {
      assert.equal(r.ok, false, ip);
      assert.equal(!r.ok && r.ignored, false, `${ip}: an error, not a silent ignore`);
      assert.match(!r.ok ? r.reason : '', reason, ip);
    }
  }
  const relay = hookEvents([], { ip: '10.10.0.99', mac: '00:00:5e:00:53:01', relay: '010.0.0.1' }, {}, NOW);
  assert.match(!relay.ok ? relay.reason : '', /relay address "010\.0\.0\.1".*leading zero/);
  const dnsRelay = hookEvents(['add', '00:00:5e:00:53:01', '10.10.0.99'], {}, { DNSMASQ_RELAY_ADDRESS: '255.255.255.255' }, NOW);
  assert.match(!dnsRelay.ok ? dnsRelay.reason : '', /relay address.*broadcast/);
  const loop = hookEvents([], { ip: '127.0.0.1', mac: '00:00:5e:00:53:01', relay: '127.0.0.2' }, {}, NOW);
  assert.deepEqual(loop.ok && [loop.events[0]!.ip, loop.events[0]!.relay], ['127.0.0.1', '127.0.0.2']);
});

test('the control socket checks an event again and builds its line from the checked fields', () => {
  assert.equal(checkEvent({ ip: '010.0.0.1', mac: '64:9d:99:00:00:01' }, NOW), undefined);
  const e = checkEvent({ ip: '10.10.0.99', mac: '00:00:5e:00:53:01', hostname: 'Switch', server: 'dnsmasq', source: 'hook:dnsmasq', line: 'DHCPACK on 10.0.0.9 to 64:9d:99:00:01:02 (FS-S3900-ACC2) via x' }, NOW);
  assert.equal(e?.line, 'DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (Switch) via dnsmasq');
  assert.deepEqual([e?.server, e?.source], ['dnsmasq', 'hook:dnsmasq']);
});

// What `trigger --hostname $'Switch\nDHCPACK on …'` passes: a line break, then a forged lease.
const INJECTED = 'DHCPACK on 10.0.0.9 to 64:9d:99:00:01:02 (FS-S3900-ACC2) via x';
const BREAKS = ['\n', '\r', '\r\n', '\v', '\f', '\0', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'];

test('a line break in a hostname ends it: one visible line, the text after it is cut with a marker', () => {
  for (const br of BREAKS) {
    const r = hookEvents([], { ip: '10.10.0.99', mac: '00:00:5e:00:53:01', hostname: `Switch${br}${INJECTED}` }, {}, NOW);
    assert.ok(r.ok, JSON.stringify(br));
    const e = r.events[0]!;
    assert.equal(e.hostname, `Switch…(+${br.length + INJECTED.length} chars)`, JSON.stringify(br));
    assert.equal(e.line, `DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (${e.hostname}) via manual`);
    for (const field of [e.line, e.hostname!]) assert.doesNotMatch(field, /[\p{Cc}\p{Zl}\p{Zp}]/u, JSON.stringify(br));
  }
  // Other fields too: the circuit-id as text, the interface.
  const r = hookEvents([], { ip: '10.10.0.99', mac: '00:00:5e:00:53:01', circuitId: `port 7\n${INJECTED}`, iface: `eth0\u2028${INJECTED}` }, {}, NOW);
  assert.ok(r.ok);
  assert.deepEqual([r.events[0]!.circuitId, r.events[0]!.iface], [`port 7…(+${INJECTED.length + 1} chars)`, `eth0…(+${INJECTED.length + 1} chars)`]);
  assert.equal(r.events[0]!.line, `DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 via eth0…(+${INJECTED.length + 1} chars)`);
});

test('`trigger --hostname` with a line break: one decision, no rule matches the smuggled lease', async () => {
  const engine = await engineFor(SEED_RULES);
  for (const br of BREAKS) {
    // FS-S3900-ACC1's own MAC: the smuggled text must not make fs-s3900 reconcile it.
    const r = hookEvents([], { ip: '10.10.0.11', mac: '64:9d:99:00:01:01', hostname: `Switch${br}${INJECTED}` }, {}, NOW);
    assert.ok(r.ok);
    const verdicts = engine.decide(r.events[0]!, NOW);
    assert.deepEqual(verdicts.map((v) => v.decision?.rule), ['new-switch'], JSON.stringify(br));
    assert.equal(verdicts.some((v) => v.job?.kind === 'reconcile'), false);
  }
  // A rule that looks only for the smuggled MAC or address never matches.
  const sniff = await engineFor(`
rules:
  - name: smuggled
    pattern: '64:9d:99:00:01:02|10\\.0\\.0\\.9|FS-S3900-ACC2'
    action: reconcile
`);
  const r = hookEvents(['add', '00:00:5e:00:53:01', '10.10.0.99', `Switch\n${INJECTED}`], {}, {}, NOW);
  assert.ok(r.ok);
  assert.deepEqual(sniff.decide(r.events[0]!, NOW).map((v) => [v.decision?.rule, v.decision?.action]), [[null, 'ignore']]);
});

test('a line break inside a log line\'s hostname (syslog octet framing allows one) ends the hostname, not the line', () => {
  const e = lease(`Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.10.0.11 to 64:9d:99:00:01:01 (Switch\n${INJECTED}) via eth0`);
  assert.equal(e?.hostname, `Switch…(+${INJECTED.length + 1} chars)`);
  assert.equal(e?.iface, 'eth0');
  assert.equal(e?.line, `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.10.0.11 to 64:9d:99:00:01:01 (Switch…(+${INJECTED.length + 1} chars)) via eth0`);
  const d = lease(`dnsmasq-dhcp[1]: DHCPACK(eth0) 10.10.0.11 64:9d:99:00:01:01 Switch\u2028${INJECTED}`);
  assert.equal(d?.hostname, `Switch…(+${INJECTED.length + 1} chars)`);
  assert.equal(d?.line, `dnsmasq-dhcp[1]: DHCPACK(eth0) 10.10.0.11 64:9d:99:00:01:01 Switch…(+${INJECTED.length + 1} chars)`);
});

test('`Switch` followed by invisible characters reads as `Switch`, in the field and the line', async () => {
  const hidden = '\u200b\u200d\u2060\ufeff\u00ad\u202e\u034f\u{e0041}\x07\x7f\x9b';
  const e = lease(`Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (Switch${hidden}) via eth0`);
  assert.equal(e?.hostname, 'Switch');
  assert.equal(e?.line, 'Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (Switch) via eth0');
  const r = hookEvents(['add', '00:00:5e:00:53:01', '10.10.0.99', `Switch${hidden}`], {}, {}, NOW);
  assert.equal(r.ok && r.events[0]!.hostname, 'Switch');
  const engine = await engineFor(`
rules:
  - name: factory
    match: { hostname: '^Switch$' }
    action: log
`);
  assert.equal(engine.decide(e!, NOW)[0]?.decision?.rule, 'factory');
  // Hidden characters cannot hide a device name from the spoof check either.
  const seed = await engineFor(SEED_RULES);
  const spoof = lease(`Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.10.0.66 to 00:00:5e:00:53:66 (FS-S5850\u200b-SRV\u2060) via eth0`);
  assert.equal(spoof?.hostname, 'FS-S5850-SRV');
  const [v] = seed.decide(spoof!, NOW);
  assert.deepEqual([v?.decision?.action, v?.decision?.alert], ['refuse', true]);
});

const HUGE = 'B'.repeat(10_000);
const CUT = `${'B'.repeat(MAX_HOSTNAME)}…(+${10_000 - MAX_HOSTNAME} chars)`;

test('a 10 kB hostname is cut, not the line: dhcpd and dnsmasq events keep address, MAC and via', () => {
  const d = lease(`Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (${HUGE}) via eth0`);
  assert.deepEqual([d?.ip, d?.mac, d?.hostname, d?.iface, d?.relay], ['192.0.2.50', 'aa:bb:cc:dd:ee:01', CUT, 'eth0', undefined]);
  assert.equal(d?.line, `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (${CUT}) via eth0`);
  const relayed = lease(`Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (${HUGE}) via 203.0.113.17`);
  assert.deepEqual([relayed?.relay, relayed?.iface], ['203.0.113.17', undefined]);
  const m = lease(`Nov 27 20:50:41 vm dnsmasq-dhcp[1]: DHCPACK(veth-srv) 192.0.2.81 aa:bb:cc:dd:ee:01 ${HUGE}`);
  assert.deepEqual([m?.ip, m?.mac, m?.hostname, m?.iface], ['192.0.2.81', 'aa:bb:cc:dd:ee:01', CUT, 'veth-srv']);
  // Whatever else is long, the line rules see stays bounded.
  const longVia = lease(`Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (${HUGE}) via ${'e'.repeat(10_000)}`);
  assert.ok(longVia && longVia.line.length < MAX_LINE + 32 && longVia.iface!.length < 100);
});

test('a 10 kB hostname through syslog (UDP and TCP) still gives an event with the right fields', async () => {
  const got: { line: string; time?: number }[] = [];
  const log = () => undefined;
  const udp = await listenSyslog({ proto: 'udp', host: '127.0.0.1', port: 0, onLine: (l) => got.push(l), log });
  const tcp = await listenSyslog({ proto: 'tcp', host: '127.0.0.1', port: 0, onLine: (l) => got.push(l), log });
  try {
    const client = createSocket('udp4');
    await new Promise<void>((r, j) => client.send(`<30>Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (${HUGE}) via eth0`, udp.port, '127.0.0.1', (err) => (err ? j(err) : r())));
    client.close();
    const m = `<30>1 2026-11-27T20:50:41Z vm dnsmasq-dhcp 11581 - - DHCPACK(veth-srv) 192.0.2.81 aa:bb:cc:dd:ee:02 ${HUGE}`;
    const sock = connect(tcp.port, '127.0.0.1');
    await new Promise<void>((r) => sock.on('connect', () => r()));
    sock.end(`${Buffer.byteLength(m)} ${m}`);
    const deadline = Date.now() + 5000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const events = got.map((l) => parseLine(l.line, 'syslog', NOW, l.time)).map((p) => (p?.kind === 'lease' ? p.event : undefined));
    const byMac = new Map(events.map((e) => [e?.mac, e]));
    const a = byMac.get('aa:bb:cc:dd:ee:01');
    const b = byMac.get('aa:bb:cc:dd:ee:02');
    assert.deepEqual([a?.ip, a?.hostname, a?.iface], ['192.0.2.50', CUT, 'eth0']);
    assert.deepEqual([b?.ip, b?.hostname, b?.iface], ['192.0.2.81', CUT, 'veth-srv']);
  } finally {
    await udp.close();
    await tcp.close();
  }
});

test('replay: every DHCPACK-class line gets exactly one decision, hostile or not', async () => {
  await withTempDir(async (dir) => {
    const lines = [
      dhcpd('10.10.0.2', `64:9d:99:00:00:01 (${HUGE}) via eth0`),
      dnsmasq('10.10.0.98', `00:00:5e:00:53:02 ${HUGE}`),
      dhcpd('010.010.000.002'),
      dnsmasq('0.0.0.0'),
      keaAlloc('255.255.255.255'),
      dhcpd('224.0.0.1'),
      dhcpd('10.10.0.99', `00:00:5e:00:53:01 (Switch\u2028${INJECTED}) via eth0`),
      dhcpd('10.10.0.97', `00:00:5e:00:53:03 (Switch\u200b) via eth0`),
    ];
    const file = join(dir, 'dhcpd.log');
    await writeFile(file, `${lines.join('\n')}\n`);
    const engine = await engineFor(SEED_RULES);
    const decided: string[] = [];
    const stats = await replayFiles([file], { engine, onVerdict: (v) => v.decision && decided.push(`${v.decision.ip} ${v.decision.rule} ${v.decision.action}`) });
    assert.equal(stats.events, lines.length);
    assert.equal(decided.length, lines.length, decided.join('\n'));
    for (const bad of ['010.010.000.002', '0.0.0.0', '255.255.255.255', '224.0.0.1']) {
      assert.ok(decided.includes(`${bad} null refuse`), `${bad}: ${decided.join(' | ')}`);
    }
  });
});

test('MACs in odd forms: case, dashes, no separators, Cisco dots, dropped zeros; a 20-byte hardware address is no MAC', () => {
  for (const mac of ['AA:BB:CC:DD:EE:01', 'aa-bb-cc-dd-ee-01', 'AA-BB-CC-DD-EE-01', 'aabbccddee01', 'AABB.CCDD.EE01', 'aa:bb:cc:dd:ee:1']) {
    assert.equal(lease(dhcpd('192.0.2.50', `${mac} via eth0`))?.mac, 'aa:bb:cc:dd:ee:01', `dhcpd ${mac}`);
    assert.equal(lease(dnsmasq('192.0.2.50', `${mac} host`))?.mac, 'aa:bb:cc:dd:ee:01', `dnsmasq ${mac}`);
    const r = hookEvents(['add', mac, '192.0.2.50'], {}, {}, NOW);
    assert.equal(r.ok && r.events[0]!.mac, 'aa:bb:cc:dd:ee:01', `hook ${mac}`);
  }
  assert.equal(lease(keaAlloc('192.0.2.50', 'AA:BB:CC:DD:EE:01'))?.mac, 'aa:bb:cc:dd:ee:01');
  // InfiniBand (hwtype 32): 20 bytes whose first six are an inventory MAC. Never cut to six.
  const ib = '64:9d:99:00:00:01:00:00:00:00:00:00:00:02:c9:03:00:01:23:45';
  for (const line of [dhcpd('192.0.2.50', `${ib} via ib0`), dnsmasq('192.0.2.50', `${ib} host`), keaAlloc('192.0.2.50', ib, 32), keaLegal('192.0.2.50', ib)]) {
    assert.equal(parseLine(line, 'x', NOW), undefined, line);
  }
  for (const mac of [ib, '64:9d:99:00:00:01:02', '64:9d:99-00:00:01', '64:9d:99:00:00:01\u200b']) {
    const r = hookEvents([], { ip: '192.0.2.50', mac }, {}, NOW);
    assert.equal(r.ok, false, mac);
  }
});
