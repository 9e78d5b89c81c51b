/**
 * The list helpers every VLAN list goes through: parsing `10,20,30-32` (a hand-written
 * scanner since the engine got faster) and formatting back to the collapsed form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatList, isAscending, naturalKey, parseList } from '../../../src/config/text.js';

test('a VLAN list expands to its items', () => {
  assert.deepEqual(parseList('10,20,30-32'), [10, 20, 30, 31, 32]);
  assert.deepEqual(parseList('7'), [7]);
  assert.deepEqual(parseList('5-5'), [5]);
  assert.deepEqual(parseList(' 10 , 20-21 '), [10, 20, 21]);
  assert.deepEqual(parseList('010'), [10]);
  // Items as written: repeats and disorder are kept (callers sort and de-duplicate).
  assert.deepEqual(parseList('30,10,10'), [30, 10, 10]);
});

test('text that is not a list is refused, so the line is kept as written', () => {
  for (const text of ['', ',', '10,', ',10', '10-', '-5', '1--3', '5-3', 'a', '10 20', '10;20', '1-2-3', '10,,20', '٣']) {
    assert.equal(parseList(text), undefined, JSON.stringify(text));
  }
});

test('a range too long to be VLANs is refused rather than expanded', () => {
  assert.equal(parseList('1-99999999'), undefined);
  assert.equal(parseList('1-65537'), undefined);
  assert.equal(parseList('1-65536')?.length, 65536);
  assert.equal(parseList('1-40000,50000-80000'), undefined);
});

test('a number too big to count (a typo of 17 digits) is not a list: no endless expansion', () => {
  // Past 2^53, n++ no longer changes n: expanding such an item never ended.
  assert.equal(parseList('22025666526445117'), undefined);
  assert.equal(parseList('10,86592863032027614-86592863032027619'), undefined);
  assert.equal(parseList('2147483648'), undefined);
  assert.deepEqual(parseList('2147483647'), [2147483647]);
});

test('formatList collapses runs and sorts; parsing its output gives the sorted set back', () => {
  assert.equal(formatList([32, 10, 31, 30]), '10,30-32');
  assert.equal(formatList([1, 2, 3, 5, 5, 7, 8]), '1-3,5,7-8');
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 4094 }), { minLength: 1, maxLength: 60 }), (items) => {
      const sorted = [...new Set(items)].sort((a, b) => a - b);
      assert.deepEqual(parseList(formatList(items)), sorted);
      assert.equal(isAscending(sorted), true);
    }),
  );
});

test('naturalKey sorts numbers inside names by value, ignoring leading zeros', () => {
  assert.ok(naturalKey('interface eth-0-2') < naturalKey('interface eth-0-10'));
  assert.ok(naturalKey('vlan 9') < naturalKey('vlan 10'));
  assert.equal(naturalKey('vlan 010'), naturalKey('vlan 10'));
  assert.equal(naturalKey('hostname A'), 'hostname A');
  fc.assert(
    fc.property(fc.nat(), fc.nat(), fc.constantFrom('', 'eth-0-', 'seq ', 'x'), (a, b, prefix) => {
      const ka = naturalKey(`${prefix}${a} tail`);
      const kb = naturalKey(`${prefix}${b} tail`);
      assert.equal(ka < kb, a < b);
      assert.equal(ka === kb, a === b);
    }),
  );
});
