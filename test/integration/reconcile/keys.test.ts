/**
 * `switchyard keys list|accept|forget`: a changed host key is refused and recorded, never
 * pinned by itself; the operator accepts it (checking its fingerprint) or forgets the pin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostKeyStore, fingerprint } from '../../../src/device/index.js';
import { startExampleLab } from '../../helpers/example-lab.js';
import { runCli } from '../../helpers/cli.js';

const ACC1 = 'FS-S3900-ACC1';
/** Another unit's key (any valid key that the switch does not hold). */
const OTHER_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

test('a re-keyed switch is refused and its key recorded; keys accept pins exactly that key after checking the fingerprint', async (t) => {
  const ex = await startExampleLab('hq');
  t.after(() => ex.stop());
  const acc1 = ex.lab.device(ACC1);
  const cli = (...args: string[]) => runCli(['--root', ex.root, ...args]);
  const store = () => new HostKeyStore(ex.stateDir, { recheckMs: 0 });
  // The pin of an earlier unit in that place.
  await store().pin(acc1.host, acc1.port, OTHER_KEY);

  const refused = await cli('reconcile', '--site', 'hq', '--device', ACC1, '--endpoints', ex.endpointsFile);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout + refused.stderr, /host key mismatch[\s\S]*keys accept/);
  assert.equal(acc1.logins.length, 0, 'no password went to a key other than the pinned one');
  assert.deepEqual(await store().lookupAll(acc1.host, acc1.port), [OTHER_KEY], 'the pin is not replaced by itself');

  const listed = await cli('keys', 'list', '--site', 'hq', '--json', '--endpoints', ex.endpointsFile);
  assert.equal(listed.code, 0, listed.stderr);
  const row = (JSON.parse(listed.stdout) as Array<{ device: string; pinned: string[]; offered: Array<{ fingerprint: string }> }>).find((r) => r.device === ACC1)!;
  assert.deepEqual(row.pinned, [fingerprint(OTHER_KEY)]);
  assert.deepEqual(row.offered.map((o) => o.fingerprint), [fingerprint(acc1.hostKey)]);

  const bare = await cli('keys', 'accept', ACC1, '--endpoints', ex.endpointsFile);
  assert.equal(bare.code, 1, 'accepting needs the fingerprint read on the console');
  assert.match(bare.stderr, /--fingerprint/);
  const wrong = await cli('keys', 'accept', ACC1, '--endpoints', ex.endpointsFile, '--fingerprint', fingerprint(OTHER_KEY));
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /no refused key with fingerprint .* is recorded.*nothing pinned/);
  assert.deepEqual(await store().lookupAll(acc1.host, acc1.port), [OTHER_KEY]);

  const accepted = await cli('keys', 'accept', ACC1, '--endpoints', ex.endpointsFile, '--fingerprint', fingerprint(acc1.hostKey));
  assert.equal(accepted.code, 0, accepted.stderr);
  assert.match(accepted.stdout, new RegExp(`pinned ${fingerprint(acc1.hostKey).replace(/[+/]/g, '\\$&')}.*replacing ${fingerprint(OTHER_KEY).replace(/[+/]/g, '\\$&')}`));
  assert.deepEqual(await store().lookupAll(acc1.host, acc1.port), [acc1.hostKey]);
  const after = JSON.parse((await cli('keys', 'list', '--json', '--endpoints', ex.endpointsFile)).stdout) as Array<{ device: string; offered: unknown[] }>;
  assert.deepEqual(after.find((r) => r.device === ACC1)?.offered, [], 'the accepted offer is cleared');

  const ok = await cli('reconcile', '--site', 'hq', '--device', ACC1, '--endpoints', ex.endpointsFile);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
});

test('keys forget removes only that device\'s pin; keys accept --scan pins what the address presents without logging in', async (t) => {
  const ex = await startExampleLab('hq');
  t.after(() => ex.stop());
  const acc1 = ex.lab.device(ACC1);
  const cli = (...args: string[]) => runCli(['--root', ex.root, ...args]);
  const pinAll = await cli('reconcile', '--site', 'hq', '--check', '--endpoints', ex.endpointsFile);
  assert.equal(pinAll.code, 0, pinAll.stdout + pinAll.stderr);
  const knownHosts = () => readFile(join(ex.stateDir, 'known_hosts'), 'utf8');
  const before = (await knownHosts()).trim().split('\n');
  assert.equal(before.length, ex.lab.devices.length);

  const forgot = await cli('keys', 'forget', ACC1, '--endpoints', ex.endpointsFile);
  assert.equal(forgot.code, 0, forgot.stderr);
  assert.match(forgot.stdout, /pin removed/);
  const left = (await knownHosts()).trim().split('\n');
  assert.deepEqual(left, before.filter((l) => !l.startsWith(`[127.0.0.1]:${acc1.port} `)));
  assert.match((await cli('keys', 'forget', ACC1, '--endpoints', ex.endpointsFile)).stdout, /nothing was pinned/);

  const logins = acc1.logins.length;
  const misread = await cli('keys', 'accept', ACC1, '--scan', '--endpoints', ex.endpointsFile, '--fingerprint', fingerprint(OTHER_KEY));
  assert.equal(misread.code, 1);
  assert.match(misread.stderr, /nothing pinned/);
  const scanned = await cli('keys', 'accept', ACC1, '--scan', '--endpoints', ex.endpointsFile, '--fingerprint', fingerprint(acc1.hostKey));
  assert.equal(scanned.code, 0, scanned.stderr);
  assert.equal(acc1.logins.length, logins, 'a scan offers no credential');
  assert.deepEqual(await new HostKeyStore(ex.stateDir, { recheckMs: 0 }).lookupAll(acc1.host, acc1.port), [acc1.hostKey]);

  const unknown = await cli('keys', 'accept', 'NO-SUCH-SWITCH', '--fingerprint', fingerprint(acc1.hostKey));
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no device NO-SUCH-SWITCH/);
});
