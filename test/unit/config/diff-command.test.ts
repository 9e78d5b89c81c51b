/**
 * `switchyard diff` run as a user runs it: remediation and rollback printed indented,
 * secrets masked, JSON shape, exit codes (0 in sync, 2 commands, 1 error).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { fixturesDir } from '../../helpers/paths.js';

const users = join(fixturesDir, 'config', 'fsos-s5850', '12-username-secret-change');
const running = join(users, 'running.cfg');
const desired = join(users, 'desired.cfg');
const bgp = join(fixturesDir, 'config', 'frr', '04-neighbor-deleted-with-its-lines');

test('diff prints the remediation indented, secrets masked, and exits 2', async () => {
  const run = await runCli(['diff', '--platform', 'fsos-s5850', running, desired]);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(
    run.stdout,
    [
      'no username olduser',
      'username netops privilege 4 secret 5 <masked>',
      'username backup privilege 4 secret 5 <masked>',
      '',
    ].join('\n'),
  );
  assert.doesNotMatch(run.stdout, /\$1\$/);
});

test('diff --show-secrets prints the commands as they would be typed', async () => {
  const run = await runCli(['diff', '--platform', 'fsos-s5850', '--show-secrets', running, desired]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, readFileSync(join(users, 'remediation.cfg'), 'utf8'));
});

test('diff --rollback prints the commands that go back, nested sections indented', async () => {
  const run = await runCli(['diff', '--platform', 'frr', '--rollback', join(bgp, 'running.cfg'), join(bgp, 'desired.cfg')]);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, readFileSync(join(bgp, 'rollback.cfg'), 'utf8'));
  assert.match(run.stdout, /^ {2}neighbor 198\.51\.100\.1 route-map BACKUP-IN in$/m);
  assert.match(run.stdout, /^ exit-address-family$/m);
});

test('diff --json prints platform, commands, a masked unified diff and convergence', async () => {
  const run = await runCli(['diff', '--platform', 'fsos-s5850', '--json', running, desired]);
  assert.equal(run.code, 2, run.stderr);
  const out = JSON.parse(run.stdout) as { platform: string; commands: string[]; diff: string; converges: boolean };
  assert.equal(out.platform, 'fsos-s5850');
  assert.deepEqual(out.commands, ['no username olduser', 'username netops privilege 4 secret 5 <masked>', 'username backup privilege 4 secret 5 <masked>']);
  assert.equal(out.converges, true);
  assert.ok(out.diff.includes(`--- ${running}\n+++ ${desired}\n`), out.diff);
  assert.match(out.diff, /^-username olduser privilege 1 secret 5 <masked>$/m);
  assert.match(out.diff, /^\+username backup privilege 4 secret 5 <masked>$/m);
  assert.doesNotMatch(out.diff, /\$1\$/);
});

test('diff of a config against itself prints nothing and exits 0', async () => {
  const run = await runCli(['diff', '--platform', 'fsos-s5850', running, running]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
});

test('diff --platform fsos without --model exits 1 and names the dialects of fsos', async () => {
  const run = await runCli(['diff', '--platform', 'fsos', running, desired]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /platform fsos needs a model/);
  assert.match(run.stderr, /fsos-s5850/);
});

test('diff with a missing file exits 1 and names it', async () => {
  const run = await runCli(['diff', '--platform', 'ios', join(users, 'nope.cfg'), desired]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /cannot read the RUNNING config file .*nope\.cfg \(ENOENT\)/);
});
