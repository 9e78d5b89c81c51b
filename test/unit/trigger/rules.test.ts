import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRuleSources, loadRules, validateRules } from '../../../src/trigger/index.js';
import { formatLocation, InputErrors, SwitchyardError } from '../../../src/errors.js';
import { projectRoot } from './helpers.js';

const problemsOf = (text: string) =>
  compileRuleSources('/p', [{ file: 'rules/bad.yml', text }]).problems.map((p) => `${formatLocation(p.location)} ${p.message}`);

test('the fixture project\'s rules load: three rules in order', async () => {
  const set = await loadRules(projectRoot);
  assert.deepEqual(set.rules.map((r) => [r.name, r.action, r.continue]), [['new-switch', 'provision', true], ['fs-s5850', 'reconcile', true], ['fs-s3900', 'reconcile', false]]);
  assert.deepEqual(set.files, ['rules/dhcp.yml']);
  assert.deepEqual(await validateRules(projectRoot), { problems: [], rules: 3 });
});

test('inputs: files relative to the root, syslog URLs', () => {
  const { ruleSet, problems } = compileRuleSources('/p', [{ file: 'rules/in.yml', text: 'inputs:\n  - file: logs/dhcpd.log\n  - file: /var/log/x.log\n  - syslog: udp://127.0.0.1:5514\n  - syslog: tcp://[::1]:601\n' }]);
  assert.deepEqual(problems, []);
  assert.deepEqual(ruleSet.inputs, [
    { kind: 'file', path: '/p/logs/dhcpd.log' },
    { kind: 'file', path: '/var/log/x.log' },
    { kind: 'syslog', proto: 'udp', host: '127.0.0.1', port: 5514 },
    { kind: 'syslog', proto: 'tcp', host: '::1', port: 601 },
  ]);
});

test('schema problems name file:line:col', () => {
  const text = ['rules:', '  - name: a', '    action: reboot', '  - name: b', '    action: log', '    colour: red', '  - action: log', 'inputs:', '  - syslog: http://x:1', ''].join('\n');
  assert.deepEqual(problemsOf(text).sort(), [
    'rules/bad.yml:3:13 must be one of: reconcile, provision, exec, log',
    'rules/bad.yml:6:5 unknown field "colour"',
    'rules/bad.yml:7:5 missing required field "name"',
    'rules/bad.yml:9:13 "http://x:1" must be udp://HOST:PORT or tcp://HOST:PORT',
  ]);
});

test('checks beyond the schema: regexes, exec lists, durations, duplicate names', () => {
  const text = [
    'rules:',
    '  - name: a',
    "    pattern: 'DHCPACK (unclosed'",
    '    action: log',
    '  - name: b',
    '    action: exec',
    '  - name: c',
    '    action: exec',
    "    exec: ['notify', '--x']",
    '  - name: a',
    '    action: log',
    '  - name: d',
    '    action: reconcile',
    '    suppress: 10 minutes',
    '  - name: e',
    '    action: reconcile',
    "    exec: ['/bin/true']",
    '',
  ].join('\n');
  const got = problemsOf(text);
  assert.deepEqual(got.sort(), [
    'rules/bad.yml:10:11 rule name "a" is used twice',
    'rules/bad.yml:14:15 "10 minutes" must be a duration such as 30s, 10m, 1h or 500ms',
    'rules/bad.yml:17:11 `exec:` only applies to action exec (this rule\'s action is reconcile)',
    'rules/bad.yml:3:14 not a valid regular expression: Invalid regular expression: /DHCPACK (unclosed/: Unterminated group',
    'rules/bad.yml:6:13 action exec needs an `exec:` list (program and arguments)',
    'rules/bad.yml:9:12 program "notify" must be an absolute path',
  ].sort());
});

test('YAML syntax errors are located', () => {
  const got = problemsOf('rules:\n  - name: a\n    action: [log\n');
  assert.equal(got.length, 1);
  assert.match(got[0]!, /^rules\/bad\.yml:4:1 YAML syntax error/);
});

test('loadRules throws RULES_INVALID with every problem of every file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'sy-rules-'));
  try {
    await mkdir(join(root, 'rules'));
    await writeFile(join(root, 'rules', 'a.yml'), 'rules:\n  - name: x\n    action: nope\n');
    await writeFile(join(root, 'rules', 'b.yaml'), 'rules:\n  - name: y\n    action: log\n    suppress: forever\n');
    await writeFile(join(root, 'rules', 'notes.txt'), 'ignored');
    await assert.rejects(loadRules(root), (err: unknown) => {
      assert.ok(err instanceof InputErrors && err instanceof SwitchyardError);
      assert.equal(err.code, 'RULES_INVALID');
      assert.deepEqual(err.problems.map((p) => p.location.file), ['rules/a.yml', 'rules/b.yaml']);
      return true;
    });
    // No rules folder: no rules, no problem.
    assert.deepEqual(await validateRules(join(root, 'nowhere')), { problems: [], rules: 0 });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('defaults: 60 s suppress for actions, none for log; exec timeout 60 s', () => {
  const { ruleSet } = compileRuleSources('/p', [{ file: 'r.yml', text: "rules:\n  - { name: a, action: reconcile }\n  - { name: b, action: log }\n  - { name: c, action: exec, exec: ['/bin/true'], timeout: 5s, suppress: 0 }\n" }]);
  assert.deepEqual(ruleSet.rules.map((r) => [r.suppressMs, r.timeoutMs]), [[60_000, 60_000], [0, 60_000], [0, 5000]]);
});
