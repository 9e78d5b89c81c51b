import { test } from 'node:test';
import assert from 'node:assert/strict';
import { md5Crypt, verifyMd5Crypt, isMd5CryptHash } from '../../../src/lab/md5-crypt.js';

// [password, salt, hash]: each hash is the output of `openssl passwd -1 -salt SALT PASSWORD`
// (OpenSSL 3.0.19; the UTF-8 one through -stdin), written here as a literal so the test
// checks the algorithm on any machine, openssl installed or not.
const KNOWN: readonly [string, string, string][] = [
  ['switchyard-demo', 'sy4rd', '$1$sy4rd$Age5NePyrpvBHOYx3xUO50'],
  ['admin', 'abcdefgh', '$1$abcdefgh$l/LAqC8oJERu7Cmx6trtY/'],
  ['', 'x', '$1$x$fwjfZtMwarkdetsjiQreU1'],
  ['a-very-long-password-longer-than-sixteen', '12', '$1$12$TYax2Dvz/InYcATTchqHp.'],
  ['p@ss word', 'Zz9./', '$1$Zz9./$dSZHAUz6P9A8spbsrBcbZ.'],
  ['12345678901234567890', 'saltsalt', '$1$saltsalt$Jvvs9lKqxdkMOrwexegXU.'],
  // Multi-byte UTF-8 in password and salt: the algorithm works on bytes, not characters.
  ['pässwörd', 'ümlaut', '$1$ümlaut$HEAaeEWZtCfLv2afJ/.Yn.'],
];

test('md5Crypt reproduces known openssl passwd -1 hashes', () => {
  for (const [pw, salt, hash] of KNOWN) assert.equal(md5Crypt(pw, salt), hash, `password ${JSON.stringify(pw)}, salt ${salt}`);
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
