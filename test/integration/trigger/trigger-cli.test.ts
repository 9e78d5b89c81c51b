/**
 * `switchyard trigger` as the DHCP servers call it (directly, and through the contrib hook
 * scripts), with and without a running daemon; `status` against the daemon.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths.js';
import { CLI, projectCopy, runProgram, startCli, switchyard as runCli, type Run } from './helpers.js';

const switchyard = (root: string, args: readonly string[], env: Record<string, string> = {}) => runCli(['--root', root, ...args], env, false);
const run = (argv: readonly string[], env: Record<string, string>) => runProgram(argv, env, false);
const decisions = (r: Run) => r.stdout.split('\n').filter((l) => l.startsWith('{') && l.includes('"action"')).map((l) => JSON.parse(l) as Record<string, unknown>);
const hex = (text: string) => [...Buffer.from(text)].map((b) => b.toString(16).padStart(2, '0')).join(':');

test('dnsmasq-style argv and DNSMASQ_* environment give the right event (no daemon, dry run)', async () => {
  const p = await projectCopy();
  try {
    const r = await switchyard(p.root, ['trigger', '--dry-run', '--json', '--', 'add', '00:00:5e:00:53:01', '10.10.0.99', 'Switch'], { DNSMASQ_CIRCUIT_ID: hex('FS-S5850-SRV eth-0-3'), DNSMASQ_RELAY_ADDRESS: '10.10.0.1', DNSMASQ_INTERFACE: 'eth1' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(decisions(r).map((d) => [d.ip, d.mac, d.hostname, d.circuitId, d.rule, d.action, d.device]), [
      ['10.10.0.99', '00:00:5e:00:53:01', 'Switch', 'FS-S5850-SRV eth-0-3', 'new-switch', 'provision', 'FS-S3900-NEW'],
    ]);
    const del = await switchyard(p.root, ['trigger', '--dry-run', '--json', '--', 'del', '00:00:5e:00:53:01', '10.10.0.99']);
    assert.deepEqual([del.code, del.stdout], [0, '']);
  } finally {
    await p.done();
  }
});

test('Kea-style environment (LEASE4_*, QUERY4_OPTION_82_SUB_OPTION_1 in hex) gives the right event', async () => {
  const p = await projectCopy();
  try {
    const r = await switchyard(p.root, ['trigger', '--dry-run', '--json', '--', 'lease4_renew'], {
      LEASE4_ADDRESS: '10.10.0.98',
      LEASE4_HWADDR: '00:00:5e:00:53:02',
      LEASE4_HOSTNAME: 'switch',
      QUERY4_OPTION_82_SUB_OPTION_1: `0x${Buffer.from('FS-S5850-SRV eth-0-5').toString('hex').toUpperCase()}`,
      QUERY4_GIADDR: '10.10.0.1',
    });
    assert.equal(r.code, 0, r.stderr);
    // Kea lower-cases hostnames: the seed's `DHCPACK.*Switch` does not match `switch`.
    assert.deepEqual(decisions(r).map((d) => [d.ip, d.mac, d.hostname, d.circuitId, d.action]), [['10.10.0.98', '00:00:5e:00:53:02', 'switch', 'FS-S5850-SRV eth-0-5', 'ignore']]);
    const bad = await switchyard(p.root, ['trigger', '--dry-run', '--ip', '10.0.0.1; reboot', '--mac', '00:00:5e:00:53:02']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not an IPv4 address/);
  } finally {
    await p.done();
  }
});

test('with a daemon running, the contrib hooks hand events over; status shows them', { timeout: 120_000 }, async () => {
  const p = await projectCopy();
  const sock = join(p.root, '.switchyard', 'dry-run', 'watch.sock');
  const d = startCli(['--root', p.root, 'watch', '--dry-run', '--json', '--input', join(p.root, 'none.log')]);
  try {
    await d.waitFor(/"msg":"watching/);
    // The hooks call $SWITCHYARD; here that is the CLI from source.
    const bin = join(p.root, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'switchyard'), `#!/bin/sh\nexec "${process.execPath}" --import tsx "${CLI}" "$@"\n`);
    await chmod(join(bin, 'switchyard'), 0o755);
    const env = { SWITCHYARD: join(bin, 'switchyard'), SWITCHYARD_ROOT: p.root, SWITCHYARD_SOCKET: sock };
    const dns = await run([join(repoRoot, 'contrib/hooks/dnsmasq-dhcp-script'), 'add', '64:9d:99:00:00:01', '10.10.0.2', 'FS-S5850-SRV'], { ...env, DNSMASQ_INTERFACE: 'eth0' });
    assert.equal(dns.code, 0, dns.stderr);
    assert.match(dns.stdout, /reconcile FS-S5850-SRV +rule=fs-s5850 ip=10\.10\.0\.2/);
    // A hostname that looks like an option stays a hostname (the hooks pass `--`).
    const sneaky = await run([join(repoRoot, 'contrib/hooks/dnsmasq-dhcp-script'), 'add', '00:00:5e:00:53:03', '10.10.0.97', '--root=/tmp'], env);
    assert.equal(sneaky.code, 0, sneaky.stderr);
    assert.match(sneaky.stdout, /ignore .* host=--root=\/tmp/);
    const kea = await run([join(repoRoot, 'contrib/hooks/kea-run-script'), 'leases4_committed'], { ...env, LEASES4_SIZE: '1', LEASES4_AT0_ADDRESS: '10.10.0.11', LEASES4_AT0_HWADDR: '64:9d:99:00:01:01', LEASES4_AT0_HOSTNAME: 'fs-s3900-acc1' });
    assert.equal(kea.code, 0, kea.stderr);
    await d.waitFor(/"ip":"10\.10\.0\.11"/);
    const status = await switchyard(p.root, ['status', '--dry-run', '--json']);
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout) as { running: boolean; dryRun: boolean; counters: { decisions: number }; recent: { ip: string }[] };
    assert.deepEqual([s.running, s.dryRun, s.counters.decisions], [true, true, 3]);
    assert.deepEqual(s.recent.map((x) => x.ip), ['10.10.0.2', '10.10.0.97', '10.10.0.11']);
    const human = await switchyard(p.root, ['status', '--dry-run']);
    assert.match(human.stdout, /watch daemon: running \(pid \d+/);
    assert.match(human.stdout, /recent decisions \(3, newest last\)/);
    d.child.kill('SIGTERM');
    assert.equal(await d.exited, 0);
    // Stopped: status shows what it last published, says so, and exits 3.
    const after = await switchyard(p.root, ['status', '--dry-run']);
    assert.equal(after.code, 3);
    assert.match(after.stdout, /watch daemon: not running \(last status/);
  } finally {
    d.child.kill('SIGKILL');
    await p.done();
  }
});
