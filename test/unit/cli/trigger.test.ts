import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';

test('trigger --ip with leading zeros is a usage error naming the address a resolver would reach', async () => {
  // Decided before any project is read or any daemon asked: the root does not matter.
  const run = await runCli(['trigger', '--dry-run', '--ip', '010.0.0.1', '--mac', '64:9d:99:00:00:01']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /"010\.0\.0\.1" has a leading zero/);
  assert.match(run.stderr, /8\.0\.0\.1/);
  assert.equal(run.stdout, '');
  const broadcast = await runCli(['trigger', '--dry-run', '--ip', '255.255.255.255', '--mac', '64:9d:99:00:00:01']);
  assert.equal(broadcast.code, 1);
  assert.match(broadcast.stderr, /broadcast/);
});
