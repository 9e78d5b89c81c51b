import { test } from 'node:test';
import assert from 'node:assert/strict';
import ssh2 from 'ssh2';
import { generateHostKey } from '../../../src/lab/index.js';

// ssh2 1.17's generateKeyPairSync('ed25519') makes, about once in 256, a key its own
// parseKey rejects (`Malformed OpenSSH private key`): a scripted switch built on such a key
// failed to start. Without the retry in generateHostKey, 2000 keys hold at least one bad
// one with a probability of 1 - (255/256)^2000 ≈ 99.96 %.
const KEYS = 2000;

test(`generateHostKey: ${KEYS} ed25519 keys, each one parsed back by ssh2, with its public line`, () => {
  for (let i = 0; i < KEYS; i++) {
    const key = generateHostKey();
    const parsed = ssh2.utils.parseKey(key.privateKey);
    assert.ok(!(parsed instanceof Error), `key ${i}: ${parsed instanceof Error ? parsed.message : ''}`);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    assert.equal(key.publicLine, `ssh-ed25519 ${first?.getPublicSSH().toString('base64')}`);
  }
});
