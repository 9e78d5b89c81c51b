/**
 * Properties over generated configs of every platform: typing the remediation into the
 * modelled device reaches the desired config, a second remediation is then empty, and a
 * config remediated against itself (or its own normalised text) needs nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalise, predict, remediate } from '../../../src/config/index.js';
import { FSOS_S5850_CONFIG } from '../../../src/platforms/fsos-s5850/config.js';
import { FSOS_S3900_CONFIG } from '../../../src/platforms/fsos-s3900/config.js';
import { IOS_CONFIG } from '../../../src/platforms/ios/config.js';
import { FRR_CONFIG } from '../../../src/platforms/frr/config.js';
import type { ConfigRules } from '../../../src/platforms/config-rules.js';
import { fsosS3900Config, fsosS5850Config, frrConfig, iosConfig } from './generators.js';

const PLATFORMS: [string, ConfigRules, fc.Arbitrary<string>][] = [
  ['fsos-s5850', FSOS_S5850_CONFIG, fsosS5850Config],
  ['fsos-s3900', FSOS_S3900_CONFIG, fsosS3900Config],
  ['ios', IOS_CONFIG, iosConfig],
  ['frr', FRR_CONFIG, frrConfig],
];

const RUNS = { numRuns: 300 };

for (const [name, rules, config] of PLATFORMS) {
  test(`${name}: remediation converges and a second remediation is empty`, () => {
    fc.assert(
      fc.property(config, config, (running, desired) => {
        const first = remediate(running, desired, rules);
        const after = predict(running, first.commands, rules);
        assert.equal(after, normalise(desired, rules));
        assert.deepEqual(remediate(after, desired, rules).commands, []);
      }),
      RUNS,
    );
  });

  test(`${name}: the rollback takes the device back`, () => {
    fc.assert(
      fc.property(config, config, (running, desired) => {
        const forward = predict(running, remediate(running, desired, rules).commands, rules);
        const back = remediate(desired, running, rules);
        assert.equal(predict(forward, back.commands, rules), normalise(running, rules));
      }),
      RUNS,
    );
  });

  test(`${name}: a config remediated against itself or its normalised text is empty`, () => {
    fc.assert(
      fc.property(config, (x) => {
        const r = remediate(x, x, rules);
        assert.equal(r.empty, true);
        assert.deepEqual(r.commands, []);
        assert.equal(remediate(x, normalise(x, rules), rules).empty, true);
        assert.equal(normalise(normalise(x, rules), rules), normalise(x, rules));
      }),
      RUNS,
    );
  });
}
