/**
 * Secrets never reach a diff or a report: passwords, `secret 5 …`, `password 7 …`, SNMP
 * communities and keys are masked; lines that only mention the words are left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets, unifiedDiff } from '../../../src/config/index.js';
import { FSOS_S5850_CONFIG } from '../../../src/platforms/fsos-s5850/config.js';
import { FSOS_S3900_CONFIG } from '../../../src/platforms/fsos-s3900/config.js';
import { IOS_CONFIG } from '../../../src/platforms/ios/config.js';
import { FRR_CONFIG } from '../../../src/platforms/frr/config.js';

const ALL = [FSOS_S5850_CONFIG, FSOS_S3900_CONFIG, IOS_CONFIG, FRR_CONFIG];

const CASES: [string, string][] = [
  ['username netops privilege 4 secret 5 $1$sy4rd$X3XcBgPr7bQvTbOIFcSTn/', 'username netops privilege 4 secret 5 <masked>'],
  ['username netops password 7 $1$sy4rd$X3XcBgPr7bQvTbOIFcSTn/', 'username netops password 7 <masked>'],
  ['enable secret 5 $1$abcd$0123456789abcdefghijkl', 'enable secret 5 <masked>'],
  ['enable password cisco123', 'enable password <masked>'],
  ['snmp-server community ro-hq RO', 'snmp-server community <masked> RO'],
  ['snmp-server community ro-hq read-only', 'snmp-server community <masked> read-only'],
  ['tacacs-server key 7 0822455D0A16', 'tacacs-server key 7 <masked>'],
  ['radius-server key s3cr3t', 'radius-server key <masked>'],
  [' key-string 7 045802150C2E', ' key-string 7 <masked>'],
  ['ntp authentication-key 1 md5 n7pK3y 7', 'ntp authentication-key 1 md5 <masked> 7'],
  [' ip ospf message-digest-key 1 md5 0sPfK3y', ' ip ospf message-digest-key 1 md5 <masked>'],
  [' neighbor 192.0.2.1 password bgpS3cret', ' neighbor 192.0.2.1 password <masked>'],
];

const UNTOUCHED = ['service password-encryption', 'security passwords min-length 8', 'snmp-server location hq', 'key chain OSPF', 'hostname secret-lab'];

for (const [line, masked] of CASES) {
  test(`masks: ${masked}`, () => {
    for (const rules of ALL) assert.equal(maskSecrets(line, rules), masked);
  });
}

test('lines that only mention secret words are not changed', () => {
  for (const rules of ALL) for (const line of UNTOUCHED) assert.equal(maskSecrets(line, rules), line);
});

test('masks every line of a multi-line text and keeps the line structure', () => {
  const text = 'hostname SW1\nusername a secret 5 X1\nusername b secret 5 X2\n';
  assert.equal(maskSecrets(text, IOS_CONFIG), 'hostname SW1\nusername a secret 5 <masked>\nusername b secret 5 <masked>\n');
});

test('a changed password shows in the unified diff as a changed line, never in clear', () => {
  const diff = unifiedDiff('hostname SW1\nusername netops secret 5 OLDHASH\n', 'hostname SW1\nusername netops secret 5 NEWHASH\n', IOS_CONFIG);
  assert.match(diff, /^-username netops secret 5 <masked>$/m);
  assert.match(diff, /^\+username netops secret 5 <masked>$/m);
  assert.doesNotMatch(diff, /OLDHASH|NEWHASH/);
});

test('the unified diff is of normalised configs: empty when they mean the same', () => {
  assert.equal(unifiedDiff('Building configuration...\n!\nhostname SW1\n!\nend\n', 'hostname   SW1\n', IOS_CONFIG), '');
});

test('the unified diff names the two sides with the given labels', () => {
  const diff = unifiedDiff('hostname A\n', 'hostname B\n', IOS_CONFIG, { from: 'sw1 running', to: 'baselines/hq/sw1.cfg' });
  assert.equal(diff, '--- sw1 running\n+++ baselines/hq/sw1.cfg\n@@ -1,1 +1,1 @@\n-hostname A\n+hostname B\n');
});
