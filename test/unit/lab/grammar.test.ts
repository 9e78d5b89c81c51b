import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRules, matchRules, tokenize, type CommandSpec } from '../../../src/lab/grammar.js';

const ctx = {
  normaliseInterface: (t: string) => (/^eth-0-(\d+)$/.test(t) ? t : undefined),
  normalisePort: () => undefined,
};
const rules = compileRules([
  { p: 'show running-config' },
  { p: 'show startup-config' },
  { p: 'shutdown' },
  { p: 'description LINE', key: 1 },
  { p: 'switchport access vlan <1-4094>', key: 3 },
  { p: 'vlan range VLANS' },
  { p: 'interface IF' },
  { p: 'username WORD [privilege <1-4>] secret 5 HASH', key: 2 },
] as CommandSpec[]);

const match = (line: string, negated = false) => {
  const tokens = tokenize(line);
  return matchRules(rules, negated ? tokens.slice(1) : tokens, line, ctx, negated);
};

test('unique keyword prefixes expand to the full words', () => {
  const r = match('sho run');
  assert.equal(r.kind, 'ok');
  assert.deepEqual(r.kind === 'ok' && r.values, ['show', 'running-config']);
});

test('a prefix of two keywords is ambiguous', () => {
  assert.deepEqual(match('sh'), { kind: 'ambiguous', text: 'sh' });
  assert.deepEqual(match('show r'), { kind: 'ok', rule: rules[0], values: ['show', 'running-config'], negated: false });
});

test('a token that fits nothing is invalid at its offset', () => {
  assert.deepEqual(match('show bogus'), { kind: 'invalid', offset: 5 });
  assert.deepEqual(match('switchport access vlan 5000'), { kind: 'invalid', offset: 23 });
  assert.deepEqual(match('interface ge-1'), { kind: 'invalid', offset: 10 });
  assert.deepEqual(match('shutdown now'), { kind: 'invalid', offset: 9 });
});

test('a known command cut short is incomplete', () => {
  assert.deepEqual(match('switchport access'), { kind: 'incomplete' });
  assert.deepEqual(match('show'), { kind: 'incomplete' });
});

test('LINE takes the rest of the line with its spacing', () => {
  const r = match('description  uplink to  core ');
  assert.equal(r.kind === 'ok' && r.values[1], 'uplink to  core');
});

test('VLAN lists are checked and printed collapsed', () => {
  const r = match('vlan range 32,10,30-31,20');
  assert.equal(r.kind === 'ok' && r.values[2], '10,20,30-32');
  assert.equal(match('vlan range 0,10').kind, 'invalid');
  assert.equal(match('vlan range 10-').kind, 'invalid');
});

test('optional groups match with and without their tokens', () => {
  const hash = '$1$sy4rd$Age5NePyrpvBHOYx3xUO50';
  assert.equal(match(`username a privilege 4 secret 5 ${hash}`).kind, 'ok');
  assert.equal(match(`username a secret 5 ${hash}`).kind, 'ok');
  assert.equal(match('username a secret 5 not-a-hash').kind, 'invalid');
});

test('a negation needs only the key tokens', () => {
  assert.equal(match('no description', true).kind, 'ok');
  assert.equal(match('no description anything at all', true).kind, 'ok');
  assert.equal(match('no switchport access vlan', true).kind, 'ok');
  assert.deepEqual(match('no switchport access', true), { kind: 'incomplete' });
  assert.equal(match('no username bob', true).kind, 'ok');
});
