/**
 * Golden round trips: for every registered platform (src/platforms) and every case folder
 * under test/fixtures/config/<platform>/, the hand-written remediation and rollback are
 * what the engine computes, and typing them (as written in the fixture, not as computed)
 * into the modelled device gives the other config: predict(running, remediation) == desired
 * and predict(desired, rollback) == running. A registered platform without goldens fails,
 * and so does a goldens folder no registered platform owns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalise, predict, remediate, rollback } from '../../../src/config/index.js';
import { PLATFORMS } from '../../../src/platforms/index.js';
import { goldenCases, goldenPlatforms, readGolden } from './goldens.js';

const MIN_CASES = 15;

test('every goldens folder belongs to a registered platform', () => {
  const orphans = goldenPlatforms().filter((name) => !Object.hasOwn(PLATFORMS, name));
  assert.deepEqual(orphans, [], `test/fixtures/config/ has folders for no registered platform (src/platforms/index.ts): ${orphans.join(', ')}`);
});

/** The lines of a remediation as the fixture shows them: indented one space per level. */
function shown(r: { lines: readonly { text: string; depth: number }[] }): string {
  return r.lines.map((l) => ' '.repeat(l.depth) + l.text + '\n').join('');
}

/** The commands a fixture file holds: its lines without indentation. */
function commandsOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^ +/, ''))
    .filter((l) => l !== '');
}

for (const { name: platform, config: rules } of Object.values(PLATFORMS)) {
  const cases = goldenCases(platform);

  test(`${platform}: at least ${MIN_CASES} golden cases`, () => {
    assert.ok(cases.length >= MIN_CASES, `${platform} has ${cases.length} golden cases; write them in test/fixtures/config/${platform}/<case>/ (docs/config-engine.md, adding a platform)`);
  });

  for (const name of cases) {
    const running = readGolden(platform, name, 'running.cfg');
    const desired = readGolden(platform, name, 'desired.cfg');
    const fixRemediation = readGolden(platform, name, 'remediation.cfg');
    const fixRollback = readGolden(platform, name, 'rollback.cfg');

    test(`${platform}/${name}: remediation is the hand-written one`, () => {
      assert.equal(shown(remediate(running, desired, rules)), fixRemediation);
    });

    test(`${platform}/${name}: rollback is the hand-written one`, () => {
      assert.equal(shown(rollback(running, desired, rules)), fixRollback);
    });

    test(`${platform}/${name}: typing the remediation into running gives desired`, () => {
      assert.equal(predict(running, commandsOf(fixRemediation), rules), normalise(desired, rules));
    });

    test(`${platform}/${name}: typing the rollback into desired gives running`, () => {
      assert.equal(predict(desired, commandsOf(fixRollback), rules), normalise(running, rules));
    });
  }
}
