/**
 * Properties over generated configs of every registered platform (src/platforms): typing
 * the remediation into the modelled device reaches the desired config, a second
 * remediation is then empty, and a config remediated against itself (or its own normalised
 * text) needs nothing. The same holds for every ordered pair of a platform's golden
 * configs, which is all a platform without a hand-written generator has.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalise, predict, remediate } from '../../../src/config/index.js';
import { PLATFORMS } from '../../../src/platforms/index.js';
import { configsOf } from './generators.js';
import { goldenConfigs } from './goldens.js';

const RUNS = { numRuns: 300 };

for (const { name, config: rules } of Object.values(PLATFORMS)) {
  const config = configsOf(name);

  test(`${name}: every ordered pair of golden configs converges and a second remediation is empty`, () => {
    const goldens = goldenConfigs(name);
    assert.ok(goldens.length > 0, `${name} has no golden configs`);
    for (const running of goldens) {
      for (const desired of goldens) {
        const pair = `${running.label} → ${desired.label}`;
        const after = predict(running.text, remediate(running.text, desired.text, rules).commands, rules);
        assert.equal(after, normalise(desired.text, rules), pair);
        assert.deepEqual(remediate(after, desired.text, rules).commands, [], pair);
      }
    }
  });

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
