import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Masker, MASK } from '../../../src/device/masking.js';

test('literal secrets are masked wherever they appear', () => {
  const m = new Masker(['hunter2', undefined, '']);
  assert.equal(m.mask('Password: hunter2\nxhunter2x'), `Password: ${MASK}\nx${MASK}x`);
});

test('a secret that contains another is masked whole', () => {
  const m = new Masker(['abc', 'abcdef']);
  assert.equal(m.mask('abcdef abc'), `${MASK} ${MASK}`);
});

test('regex characters in a secret are taken literally', () => {
  const m = new Masker(['a.b*c']);
  assert.equal(m.mask('aXbbc a.b*c'), `aXbbc ${MASK}`);
});

test('config secret forms are masked: secret 5, password 7, SNMP community, keys', () => {
  const m = new Masker([]);
  const text = [
    'username netops privilege 4 secret 5 $1$sy4rd$X3XcBgPr7bQvTbOIFcSTn/',
    'username netops password 7 0822455D0A16',
    'snmp-server community ro-hq read-only',
    'tacacs-server key s3cret',
    ' key-string 7 ABCDEF',
  ].join('\n');
  assert.equal(
    m.mask(text),
    [
      `username netops privilege 4 secret 5 ${MASK}`,
      `username netops password 7 ${MASK}`,
      `snmp-server community ${MASK} read-only`,
      `tacacs-server key ${MASK}`,
      ` key-string 7 ${MASK}`,
    ].join('\n'),
  );
});

test('lines without secrets are unchanged', () => {
  const m = new Masker(['pw-not-here']);
  const text = 'interface eth-0-1\n description uplink\n switchport mode trunk';
  assert.equal(m.mask(text), text);
});
