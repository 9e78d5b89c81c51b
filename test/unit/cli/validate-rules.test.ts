import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { copyExampleProject } from '../../helpers/example-lab.js';

test('validate checks the trigger rules too, naming file, line and column', async (t) => {
  const root = await copyExampleProject();
  t.after(() => rm(root, { recursive: true, force: true }));
  const ok = await runCli(['validate', '--root', root]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^OK: 2 sites, 5 devices, 2 templates, 3 rules$/m);

  const file = join(root, 'rules', 'dhcp.yml');
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('action: reconcile')) + 1;
  await writeFile(file, text.replace('action: reconcile', 'action: recnocile'));
  const bad = await runCli(['validate', '--root', root]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, new RegExp(`^error: rules/dhcp\\.yml:${line}:13  /rules/1/action  must be one of: reconcile, provision, exec, log$`, 'm'));
});
