import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { HostKeyStore, fingerprint, hostToken } from '../../../src/device/host-keys.js';

const KEY_A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOKSMVTcw3/nrFzfVUyZWSK1ACnpwB9DWrgDM/4aHGED';
const KEY_B = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDTb1i6wCbCOgNEQh0G4ixt1bL+PC4Zn44o7WPqGf4e5';

async function tempState(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sy-hostkeys-'));
}

test('hostToken follows OpenSSH: bare host on 22, [host]:port otherwise', () => {
  assert.equal(hostToken('10.0.0.1', 22), '10.0.0.1');
  assert.equal(hostToken('127.0.0.1', 2201), '[127.0.0.1]:2201');
  assert.equal(hostToken('SW1.Example.NET', 22), 'sw1.example.net');
});

test('fingerprint is SHA256 of the key blob, base64 without padding (ssh-keygen -l)', () => {
  const blob = Buffer.from(KEY_A.split(' ')[1]!, 'base64');
  const expected = 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
  assert.equal(fingerprint(KEY_A), expected);
  assert.ok(!fingerprint(KEY_A).endsWith('='));
});

test('an empty state folder has no pins; a pin is found again, in OpenSSH line format', async () => {
  const dir = await tempState();
  const store = new HostKeyStore(join(dir, 'state'));
  assert.equal(await store.lookup('127.0.0.1', 2201), undefined);
  await store.pin('127.0.0.1', 2201, `${KEY_A} comment-dropped`);
  assert.equal(await store.lookup('127.0.0.1', 2201), KEY_A);
  assert.equal(await store.lookup('127.0.0.1', 2202), undefined);
  assert.equal(await readFile(join(dir, 'state', 'known_hosts'), 'utf8'), `[127.0.0.1]:2201 ${KEY_A}\n`);
  await rm(dir, { recursive: true });
});

test('re-pinning replaces the old key and keeps other lines, comments and hashed entries', async () => {
  const dir = await tempState();
  const file = join(dir, 'known_hosts');
  const original = [
    '# managed by switchyard',
    `|1|abc=|def= ${KEY_B}`,
    `10.0.0.5,[127.0.0.1]:2201 ${KEY_A}`,
    `[127.0.0.1]:2202 ${KEY_B}`,
    '',
  ].join('\n');
  await writeFile(file, original);
  const store = new HostKeyStore(dir);
  assert.equal(await store.lookup('10.0.0.5', 22), KEY_A);
  await store.pin('127.0.0.1', 2201, KEY_B);
  assert.equal(await store.lookup('127.0.0.1', 2201), KEY_B);
  assert.equal(await store.lookup('10.0.0.5', 22), KEY_A);
  assert.equal(
    await readFile(file, 'utf8'),
    ['# managed by switchyard', `|1|abc=|def= ${KEY_B}`, `10.0.0.5 ${KEY_A}`, `[127.0.0.1]:2202 ${KEY_B}`, `[127.0.0.1]:2201 ${KEY_B}`, ''].join('\n'),
  );
  await rm(dir, { recursive: true });
});

test('a file changed by another writer is re-read once the recheck interval has passed', async () => {
  const dir = await tempState();
  const store = new HostKeyStore(dir, { recheckMs: 0 });
  await store.pin('127.0.0.1', 2201, KEY_A);
  assert.equal(await store.lookup('127.0.0.1', 2201), KEY_A);
  await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:2201 ${KEY_B}\n[127.0.0.1]:2203 ${KEY_A}\n`);
  assert.equal(await store.lookup('127.0.0.1', 2201), KEY_B);
  assert.equal(await store.lookup('127.0.0.1', 2203), KEY_A);
  await rm(dir, { recursive: true });
});

test('many concurrent pins in one process all land', async () => {
  const dir = await tempState();
  const store = new HostKeyStore(dir);
  await Promise.all(Array.from({ length: 200 }, (_, i) => store.pin('127.0.0.1', 3000 + i, i % 2 ? KEY_A : KEY_B)));
  const lines = (await readFile(join(dir, 'known_hosts'), 'utf8')).trim().split('\n');
  assert.equal(lines.length, 200);
  const fresh = new HostKeyStore(dir);
  for (let i = 0; i < 200; i++) assert.equal(await fresh.lookup('127.0.0.1', 3000 + i), i % 2 ? KEY_A : KEY_B);
  await rm(dir, { recursive: true });
});

test('concurrent writers in separate processes do not lose each other’s pins', async () => {
  const dir = await tempState();
  const script = `
    import { HostKeyStore } from ${JSON.stringify(new URL('../../../src/device/host-keys.ts', import.meta.url).href)};
    const [dir, base] = process.argv.slice(1);
    const store = new HostKeyStore(dir);
    for (let i = 0; i < 25; i++) await store.pin('127.0.0.1', Number(base) + i, ${JSON.stringify(KEY_A)});
  `;
  const runChild = (base: number): Promise<number> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir, String(base)], { stdio: 'inherit' });
      child.on('close', (code) => resolve(code ?? 1));
    });
  const codes = await Promise.all([runChild(4000), runChild(5000), runChild(6000)]);
  assert.deepEqual(codes, [0, 0, 0]);
  const store = new HostKeyStore(dir);
  for (const base of [4000, 5000, 6000]) for (let i = 0; i < 25; i++) assert.equal(await store.lookup('127.0.0.1', base + i), KEY_A, `port ${base + i}`);
  await rm(dir, { recursive: true });
});

test('a stale lock left by a dead writer is broken; a fresh one is waited for', async () => {
  const dir = await tempState();
  const lock = join(dir, 'known_hosts.lock');
  await writeFile(lock, '999999\n');
  const old = new Date(Date.now() - 60_000);
  const { utimes } = await import('node:fs/promises');
  await utimes(lock, old, old);
  const store = new HostKeyStore(dir);
  await store.pin('127.0.0.1', 2201, KEY_A);
  assert.equal(await store.lookup('127.0.0.1', 2201), KEY_A);
  await rm(dir, { recursive: true });
});

test('within the recheck interval lookups use the last read; our own pins are seen at once', async () => {
  const dir = await tempState();
  const store = new HostKeyStore(dir, { recheckMs: 60_000 });
  await store.pin('127.0.0.1', 2201, KEY_A);
  assert.equal(await store.lookup('127.0.0.1', 2201), KEY_A);
  await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:2201 ${KEY_B}\n`);
  assert.equal(await store.lookup('127.0.0.1', 2201), KEY_A, 'not re-read yet');
  await store.pin('127.0.0.1', 2202, KEY_B);
  assert.equal(await store.lookup('127.0.0.1', 2202), KEY_B, 'own pin visible at once');
  assert.equal(await store.lookup('127.0.0.1', 2201), KEY_B, 'the write re-read the file under the lock');
  await rm(dir, { recursive: true });
});

test('pinning something that is not a public key is refused', async () => {
  const dir = await tempState();
  const store = new HostKeyStore(dir);
  await assert.rejects(store.pin('127.0.0.1', 2201, 'garbage'), { code: 'STATE_IO' });
  await rm(dir, { recursive: true });
});

test('an automatic pin (ifAbsent) never replaces a pin another writer made; an operator pin replaces it', async () => {
  const dir = await tempState();
  const state = join(dir, 'state');
  const mine = new HostKeyStore(state, { recheckMs: 0 });
  const other = new HostKeyStore(state, { recheckMs: 0 });
  await other.pin('10.0.0.9', 22, KEY_B);
  assert.deepEqual(await mine.pin('10.0.0.9', 22, KEY_A, { ifAbsent: true }), [KEY_B], 'the existing pin is kept and reported');
  assert.deepEqual(await mine.lookupAll('10.0.0.9', 22), [KEY_B]);
  assert.deepEqual(await mine.pin('10.0.0.10', 22, KEY_A, { ifAbsent: true }), [KEY_A]);
  assert.deepEqual(await mine.pin('10.0.0.9', 22, KEY_A), [KEY_A]);
  assert.deepEqual(await other.lookupAll('10.0.0.9', 22), [KEY_A]);
  await rm(dir, { recursive: true });
});

test('one address has one token: [host]:22, IPv6 spellings, a trailing dot, upper case all find the pin', async () => {
  assert.equal(hostToken('2001:0db8:0::b', 22), hostToken('2001:db8::b', 22));
  assert.equal(hostToken('[2001:db8::B]', 830), '[2001:db8::b]:830');
  assert.equal(hostToken('Switch1.Example.', 22), 'switch1.example');
  const dir = await tempState();
  const state = join(dir, 'state');
  await mkdir(state, { recursive: true });
  await writeFile(join(state, 'known_hosts'), `[10.10.0.11]:22 ${KEY_A}\n2001:0db8:0::b ${KEY_B}\nsw9.example. ${KEY_A}\n`);
  const store = new HostKeyStore(state);
  assert.deepEqual(await store.lookupAll('10.10.0.11', 22), [KEY_A]);
  assert.deepEqual(await store.lookupAll('2001:db8::b', 22), [KEY_B]);
  assert.deepEqual(await store.lookupAll('SW9.example', 22), [KEY_A]);
  await rm(dir, { recursive: true });
});

test('a key marked @revoked is no pin, for any host', async () => {
  const dir = await tempState();
  const state = join(dir, 'state');
  await mkdir(state, { recursive: true });
  await writeFile(join(state, 'known_hosts'), `10.0.0.1 ${KEY_A}\n10.0.0.2 ${KEY_B}\n@revoked * ${KEY_A}\n`);
  const store = new HostKeyStore(state);
  assert.deepEqual(await store.lookupAll('10.0.0.1', 22), []);
  assert.deepEqual(await store.lookupAll('10.0.0.2', 22), [KEY_B]);
  assert.deepEqual(await store.revoked(), [KEY_A]);
  assert.ok(!(await store.all()).has('@revoked'));
  await rm(dir, { recursive: true });
});
