// ISC dhcpd in the server namespace, switches' udhcpc directly attached or behind
// dhcrelay -a: the DHCPACK lines and the option-82 line `switchyard watch` will read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLab, type Lab } from './lab/index.js';
import { describeLab, DHCPD, DHCRELAY, LAB_TOOLS } from './prereq.js';
import { LeaseReader } from '../../src/trigger/index.js';

// Written from docs/platforms.md (`dhcpd -d` writes the bare message): address, MAC,
// optional `(hostname)`, and `via` the server interface or the relay address.
const ACK = /^DHCPACK on (\d+\.\d+\.\d+\.\d+) to ([0-9a-f:]{17})(?: \(([^)]*)\))? via (\S+)$/gm;
// The lab's log() statement (OPTION82_LOG_STATEMENT, the format src/trigger reads):
// binary-to-ascii prints each byte in hex without its leading zero.
const OPTION82 = /^switchyard-option82 mac=([0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5}) circuit-id-hex=([0-9a-f]{1,2}(?::[0-9a-f]{1,2})*)$/gm;

/** Hex bytes as dhcpd prints them (`2:0:30`) → two digits each (`02:00:30`). */
function padHex(hex: string): string {
  return hex.split(':').map((b) => b.padStart(2, '0')).join(':');
}

/** Text → the hex bytes dhcpd prints for it. */
function dhcpdHex(text: string): string {
  return [...Buffer.from(text)].map((b) => b.toString(16)).join(':');
}

interface Ack {
  ip: string;
  mac: string;
  hostname: string | undefined;
  via: string;
}

function acks(log: string): Ack[] {
  return [...log.matchAll(ACK)].map((m) => ({ ip: m[1] ?? '', mac: m[2] ?? '', hostname: m[3], via: m[4] ?? '' }));
}

describeLab('ISC dhcpd, direct and behind dhcrelay', [...LAB_TOOLS, DHCPD, DHCRELAY], () => {
  let lab: Lab;
  before(async () => {
    lab = await createLab({
      dhcp: 'dhcpd',
      switches: [
        { name: 'leaf1', mac: '02:00:00:00:30:01', hostname: 'FS-LEAF1', frr: false },
        { name: 'anon', mac: '02:00:00:00:30:0a', hostname: null, frr: false },
        { name: 'fresh', mac: '02:00:00:00:30:02', hostname: 'Switch', frr: false, relay: { port: 'ge-1-0-7' } },
      ],
    });
  });
  after(async () => {
    await lab?.destroy();
  });

  test('a directly attached switch gets a DHCPACK with its MAC and hostname via the server port', () => {
    const leaf1 = lab.switch('leaf1');
    const ip = lab.lease('leaf1');
    assert.match(ip ?? '', /^192\.0\.2\.\d+$/);
    const mine = acks(lab.readDhcpLog()).filter((a) => a.mac === '02:00:00:00:30:01');
    assert.deepEqual(mine, [{ ip, mac: '02:00:00:00:30:01', hostname: 'FS-LEAF1', via: leaf1.dhcpVia }]);
    assert.equal(leaf1.dhcpVia, 'srv-p0');
  });

  test('without a client hostname the ACK line has no (…) part', () => {
    const mine = acks(lab.readDhcpLog()).filter((a) => a.mac === '02:00:00:00:30:0a');
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.hostname, undefined);
    assert.match(lab.readDhcpLog(), /^DHCPACK on 192\.0\.2\.\d+ to 02:00:00:00:30:0a via srv-p1$/m);
  });

  test('renew(name) makes dhcpd log another DHCPACK for the same lease', async () => {
    const before = lab.dhcpLogSize();
    const event = await lab.renew('leaf1');
    assert.equal(event.event, 'renew');
    assert.equal(event.ip, lab.lease('leaf1'));
    const m = await lab.waitForDhcpLog(/^DHCPACK on (\S+) to 02:00:00:00:30:01 \(FS-LEAF1\) via srv-p0$/, { from: before });
    assert.equal(m[1], event.ip);
  });

  test('behind the relay, the option-82 line carries the circuit-id (the relay port) before the DHCPACK', () => {
    const fresh = lab.switch('fresh');
    assert.equal(fresh.circuitId, 'ge-1-0-7');
    const ip = lab.lease('fresh');
    assert.match(ip ?? '', /^203\.0\.113\.\d+$/);
    const log = lab.readDhcpLog();
    const o82 = [...log.matchAll(OPTION82)].map((m) => ({ mac: padHex(m[1] ?? ''), circuitIdHex: m[2], at: m.index }));
    assert.deepEqual(
      o82.map(({ at: _at, ...rest }) => rest),
      [{ mac: '02:00:00:00:30:02', circuitIdHex: '67:65:2d:31:2d:30:2d:37' /* "ge-1-0-7" */ }],
    );
    // Relayed, `via` is the relay's address on the switch's port (the giaddr).
    const ackAt = log.indexOf(`DHCPACK on ${ip} to 02:00:00:00:30:02 (Switch) via ${fresh.dhcpVia}\n`);
    assert.ok(ackAt >= 0, log);
    assert.equal(fresh.dhcpVia, '203.0.113.17');
    assert.ok((o82[0]?.at ?? Infinity) < ackAt, 'the option-82 line is written at commit, before the REQUEST/ACK lines');
    assert.match(readFileSync(lab.relayLog ?? '', 'utf8'), /Forwarded BOOTREQUEST for 02:00:00:00:30:02 to 203\.0\.113\.1/);
  });

  test("the trigger's LeaseReader joins the real option-82 line to the real DHCPACK", () => {
    const reader = new LeaseReader();
    const events = lab.readDhcpLog().split('\n').map((line) => reader.read(line, `file:${lab.dhcpLog}`, Date.now())).filter((e) => e !== undefined);
    const fresh = events.find((e) => e.mac === '02:00:00:00:30:02');
    assert.equal(fresh?.circuitId, 'ge-1-0-7');
    assert.equal(fresh?.relay, '203.0.113.17');
    assert.equal(fresh?.hostname, 'Switch');
    const leaf1 = events.find((e) => e.mac === '02:00:00:00:30:01');
    assert.equal(leaf1?.circuitId, undefined);
    assert.equal(leaf1?.iface, 'srv-p0');
  });

  test('a booting relayed switch (fresh DISCOVER) is logged with its circuit-id again', async () => {
    await lab.stopDhcpClient('fresh');
    const before = lab.dhcpLogSize();
    const event = await lab.startDhcpClient('fresh');
    assert.equal(event.event, 'bound');
    await lab.waitForDhcpLog(new RegExp(`^switchyard-option82 mac=2:0:0:0:30:2 circuit-id-hex=${dhcpdHex('ge-1-0-7')}$`), { from: before });
    const m = await lab.waitForDhcpLog(/^DHCPACK on (\S+) to 02:00:00:00:30:02 \(Switch\) via 203\.0\.113\.17$/, { from: before });
    assert.equal(m[1], event.ip);
  });

  test('a unicast renewal behind the relay reaches dhcpd twice, each time with the stored circuit-id', async () => {
    const before = lab.dhcpLogSize();
    await lab.renew('fresh');
    // Once directly (via the server's interface) and once as dhcrelay's copy (via the giaddr).
    await lab.waitForDhcpLog(/^DHCPACK on \S+ to 02:00:00:00:30:02 \(Switch\) via relay0$/, { from: before });
    await lab.waitForDhcpLog(/^DHCPACK on \S+ to 02:00:00:00:30:02 \(Switch\) via 203\.0\.113\.17$/, { from: before });
    const lines = lab.readDhcpLog().slice(before).split('\n');
    const o82 = lines.filter((l) => l === `switchyard-option82 mac=2:0:0:0:30:2 circuit-id-hex=${dhcpdHex('ge-1-0-7')}`);
    // The direct copy carries no option 82, yet dhcpd logs the circuit-id stored with the lease.
    assert.equal(o82.length, 2, lines.join('\n'));
  });
});
