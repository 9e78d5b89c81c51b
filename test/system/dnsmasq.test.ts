// dnsmasq as the lab's DHCP server: its --log-dhcp lines and its --dhcp-script calls,
// directly and behind dhcrelay -a.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab, type Lab } from './lab/index.js';
import { describeLab, DHCRELAY, DNSMASQ, LAB_TOOLS } from './prereq.js';
import { waitFor } from './lab/exec.js';

// From docs/platforms.md: `DHCPACK(IFACE) IP MAC HOSTNAME`, a trailing space without hostname.
const ACK = /^\w{3} [ \d]\d \d\d:\d\d:\d\d dnsmasq-dhcp\[\d+\]: \d+ DHCPACK\((\S+)\) (\S+) ([0-9a-f:]{17}) ?(\S*)$/gm;

describeLab('dnsmasq, log and --dhcp-script', [...LAB_TOOLS, DNSMASQ, DHCRELAY], () => {
  let lab: Lab;
  let scratch: string;
  let calls: string;
  let where: string;
  let built = 0;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sy-dnsmasq-'));
    calls = join(scratch, 'calls');
    const script = join(scratch, 'hook');
    // One line per call: the arguments, then the circuit-id dnsmasq passes for relayed clients.
    where = join(scratch, 'where');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `echo "$* circuit-id=\${DNSMASQ_CIRCUIT_ID:-}" >> ${calls}`,
        // Where the script runs, and what it sees after stepping out to the root namespace.
        `{ ip netns identify $$; nsenter --net="$SWITCHYARD_LAB_ROOT_NETNS" -- ip -o link show; } > ${where}.tmp 2>&1`,
        `mv ${where}.tmp ${where}`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    lab = await createLab({
      dhcp: 'dnsmasq',
      dhcpScript: script,
      switches: [
        { name: 'leaf2', mac: '02:00:00:00:40:01', hostname: 'FS-LEAF2', frr: false },
        { name: 'anon2', mac: '02:00:00:00:40:0b', hostname: null, frr: false },
        { name: 'fresh2', mac: '02:00:00:00:40:02', hostname: 'Switch', frr: false, relay: true },
      ],
    });
    built = Date.now(); // every first lease was granted before this
  });
  after(async () => {
    await lab?.destroy();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const callLines = (): string[] => readFileSync(calls, 'utf8').trim().split('\n');

  test('the log file holds a DHCPACK line per lease: interface, address, MAC, hostname', () => {
    assert.equal(lab.dhcpServer, 'dnsmasq');
    const found = [...lab.readDhcpLog().matchAll(ACK)].map((m) => [m[1], m[2], m[3], m[4]]);
    assert.deepEqual(
      found.sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
      [
        ['srv-p0', lab.lease('leaf2'), '02:00:00:00:40:01', 'FS-LEAF2'],
        ['relay0', lab.lease('fresh2'), '02:00:00:00:40:02', 'Switch'],
        ['srv-p1', lab.lease('anon2'), '02:00:00:00:40:0b', ''],
      ],
    );
    assert.match(lab.readDhcpLog(), / DHCPACK\(srv-p1\) \S+ 02:00:00:00:40:0b $/m, 'no hostname: the line ends in a space');
  });

  test('behind the relay dnsmasq logs option 82 as hex in the same transaction', () => {
    const hex = Buffer.from('eth-0-1').toString('hex').match(/../g)?.join(':');
    const m = new RegExp(`^.* (\\d+) sent size: +\\d+ option: 82 agent-id +01:07:${hex}$`, 'm').exec(lab.readDhcpLog());
    assert.ok(m, lab.readDhcpLog());
    assert.match(lab.readDhcpLog(), new RegExp(` ${m[1]} DHCPACK\\(relay0\\) \\S+ 02:00:00:00:40:02 Switch$`, 'm'));
  });

  test('the --dhcp-script is called with add MAC IP HOSTNAME, and the circuit-id for the relayed switch', async () => {
    await waitFor('three script calls', () => (callLines().length >= 3 ? true : undefined));
    assert.deepEqual(callLines().sort(), [
      `add 02:00:00:00:40:01 ${lab.lease('leaf2')} FS-LEAF2 circuit-id=`,
      `add 02:00:00:00:40:02 ${lab.lease('fresh2')} Switch circuit-id=eth-0-1`,
      `add 02:00:00:00:40:0b ${lab.lease('anon2')} circuit-id=`,
    ]);
  });

  test('the script runs in the server namespace and reaches the root namespace through lab.rootNetns', async () => {
    // Each call rewrites the file; wait for one complete write.
    const text = await waitFor('the script to record where it runs', () => {
      const t = readFileSync(where, 'utf8');
      return /^\d+: sylab-m0@/m.test(t) || /nsenter:/.test(t) ? t : undefined;
    }).catch(() => readFileSync(where, 'utf8'));
    const [ns, ...links] = text.trim().split('\n');
    assert.equal(ns, 'sylab-dhcp');
    assert.ok(links.some((l) => /^\d+: sylab-m0@/.test(l)), text);
  });

  test('a renewal is logged but, without --script-on-renewal, calls no script', async () => {
    // Lease expiry has one-second resolution: a renewal in the second of the grant changes
    // nothing and would call no script even with --script-on-renewal. Renew a second later.
    const wait = built + 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const before = lab.dhcpLogSize();
    const callsBefore = callLines().length;
    await lab.renew('leaf2');
    await lab.waitForDhcpLog(/ DHCPACK\(srv-p0\) \S+ 02:00:00:00:40:01 FS-LEAF2$/, { from: before });
    // A marker that does call the script, after the renewal: dnsmasq runs its script calls
    // one at a time, in the order of the events, so once the marker's call is written a
    // call for the renewal would have been written before it.
    await lab.stopDhcpClient('anon2');
    await lab.startDhcpClient('anon2');
    await waitFor('the marker call', () => (callLines().length > callsBefore ? true : undefined));
    assert.deepEqual(callLines().slice(callsBefore), [`old 02:00:00:00:40:0b ${lab.lease('anon2')} circuit-id=`]);
  });

  test('a fresh DISCOVER of a known client calls the script with old', async () => {
    await lab.stopDhcpClient('leaf2');
    await lab.startDhcpClient('leaf2');
    await waitFor('the old call', () => (callLines().some((l) => l.startsWith('old 02:00:00:00:40:01')) ? true : undefined));
    assert.ok(callLines().includes(`old 02:00:00:00:40:01 ${lab.lease('leaf2')} FS-LEAF2 circuit-id=`));
  });
});
