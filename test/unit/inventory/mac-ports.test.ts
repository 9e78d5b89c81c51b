import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePorts, normaliseMac, normalisePort } from '../../../src/inventory/index.js';

test('MACs in every common spelling normalise to lower-case colon form', () => {
  for (const spelling of ['64:9d:99:00:01:0a', '64:9D:99:00:01:0A', '64-9D-99-00-01-0A', '649d.9900.010a', '649D9900010A', '64:9d:99:0:1:a']) {
    assert.equal(normaliseMac(spelling), '64:9d:99:00:01:0a', spelling);
  }
});

test('malformed MACs are rejected', () => {
  for (const bad of ['64:9d:99:00:01', '64:9d:99:00:01:0g', '64:9d-99:00:01:0a', '649d.9900.010', '', '64:9d:99:00:01:0a:00', '649:d99:000:10a']) {
    assert.equal(normaliseMac(bad), undefined, bad);
  }
});

test('port names compare across config and LLDP spellings, and sort naturally', () => {
  assert.equal(normalisePort('Eth 1/ 19'), normalisePort('ethernet 1/19'));
  assert.equal(normalisePort('ETH-0-1'), 'eth-0-1');
  assert.deepEqual(['eth-0-10', 'eth-0-2', 'eth-0-1'].sort(comparePorts), ['eth-0-1', 'eth-0-2', 'eth-0-10']);
});
