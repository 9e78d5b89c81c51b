import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { listenSyslog, parseLine, syslogToLine, SyslogFramer, type TriggerLogEntry } from '../../../src/trigger/index.js';

const ACK = 'DHCPACK on 192.0.2.50 to aa:bb:cc:dd:ee:01 (FS-S5850-SRV) via veth-srv';

test('RFC 3164: the PRI is dropped and the rest is a log line as a file would hold it', () => {
  const r = syslogToLine(`<30>Nov 27 20:50:41 vm dhcpd[10257]: ${ACK}\n`);
  assert.equal(r.line, `Nov 27 20:50:41 vm dhcpd[10257]: ${ACK}`);
  assert.equal(r.time, undefined);
  const p = parseLine(r.line, 'syslog', Date.now());
  assert.equal(p?.kind === 'lease' && p.event.hostname, 'FS-S5850-SRV');
});

test('RFC 5424: header, structured data and BOM are handled; the timestamp is kept', () => {
  const msg = `<30>1 2026-11-27T20:50:41.003Z vm dhcpd 10257 - [meta x="a\\"]b" y="2"][other] \ufeff${ACK}`;
  const r = syslogToLine(msg);
  assert.equal(r.line, `2026-11-27T20:50:41.003Z vm dhcpd[10257]: ${ACK}`);
  assert.equal(r.time, Date.UTC(2026, 10, 27, 20, 50, 41, 3));
  const p = parseLine(r.line, 'syslog', Date.now(), r.time);
  assert.equal(p?.kind === 'lease' && p.event.ip, '192.0.2.50');
  // NIL values, and a host that could not be a header word (IPv6) is left out.
  assert.equal(syslogToLine(`<30>1 - ::1 kea-dhcp4 - - - hello`).line, 'kea-dhcp4: hello');
});

test('TCP framing: octet counting and newline framing, mixed and split across chunks', () => {
  const got: string[] = [];
  const f = new SyslogFramer((m) => got.push(m));
  const a = '<30>Nov 27 20:50:41 vm dhcpd[1]: one';
  const b = '<30>Nov 27 20:50:42 vm dhcpd[1]: two\nwith newline inside';
  const stream = Buffer.from(`${Buffer.byteLength(a)} ${a}${Buffer.byteLength(b)} ${b}<30>three\n<30>four\n`);
  for (let i = 0; i < stream.length; i += 7) assert.equal(f.push(stream.subarray(i, i + 7)), true);
  f.push(Buffer.from('<30>five without newline'));
  f.end();
  assert.deepEqual(got, [a, b, '<30>three', '<30>four', '<30>five without newline']);
  const tooLong = new SyslogFramer(() => undefined, 100);
  assert.equal(tooLong.push(Buffer.from('999999 x')), false);
});

test('UDP and TCP listeners on loopback receive messages', async () => {
  const got: [string, string][] = [];
  const log = () => undefined;
  const udp = await listenSyslog({ proto: 'udp', host: '127.0.0.1', port: 0, onLine: (l, s) => got.push([l.line, s]), log });
  const tcp = await listenSyslog({ proto: 'tcp', host: '127.0.0.1', port: 0, onLine: (l, s) => got.push([l.line, s]), log });
  try {
    const client = createSocket('udp4');
    await new Promise<void>((r) => client.send(`<30>Nov 27 20:50:41 vm dhcpd[1]: ${ACK}`, udp.port, '127.0.0.1', () => r()));
    client.close();
    const sock = connect(tcp.port, '127.0.0.1');
    await new Promise<void>((r) => sock.on('connect', () => r()));
    const m = `<30>1 2026-11-27T20:50:41Z vm dnsmasq-dhcp 11581 - - DHCPACK(veth-srv) 192.0.2.81 aa:bb:cc:dd:ee:01 FS-S5850-SRV`;
    sock.end(`${Buffer.byteLength(m)} ${m}<30>Nov 27 20:50:42 vm dhcpd[1]: second\n`);
    const deadline = Date.now() + 3000;
    while (got.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const bySource = got.map(([line, src]) => [src.replace(`:${udp.port}`, ':U').replace(`:${tcp.port}`, ':T'), line]).sort();
    assert.deepEqual(bySource, [
      ['syslog:tcp://127.0.0.1:T', '2026-11-27T20:50:41Z vm dnsmasq-dhcp[11581]: DHCPACK(veth-srv) 192.0.2.81 aa:bb:cc:dd:ee:01 FS-S5850-SRV'],
      ['syslog:tcp://127.0.0.1:T', 'Nov 27 20:50:42 vm dhcpd[1]: second'],
      ['syslog:udp://127.0.0.1:U', `Nov 27 20:50:41 vm dhcpd[1]: ${ACK}`],
    ]);
    const p = parseLine(bySource[0]![1]!, 'x', Date.now());
    assert.equal(p?.kind === 'lease' && p.event.server, 'dnsmasq');
  } finally {
    await udp.close();
    await tcp.close();
  }
});

/** Sends `count` DHCPACK datagrams to `host`:`port` at once (all queued before any is read); resolves when they are sent. */
async function burst(host: string, port: number, count: number): Promise<void> {
  const client = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => {
    let left = count;
    for (let i = 0; i < count; i++) {
      client.send(`<30>Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.0.${i >> 8}.${i & 255} to 02:00:00:00:${(i >> 8).toString(16)}:${(i & 255).toString(16)} via eth0`, port, host, () => {
        if (--left === 0) resolve();
      });
    }
  });
  client.close();
}

/** Waits until `cond()` resolves true (polling every 10 ms); fails after `ms`. */
async function eventually(cond: () => Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const rmemMax = async () => Number(await readFile('/proc/sys/net/core/rmem_max', 'utf8'));

test('a UDP listener asks for a 4 MiB receive buffer and reports what the kernel granted; asked more than it grants, it warns', async () => {
  const warnings: TriggerLogEntry[] = [];
  const log = (e: TriggerLogEntry) => warnings.push(e);
  const udp = await listenSyslog({ proto: 'udp', host: '127.0.0.1', port: 0, onLine: () => undefined, log });
  const max = await rmemMax();
  try {
    // Linux books twice the size asked for (room for its own bookkeeping), capped at net.core.rmem_max.
    assert.equal(udp.receiveBuffer, 2 * Math.min(4 * 1024 * 1024, max));
    assert.equal(await udp.drops(), 0);
    assert.equal(warnings.length, max >= 4 * 1024 * 1024 ? 0 : 1, 'a warning only when the kernel grants less');
  } finally {
    await udp.close();
  }
  warnings.length = 0;
  const capped = await listenSyslog({ proto: 'udp', host: '127.0.0.1', port: 0, recvBufferSize: max + 4096, onLine: () => undefined, log });
  try {
    assert.equal(capped.receiveBuffer, 2 * max);
    assert.deepEqual(warnings, [
      { level: 'warn', msg: 'syslog UDP receive buffer smaller than asked; raise net.core.rmem_max', address: `udp://127.0.0.1:${capped.port}`, asked: max + 4096, granted: 2 * max },
    ]);
  } finally {
    await capped.close();
  }
});

for (const host of ['127.0.0.1', '::1']) {
  test(`a UDP burst beyond the receive buffer on ${host}: every datagram is either received or counted as dropped by the kernel`, async () => {
    let lines = 0;
    const udp = await listenSyslog({ proto: 'udp', host, port: 0, recvBufferSize: 4096, onLine: () => lines++, log: () => undefined });
    try {
      await burst(host, udp.port, 1000);
      let drops: number | undefined;
      await eventually(async () => {
        drops = await udp.drops();
        return udp.received() + (drops ?? 0) === 1000;
      });
      assert.ok(drops !== undefined && drops > 0, `a 4 kB buffer overflowed and the kernel counted it (${drops} drops)`);
      assert.equal(lines, udp.received(), 'one line per datagram received');
    } finally {
      await udp.close();
    }
  });
}
