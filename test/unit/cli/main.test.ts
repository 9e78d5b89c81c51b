import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';

test('an unknown command exits 1 and names the problem', async () => {
  const run = await runCli(['no-such-command']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /unknown command 'no-such-command'/);
});

test('--help lists the commands and exits 0', async () => {
  const run = await runCli(['--help']);
  assert.equal(run.code, 0);
  for (const c of ['validate', 'render', 'reconcile', 'watch', 'diff']) assert.match(run.stdout, new RegExp(`\\b${c}\\b`));
});
