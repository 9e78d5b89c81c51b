/**
 * The daemon receiving syslog over UDP and TCP; `rules import-sec` on the seed's SEC file
 * producing rules that `watch --replay` decides sample dhcpd lines with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturesDir } from '../../helpers/paths.js';
import { projectCopy, startCli, switchyard as run } from './helpers.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test('syslog over UDP (RFC 3164) and TCP (RFC 5424, octet counting) reaches the rules', { timeout: 120_000 }, async () => {
  const p = await projectCopy();
  const [udp, tcp] = [await freePort(), await freePort()];
  const d = startCli(['--root', p.root, 'watch', '--dry-run', '--json', '--syslog', `udp://127.0.0.1:${udp}`, '--syslog', `tcp://127.0.0.1:${tcp}`]);
  try {
    await d.waitFor(/"msg":"watching/);
    const client = createSocket('udp4');
    await new Promise<void>((r) => client.send('<30>Nov 27 20:50:41 dhcp1 dhcpd[2107]: DHCPACK on 10.10.0.2 to 64:9d:99:00:00:01 (FS-S5850-SRV) via eth0', udp, '127.0.0.1', () => r()));
    client.close();
    const m = '<30>1 2026-11-27T20:50:42Z dhcp1 dnsmasq-dhcp 11581 - - DHCPACK(eth0) 10.10.0.11 64:9d:99:00:01:01 FS-S3900-ACC1';
    const sock = connect(tcp, '127.0.0.1');
    await new Promise<void>((r) => sock.on('connect', () => r()));
    sock.end(`${Buffer.byteLength(m)} ${m}`);
    const a = JSON.parse(await d.waitFor(/"ip":"10\.10\.0\.2"/)) as Record<string, unknown>;
    const b = JSON.parse(await d.waitFor(/"ip":"10\.10\.0\.11"/)) as Record<string, unknown>;
    assert.deepEqual([a.action, a.device, b.action, b.device], ['reconcile', 'FS-S5850-SRV', 'reconcile', 'FS-S3900-ACC1']);
  } finally {
    d.child.kill('SIGTERM');
    assert.equal(await d.exited, 0);
    await p.done();
  }
});

test("rules import-sec converts the seed's SEC file; the rules decide sample dhcpd lines", { timeout: 120_000 }, async () => {
  const p = await projectCopy();
  try {
    const seed = join(fixturesDir, 'trigger', 'seed-dhcp.rules');
    const printed = await run(['--root', p.root, 'rules', 'import-sec', seed]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /exec: \['\/home\/ivan\/Documents\/logs\/compare\.sh'\]/);
    assert.equal(printed.stderr, '');
    const wrote = await run(['--root', p.root, 'rules', 'import-sec', seed, '--actions', 'native', '--out', 'rules/dhcp.yml', '--force']);
    assert.equal(wrote.code, 0, wrote.stderr);
    assert.match(wrote.stderr, /wrote 3 rules/);
    assert.match(await readFile(join(p.root, 'rules', 'dhcp.yml'), 'utf8'), /action: provision/);
    const refused = await run(['--root', p.root, 'rules', 'import-sec', seed, '--out', 'rules/dhcp.yml']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /exists/);
    const log = join(p.root, 'sample.log');
    const hexId = [...Buffer.from('FS-S5850-SRV eth-0-3')].map((b) => b.toString(16)).join(':');
    await writeFile(log, [
      'Nov 27 20:50:40 vm dhcpd[10257]: DHCPREQUEST for 10.10.0.2 (10.10.0.1) from 64:9d:99:00:00:01 (FS-S5850-SRV) via eth0',
      'Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on 10.10.0.2 to 64:9d:99:00:00:01 (FS-S5850-SRV) via eth0',
      'Nov 27 20:50:42 vm dhcpd[10257]: DHCPACK on 10.10.0.11 to 64:9d:99:00:01:01 (FS-S3900-ACC1) via 10.10.0.1',
      `Nov 27 20:50:43 vm dhcpd[10257]: switchyard-option82 mac=0:0:5e:0:53:1 circuit-id-hex=${hexId}`,
      'Nov 27 20:50:43 vm dhcpd[10257]: DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (Switch) via 10.10.0.1',
      'Nov 27 20:50:44 vm dhcpd[10257]: DHCPACK on 192.0.2.7 to 00:11:22:33:44:55 (laptop) via eth0',
      '',
    ].join('\n'));
    const r = await run(['--root', p.root, 'watch', '--replay', '--dry-run', '--json', '--input', log]);
    assert.equal(r.code, 0, r.stderr);
    const got = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).map((x) => [x.rule, x.action, x.device]);
    assert.deepEqual(got, [
      ['check-switch-config-s5850', 'reconcile', 'FS-S5850-SRV'],
      ['check-switch-config-s3900', 'reconcile', 'FS-S3900-ACC1'],
      ['check-for-something', 'provision', 'FS-S3900-NEW'],
      [null, 'ignore', null],
    ]);
    const human = await run(['--root', p.root, 'watch', '--replay', '--input', log]);
    assert.match(human.stdout, /^provision FS-S3900-NEW +rule=check-for-something ip=10\.10\.0\.99 mac=00:00:5e:00:53:01 host=Switch circuit-id=FS-S5850-SRV eth-0-3 /m);
  } finally {
    await p.done();
  }
});
