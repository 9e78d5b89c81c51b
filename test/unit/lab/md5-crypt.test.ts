import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { md5Crypt, verifyMd5Crypt, isMd5CryptHash } from '../../../src/lab/md5-crypt.js';

// Vectors computed with `openssl passwd -1 -salt SALT PASSWORD` (OpenSSL 3.0), written by hand.
const KNOWN: readonly [string, string, string][] = [
  ['switchyard-demo', 'sy4rd', '$1$sy4rd$Age5NePyrpvBHOYx3xUO50'],
  ['admin', 'abcdefgh', '$1$abcdefgh$l/LAqC8oJERu7Cmx6trtY/'],
  ['', 'x', '$1$x$fwjfZtMwarkdetsjiQreU1'],
  ['a-very-long-password-longer-than-sixteen', '12', '$1$12$TYax2Dvz/InYcATTchqHp.'],
];

test('md5Crypt reproduces known openssl passwd -1 hashes', () => {
  for (const [pw, salt, hash] of KNOWN) assert.equal(md5Crypt(pw, salt), hash);
});

test('md5Crypt agrees with the openssl binary when it is installed', (t) => {
  const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    t.diagnostic('openssl not installed: the known vectors above cover the algorithm');
    return;
  }
  for (const [pw, salt] of [['switchyard-demo', 'sy4rd'], ['p@ss word', 'Zz9./'], ['12345678901234567890', 'saltsalt']] as const) {
    const out = spawnSync('openssl', ['passwd', '-1', '-salt', salt, pw], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(md5Crypt(pw, salt), out.stdout.trim(), `password ${pw}`);
  }
});

test('md5Crypt uses at most 8 salt characters, as crypt(3) does', () => {
  assert.equal(md5Crypt('admin', 'abcdefghijkl'), '$1$abcdefgh$l/LAqC8oJERu7Cmx6trtY/');
});

test('verifyMd5Crypt accepts the right password only', () => {
  assert.equal(verifyMd5Crypt('switchyard-demo', '$1$sy4rd$Age5NePyrpvBHOYx3xUO50'), true);
  assert.equal(verifyMd5Crypt('switchyard-dem0', '$1$sy4rd$Age5NePyrpvBHOYx3xUO50'), false);
  assert.equal(verifyMd5Crypt('switchyard-demo', 'switchyard-demo'), false);
});

test('isMd5CryptHash recognises the format', () => {
  assert.equal(isMd5CryptHash('$1$sy4rd$Age5NePyrpvBHOYx3xUO50'), true);
  assert.equal(isMd5CryptHash('$1$sy4rd$short'), false);
  assert.equal(isMd5CryptHash('$6$sy4rd$Age5NePyrpvBHOYx3xUO50'), false);
});
