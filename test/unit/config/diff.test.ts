/**
 * The human diff: made block by block (linear in lines), it must still be a correct
 * unified diff — applying it to the normalised running config gives the normalised
 * desired config — and read as an engineer expects on a small case written by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyPatch } from 'diff';
import { normalise, unifiedDiff } from '../../../src/config/index.js';
import { compile } from '../../../src/config/compiled.js';
import { diffNormalised } from '../../../src/config/diff.js';
import { PLATFORMS } from '../../../src/platforms/index.js';
import { FSOS_S5850_CONFIG } from '../../../src/platforms/fsos-s5850/config.js';
import { configsOf } from './generators.js';

for (const { name, config: rules } of Object.values(PLATFORMS)) {
  const config = configsOf(name);
  test(`${name}: the diff, applied to the running config, gives the desired config`, () => {
    const c = compile(rules);
    fc.assert(
      fc.property(config, config, (running, desired) => {
        const a = normalise(running, rules);
        const b = normalise(desired, rules);
        const patch = diffNormalised(a, b, c);
        assert.equal(patch === '', a === b);
        if (patch) assert.equal(applyPatch(a, patch), b);
      }),
      { numRuns: 300 },
    );
  });
}

test('a small diff reads as written by hand: changed lines with three lines of context, far changes in two hunks', () => {
  const running = [
    'hostname A',
    'interface eth-0-1',
    ' description uplink',
    ' switchport mode trunk',
    'interface eth-0-2',
    ' description server',
    'interface eth-0-3',
    ' description p3',
    'interface eth-0-4',
    ' description p4',
    'interface eth-0-5',
    ' description p5',
    'interface eth-0-6',
    ' description printer',
    '',
  ].join('\n');
  const desired = running.replace(' description uplink', ' description core').replace(' description printer', ' description printer 2');
  assert.equal(
    unifiedDiff(running, desired, FSOS_S5850_CONFIG, { from: 'sw1 (running)', to: 'sw1 (desired)' }),
    [
      '--- sw1 (running)',
      '+++ sw1 (desired)',
      '@@ -1,6 +1,6 @@',
      ' hostname A',
      ' interface eth-0-1',
      '- description uplink',
      '+ description core',
      '  switchport mode trunk',
      ' interface eth-0-2',
      '  description server',
      '@@ -11,4 +11,4 @@',
      ' interface eth-0-5',
      '  description p5',
      ' interface eth-0-6',
      '- description printer',
      '+ description printer 2',
      '',
    ].join('\n'),
  );
});

test('a block only on one side is removed or added whole', () => {
  const diff = unifiedDiff('hostname A\nntp server 192.0.2.1\n', 'hostname A\nvlan 10\n name users\n', FSOS_S5850_CONFIG);
  // Removed lines first, as diffs are read, though `vlan 10` sorts before `ntp`.
  assert.equal(diff, ['--- running', '+++ desired', '@@ -1,2 +1,3 @@', ' hostname A', '-ntp server 192.0.2.1', '+vlan 10', '+ name users', ''].join('\n'));
});

test('two changes six lines apart (twice the context) share one hunk', () => {
  const running = 'hostname A\ninterface eth-0-1\n description a\ninterface eth-0-2\n description b\ninterface eth-0-3\n description c\n speed 1000\n';
  const desired = running.replace('hostname A', 'hostname B').replace('speed 1000', 'speed 100');
  assert.equal(
    unifiedDiff(running, desired, FSOS_S5850_CONFIG),
    [
      '--- running',
      '+++ desired',
      '@@ -1,8 +1,8 @@',
      '-hostname A',
      '+hostname B',
      ' interface eth-0-1',
      '  description a',
      ' interface eth-0-2',
      '  description b',
      ' interface eth-0-3',
      '  description c',
      '- speed 1000',
      '+ speed 100',
      '',
    ].join('\n'),
  );
});
