/**
 * Golden round trips: for every case folder under test/fixtures/config/<platform>/, the
 * hand-written remediation and rollback are what the engine computes, and typing them
 * (as written in the fixture, not as computed) into the modelled device gives the other
 * config: predict(running, remediation) == desired and predict(desired, rollback) == running.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../../helpers/paths.js';
import { normalise, predict, remediate, rollback } from '../../../src/config/index.js';
import { FSOS_S5850_CONFIG } from '../../../src/platforms/fsos-s5850/config.js';
import { FSOS_S3900_CONFIG } from '../../../src/platforms/fsos-s3900/config.js';
import { IOS_CONFIG } from '../../../src/platforms/ios/config.js';
import { FRR_CONFIG } from '../../../src/platforms/frr/config.js';
import type { ConfigRules } from '../../../src/platforms/config-rules.js';

const PLATFORMS: Record<string, ConfigRules> = {
  'fsos-s5850': FSOS_S5850_CONFIG,
  'fsos-s3900': FSOS_S3900_CONFIG,
  ios: IOS_CONFIG,
  frr: FRR_CONFIG,
};

const root = join(fixturesDir, 'config');

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

function read(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

for (const [platform, rules] of Object.entries(PLATFORMS)) {
  const dir = join(root, platform);
  const cases = existsSync(dir) ? readdirSync(dir).sort() : [];

  test(`${platform}: at least 15 golden cases`, () => {
    assert.ok(cases.length >= 15, `${platform} has ${cases.length} cases`);
  });

  for (const name of cases) {
    const at = join(dir, name);
    const running = read(at, 'running.cfg');
    const desired = read(at, 'desired.cfg');
    const fixRemediation = read(at, 'remediation.cfg');
    const fixRollback = read(at, 'rollback.cfg');

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
