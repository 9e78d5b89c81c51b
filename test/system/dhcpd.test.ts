// ISC dhcpd in the server namespace, switches' udhcpc directly attached or behind
// dhcrelay -a: the DHCPACK lines and the option-82 line `switchyard watch` will read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLab, type Lab } from './lab/index.js';
import { DHCPD, DHCRELAY, LAB_TOOLS, labGate } from './prereq.js';

// Written from PLATFORM-NOTES (`dhcpd -d` writes the bare message): address, MAC,
// optional `(hostname)`, and `via` the server interface or the relay address.
const ACK = /^DHCPACK on (\d+\.\d+\.\d+\.\d+) to ([0-9a-f:]{17})(?: \(([^)]*)\))? via (\S+)$/gm;
// The lab's log() statement (see OPTION82_LOG_FORMAT).
const OPTION82 = /^switchyard-option82 ip=(\d+\.\d+\.\d+\.\d+) mac=([0-9a-f:]{17}) circuit-id=(\S+)$/gm;

interface Ack {
  ip: string;
  mac: string;
  hostname: string | undefined;
  via: string;
}

function acks(log: string): Ack[] {
  return [...log.matchAll(ACK)].map((m) => ({ ip: m[1] ?? '', mac: m[2] ?? '', hostname: m[3], via: m[4] ?? '' }));
}

describe('ISC dhcpd, direct and behind dhcrelay', labGate([...LAB_TOOLS, DHCPD, DHCRELAY]), () => {
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
    const o82 = [...log.matchAll(OPTION82)].map((m) => ({ ip: m[1], mac: m[2], circuitId: m[3], at: m.index }));
    assert.deepEqual(o82.map(({ at: _at, ...rest }) => rest), [{ ip, mac: '02:00:00:00:30:02', circuitId: 'ge-1-0-7' }]);
    // Relayed, `via` is the relay's address on the switch's port (the giaddr).
    const ackAt = log.indexOf(`DHCPACK on ${ip} to 02:00:00:00:30:02 (Switch) via ${fresh.dhcpVia}\n`);
    assert.ok(ackAt >= 0, log);
    assert.equal(fresh.dhcpVia, '203.0.113.17');
    assert.ok((o82[0]?.at ?? Infinity) < ackAt, 'the option-82 line is written at commit, before the REQUEST/ACK lines');
    assert.match(readFileSync(lab.relayLog ?? '', 'utf8'), /Forwarded BOOTREQUEST for 02:00:00:00:30:02 to 203\.0\.113\.1/);
  });

  test('a booting relayed switch (fresh DISCOVER) is logged with its circuit-id again', async () => {
    await lab.stopDhcpClient('fresh');
    const before = lab.dhcpLogSize();
    const event = await lab.startDhcpClient('fresh');
    assert.equal(event.event, 'bound');
    const m = await lab.waitForDhcpLog(/^switchyard-option82 ip=(\S+) mac=02:00:00:00:30:02 circuit-id=ge-1-0-7$/, { from: before });
    assert.equal(m[1], event.ip);
    await lab.waitForDhcpLog(/^DHCPACK on \S+ to 02:00:00:00:30:02 \(Switch\) via 203\.0\.113\.17$/, { from: before });
  });

  test('a unicast renewal behind the relay reaches dhcpd twice, each time with the stored circuit-id', async () => {
    const before = lab.dhcpLogSize();
    await lab.renew('fresh');
    // Once directly (via the server's interface) and once as dhcrelay's copy (via the giaddr).
    await lab.waitForDhcpLog(/^DHCPACK on \S+ to 02:00:00:00:30:02 \(Switch\) via relay0$/, { from: before });
    await lab.waitForDhcpLog(/^DHCPACK on \S+ to 02:00:00:00:30:02 \(Switch\) via 203\.0\.113\.17$/, { from: before });
    const lines = lab.readDhcpLog().slice(before).split('\n');
    const o82 = lines.filter((l) => l === `switchyard-option82 ip=${lab.lease('fresh')} mac=02:00:00:00:30:02 circuit-id=ge-1-0-7`);
    // The direct copy carries no option 82, yet dhcpd logs the circuit-id stored with the lease.
    assert.equal(o82.length, 2, lines.join('\n'));
  });
});
