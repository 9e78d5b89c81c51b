import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../src/inventory/yaml-positions.js';
import { aliasBomb } from '../../helpers/yaml-bomb.js';

const problemOf = (text: string) => {
  const r = parseYaml(text, 'x.yml');
  assert.ok(!r.ok, 'expected a problem');
  return r.problem;
};

test('an alias bomb is a problem at the alias where the expansion ran over, found in milliseconds', () => {
  const bomb = aliasBomb();
  const started = performance.now();
  const p = problemOf(`${bomb.text}\n`);
  const ms = performance.now() - started;
  assert.match(p.message, /^YAML aliases expand this file to more than [\d,]+ values and characters/);
  assert.match(p.hint ?? '', /anchor/);
  // In document order the budget runs out while expanding one of the levels' aliases.
  assert.equal(p.location.file, 'x.yml');
  assert.ok(p.location.line! >= 2 && p.location.line! <= 9, JSON.stringify(p.location));
  assert.match(`${bomb.text}\n`.split('\n')[p.location.line! - 1]!.slice(p.location.column! - 1), /^\*[a-h]\b/);
  assert.ok(ms < 1_000, `${ms.toFixed(1)} ms`);
});

test('aliases of one long string, many times over, count by their length', () => {
  const long = 'x'.repeat(50_000);
  const text = `s: &s ${long}\nl: [${Array.from({ length: 2_000 }, () => '*s').join(', ')}]\n`;
  assert.match(problemOf(text).message, /^YAML aliases expand/);
});

test('nesting deeper than 100 levels is refused, also when aliases stack it or an anchor holds itself', () => {
  assert.match(problemOf(`a: ${'['.repeat(150)}${']'.repeat(150)}\n`).message, /^nested deeper than 100 levels/);
  // Each anchor is 60 levels deep and holds the one before: 120 levels, though no line nests more than 60.
  const deep = (inner: string) => `${'['.repeat(59)}${inner}${']'.repeat(59)}`;
  const p = problemOf(`a: &a ${deep('1')}\nb: &b ${deep('*a')}\n`);
  assert.match(p.message, /^nested deeper than 100 levels \(through aliases\)/);
  assert.equal(p.location.line, 2);
  // An anchor holding an alias of itself is a cycle js-yaml builds; walking it would never end.
  const cycle = problemOf('a: &a\n  - 1\n  - *a\n');
  assert.match(cycle.message, /^nested deeper than 100 levels \(through aliases\)/);
  assert.deepEqual(cycle.location, { file: 'x.yml', line: 3, column: 5 });
});

test('small anchors reused a few times and merge keys load as before', () => {
  const r = parseYaml(
    [
      'base: &base { vlan: 10, ntp: [192.0.2.1, 192.0.2.2] }',
      'ports: &ports',
      '  - { ports: eth-0-1..24, vlan: 30 }',
      'a: { vars: *base, access_ports: *ports }',
      'b: { vars: { <<: *base, vlan: 20 }, access_ports: *ports }',
      'c: { vars: *base }',
      '',
    ].join('\n'),
    'x.yml',
  );
  assert.ok(r.ok);
  assert.deepEqual(r.doc.value, {
    base: { vlan: 10, ntp: ['192.0.2.1', '192.0.2.2'] },
    ports: [{ ports: 'eth-0-1..24', vlan: 30 }],
    a: { vars: { vlan: 10, ntp: ['192.0.2.1', '192.0.2.2'] }, access_ports: [{ ports: 'eth-0-1..24', vlan: 30 }] },
    b: { vars: { vlan: 20, ntp: ['192.0.2.1', '192.0.2.2'] }, access_ports: [{ ports: 'eth-0-1..24', vlan: 30 }] },
    c: { vars: { vlan: 10, ntp: ['192.0.2.1', '192.0.2.2'] } },
  });
});

test('a large file without aliases is not limited: the budget grows with the file', () => {
  const items = 400_000;
  const r = parseYaml(`l: [${Array.from({ length: items }, () => 'ab').join(',')}]\n`, 'big.yml');
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  assert.equal((r.doc.value as { l: string[] }).l.length, items);
});
