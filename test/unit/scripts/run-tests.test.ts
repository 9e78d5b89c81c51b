// scripts/run-tests.mjs names what was skipped: node 20's summary leaves skipped suites out
// (`skipped 0` while every system suite was skipped), so the runner counts them itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths.js';

const FIXTURE = 'test/fixtures/runner/gated.test.ts';

function runner(ci: boolean): { status: number | null; stdout: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CI;
  // Set by the test runner this file runs under; inherited, it makes the inner `node --test` skip every file.
  delete env.NODE_TEST_CONTEXT;
  if (ci) env.CI = 'true';
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/run-tests.mjs'), FIXTURE], { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

test('the summary counts and names the skipped suite and the skipped test, with their reasons', () => {
  const { status, stdout } = runner(false);
  assert.equal(status, 0, stdout);
  // What node counts by itself: the skipped test, not the skipped suite.
  assert.match(stdout, /^ℹ skipped 1$/m, stdout);
  assert.match(stdout, /^1 suite and 1 test skipped /m, stdout);
  assert.ok(
    stdout.includes(`  suite a suite needing a program nobody has (${FIXTURE}): system-test prerequisites missing: no-such-program (Debian package no-such-package)`),
    stdout,
  );
  assert.ok(stdout.includes(`  test a test needing a tool nobody has (${FIXTURE}): needs no-such-tool-on-any-path on PATH`), stdout);
  assert.doesNotMatch(stdout, /a skipped (suite|test) ran/);
});

test('under CI=true a missing prerequisite fails the run', () => {
  const { status, stdout } = runner(true);
  assert.notEqual(status, 0, stdout);
  assert.match(stdout, /a suite needing a program nobody has: system-test prerequisites are installed/);
  assert.match(stdout, /CI must have it/);
  assert.match(stdout, /CI=true: a skipped suite or test is a failure/);
});
