/**
 * checkConvergence: whether the platform model says a remediation reaches its target, and
 * in words why not (`switchyard diff` prints it as a warning).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConvergence, remediate } from '../../../src/config/index.js';
import { getPlatform } from '../../../src/platforms/index.js';

const rules = getPlatform('fsos-s5850').config;

test('the remediation of a config reaches its target: no reason', () => {
  const running = 'hostname A\ninterface eth-0-1\n description old\n';
  const desired = 'hostname B\ninterface eth-0-1\n description new\n switchport access vlan 10\n';
  assert.equal(checkConvergence(running, desired, remediate(running, desired, rules).commands, rules), undefined);
});

test('commands that stop short of the target are named as not reaching it', () => {
  assert.match(checkConvergence('hostname A\n', 'hostname B\n', [], rules) ?? '', /do not fully reach the target config/);
});

test('a command the device would refuse is a reason, with the refusal in it, not a throw', () => {
  assert.match(checkConvergence('hostname A\n', 'hostname A\n', ['exit'], rules) ?? '', /predicts a refusal: `exit` at the top of config mode/);
});
