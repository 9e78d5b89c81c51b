/**
 * Acceptance (issue #11 §3): a flood of factory switches that cannot be identified must
 * not delay a known switch. 100 DHCPACKs with hostname `Switch` from unique MACs, at
 * addresses where something accepts TCP and never speaks (the LLDP look-up hangs until
 * its connect timeout), fill the identification lane; a DHCPACK of a known switch still
 * starts its reconcile at once, and it is done against the simulated switch over SSH.
 * The look-ups run two at a time and give up after 5 s each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { HostKeyStore } from '../../../src/device/index.js';
import { requestControl, SOCKET_FILE, type WatchStatus } from '../../../src/trigger/index.js';
import { startExampleLab } from '../../helpers/example-lab.js';
import { jobFinished, startWatch } from '../../helpers/watch-daemon.js';
import { eventually, switchyard } from './helpers.js';

const CANDIDATES = 100;
const ack = (ip: string, mac: string, host: string) => `Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on ${ip} to ${mac} (${host}) via 192.0.2.1\n`;
const candidateIp = (i: number) => `192.0.2.${i + 1}`;
const candidateMac = (i: number) => `02:00:00:00:01:${i.toString(16).padStart(2, '0')}`;

/** A TCP server on ADDRESS that accepts every connection and never sends a byte. */
async function blackHole(address: string): Promise<{ port: number; accepted: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, address, resolve));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr !== null ? addr.port : 0,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

test('100 unidentifiable factory switches: a known switch\'s reconcile still starts within 1 s', { timeout: 180_000 }, async (t) => {
  const lab = await startExampleLab('hq');
  t.after(() => lab.stop());
  // The team's account goes to a lease's address only where a key is pinned, as a first
  // `switchyard reconcile` or `keys accept` would have pinned it.
  const srv = lab.lab.devices.find((d) => d.spec.name === 'FS-S5850-SRV')!;
  await new HostKeyStore(lab.stateDir).pin(srv.host, srv.port, srv.hostKey);
  const hole = await blackHole('127.0.0.2');
  t.after(() => hole.close());
  const endpoints = join(lab.root, 'flood-endpoints.json');
  const map: Record<string, string> = Object.fromEntries([...lab.endpoints].map(([name, e]) => [name, `${e.host}:${e.port}`]));
  for (let i = 0; i < CANDIDATES; i++) map[candidateIp(i)] = `127.0.0.2:${hole.port}`;
  await writeFile(endpoints, JSON.stringify(map));
  const log = join(lab.root, 'dhcpd.log');
  await writeFile(log, '');
  const daemon = await startWatch(lab.root, ['--input', log, '--endpoints', endpoints], { ...process.env, NO_COLOR: '1' });
  t.after(() => daemon.stop());

  await appendFile(log, Array.from({ length: CANDIDATES }, (_, i) => ack(candidateIp(i), candidateMac(i), 'Switch')).join(''));
  const socket = join(lab.root, '.switchyard', SOCKET_FILE);
  let status: WatchStatus | undefined;
  const identify = () => (status?.queue ?? []).filter((q) => q.kind === 'identify');
  await eventually(
    async () => {
      status = (await requestControl(socket, { op: 'status' }))?.status as WatchStatus | undefined;
      return identify().length === CANDIDATES && identify().some((q) => q.state === 'running') && hole.accepted() > 0;
    },
    60_000,
    'the candidates queued and the first look-ups hanging',
  );
  const running = identify().filter((q) => q.state === 'running').length;
  assert.ok(running <= 2, `at most 2 look-ups of unknown switches at once, saw ${running}`);
  const shown = await switchyard(['--root', lab.root, 'status']);
  assert.match(shown.stdout, /known switches: 0 of 8 running, 0 waiting; unknown switches to identify: [12] of 2 running, 9[89] waiting \(at most 128\)/, shown.stdout);

  const from = daemon.mark();
  const appended = Date.now();
  await appendFile(log, ack('10.10.0.2', '64:9d:99:00:00:01', 'FS-S5850-SRV'));
  const started = await daemon.waitFor('the reconcile of FS-S5850-SRV to start', (r) => r.msg === 'job started' && r.job === 'reconcile' && r.device === 'FS-S5850-SRV', {
    from,
    timeoutMs: 30_000,
  });
  const latency = Date.parse(String(started.time)) - appended;
  t.diagnostic(`known switch's job started ${latency} ms after its DHCPACK was written; ${running} look-ups running, ${CANDIDATES} candidates held`);
  assert.ok(latency < 1000, `the known switch's job started ${latency} ms after its DHCPACK was written`);
  const finished = await daemon.waitFor('FS-S5850-SRV reconciled', jobFinished('FS-S5850-SRV'), { from, timeoutMs: 60_000 });
  assert.equal(finished.status, 'ok', JSON.stringify(finished));
  assert.equal(finished.message, 'Configuration OK');

  // A look-up of an address that never answers gives up after 5 s (not a known switch's 15 s).
  const retried = await daemon.waitFor('a look-up to give up', (r) => r.msg === 'job will be retried' && r.job === 'identify', { timeoutMs: 30_000 });
  assert.match(String(retried.message), /no SSH login within 5000 ms/);
});
