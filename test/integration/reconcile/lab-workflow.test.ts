import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { copyExampleProject, DEMO_PASSWORD } from '../../helpers/example-lab.js';
import { repoRoot } from '../../helpers/paths.js';

/** The README's workflow: `lab --site hq --drift` in one terminal, `plan` and `reconcile` in another. */
test('switchyard lab writes the endpoints that plan and reconcile use', async (t) => {
  const root = await copyExampleProject();
  const lab = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/bin.ts'), 'lab', '--site', 'hq', '--drift', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(async () => {
    lab.kill('SIGTERM');
    await new Promise((r) => lab.once('exit', r));
    await rm(root, { recursive: true, force: true });
  });
  let stderr = '';
  lab.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const deadline = Date.now() + 60_000;
  while (!/reach them with/.test(stderr)) {
    assert.ok(Date.now() < deadline && lab.exitCode === null, `lab did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const file = join(root, '.switchyard', 'lab', 'endpoints.json');
  const endpoints = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(endpoints).sort(), ['FS-S3900-ACC1', 'FS-S3900-ACC2', 'FS-S5850-SRV']);
  for (const v of Object.values(endpoints)) assert.match(v, /^127\.0\.0\.1:\d+$/);

  const env = { SWITCHYARD_PASSWORD: DEMO_PASSWORD };
  const plan = await runCli(['plan', '--site', 'hq', '--endpoints', file, '--root', root], { env });
  assert.equal(plan.code, 2, plan.stdout + plan.stderr);
  const apply = await runCli(['reconcile', '--site', 'hq', '--endpoints', file, '--root', root], { env });
  assert.equal(apply.code, 0, apply.stdout + apply.stderr);
  assert.equal((apply.stdout.match(/: converged/g) ?? []).length, 3, apply.stdout);
  const again = await runCli(['reconcile', '--site', 'hq', '--endpoints', file, '--root', root, '--json'], { env });
  assert.equal(again.code, 0);
  const doc = JSON.parse(again.stdout) as { results: { outcome: string }[] };
  assert.deepEqual(doc.results.map((r) => r.outcome), ['in-sync', 'in-sync', 'in-sync']);
});
