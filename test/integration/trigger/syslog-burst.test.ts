/**
 * Acceptance (issue #11): 1,000 syslog datagrams sent in a burst to the daemon's UDP
 * listener are all decided, or, where the kernel still drops some, `switchyard status`
 * counts exactly the ones missing: what was decided plus what the kernel dropped is what
 * was sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { requestControl, SOCKET_FILE, type WatchStatus } from '../../../src/trigger/index.js';
import { eventually, projectCopy, startCli, switchyard as run } from './helpers.js';

const SENT = 1000;

/** A UDP port free a moment ago on loopback. */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(resolve));
  return port;
}

test('1,000 syslog datagrams in a burst: each is decided, or counted as dropped in `switchyard status`', { timeout: 120_000 }, async (t) => {
  const p = await projectCopy();
  t.after(() => p.done());
  const port = await freeUdpPort();
  const d = startCli(['--root', p.root, 'watch', '--dry-run', '--json', '--syslog', `udp://127.0.0.1:${port}`]);
  t.after(async () => {
    d.child.kill('SIGTERM');
    await d.exited;
  });
  const listening = JSON.parse(await d.waitFor(/"msg":"listening for syslog"/)) as { receiveBuffer: number };
  assert.ok(listening.receiveBuffer >= 2 * 212_992, `the start log gives the receive buffer the kernel granted (${listening.receiveBuffer})`);
  await d.waitFor(/"msg":"watching/);

  const client = createSocket('udp4');
  await new Promise<void>((resolve) => {
    let left = SENT;
    for (let i = 0; i < SENT; i++) {
      const line = `<30>Nov 27 20:50:41 dhcp1 dhcpd[2107]: DHCPACK on 10.99.${i >> 8}.${i & 255} to 02:00:00:99:${(i >> 8).toString(16)}:${(i & 255).toString(16)} via eth0`;
      client.send(line, port, '127.0.0.1', () => {
        if (--left === 0) resolve();
      });
    }
  });
  client.close();

  const decided = () => d.lines.filter((l) => l.includes('"action"') && l.includes('"ip":"10.99.')).length;
  const socket = join(p.root, '.switchyard', 'dry-run', SOCKET_FILE);
  let udp: WatchStatus['syslog'][number] | undefined;
  await eventually(
    async () => {
      const status = (await requestControl(socket, { op: 'status' }))?.status as WatchStatus | undefined;
      udp = status?.syslog.find((s) => s.address === `udp://127.0.0.1:${port}`);
      return udp !== undefined && udp.drops !== null && decided() + udp.drops === SENT;
    },
    30_000,
    'every datagram decided or counted as dropped',
  );
  t.diagnostic(`received ${udp!.received}, dropped by the kernel ${udp!.drops}, receive buffer ${udp!.receiveBuffer} bytes`);
  assert.equal(udp!.received, decided(), 'one decision per datagram received');
  assert.equal(udp!.received + udp!.drops!, SENT);

  const json = await run(['--root', p.root, 'status', '--dry-run', '--json']);
  const shown = (JSON.parse(json.stdout) as WatchStatus).syslog[0]!;
  assert.deepEqual([shown.received, shown.drops], [udp!.received, udp!.drops]);
  const human = await run(['--root', p.root, 'status', '--dry-run']);
  assert.match(human.stdout, new RegExp(`udp://127\\.0\\.0\\.1:${port}  received ${udp!.received} datagrams, ${udp!.drops} dropped by the kernel \\(receive buffer ${udp!.receiveBuffer} bytes\\)`), human.stdout);
});
