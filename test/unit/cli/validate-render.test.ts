import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { fixturesDir, repoRoot } from '../../helpers/paths.js';

const invalidDir = join(fixturesDir, 'invalid');
const cases = (await readdir(invalidDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();

test('there are at least 12 invalid-input fixtures', () => {
  assert.ok(cases.length >= 12, `only ${cases.length} fixtures`);
});

// Each case spawns the CLI; two at a time keeps a 2-core machine busy without starving it.
describe('invalid inputs', { concurrency: 2 }, () => {
  for (const name of cases) {
  it(`"${name}": exit 1 with exactly the message in expected.txt`, async () => {
    const dir = join(invalidDir, name);
    const argsFile = join(dir, 'args');
    const args = existsSync(argsFile) ? (await readFile(argsFile, 'utf8')).trim().split(/\s+/) : ['validate'];
    const expected = await readFile(join(dir, 'expected.txt'), 'utf8');
    const run = await runCli(['--root', dir, ...args]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, expected);
    assert.equal(run.stdout, '');
    assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
    if (!existsSync(argsFile)) {
      // Every problem line names its file and line.
      const heads = run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('    hint: '));
      for (const h of heads) assert.match(h, /^(error: )?(inventory|templates)\/\S+\.(yml|hbs):\d+(:\d+)? {2}/, h);
    }
  });
  }
});

test('validate passes on the example project and counts what it checked', async () => {
  const run = await runCli(['--root', repoRoot, 'validate']);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  // The rules count appears once the trigger part checks rules/*.yml.
  assert.match(run.stdout, /^OK: 2 sites, 5 devices, 2 templates(, \d+ rules)?\n$/);
});

test('render --check passes on the committed baselines', async () => {
  const run = await runCli(['--root', repoRoot, 'render', '--site', 'hq', '--check']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, 'OK: 3 baselines match the inventory and templates\n');
});

test('render --check fails with a unified diff when a baseline is edited, missing or orphaned; --write repairs it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sy-check-'));
  try {
    for (const d of ['inventory', 'templates', 'baselines']) await cp(join(repoRoot, d), join(dir, d), { recursive: true });
    const srv = join(dir, 'baselines/hq/FS-S5850-SRV.cfg');
    const text = await readFile(srv, 'utf8');
    await writeFile(srv, text.replace('ntp server 192.0.2.123\n', 'ntp server 192.0.2.99\n'));
    await rm(join(dir, 'baselines/hq/FS-S3900-ACC2.cfg'));
    await writeFile(join(dir, 'baselines/hq/FS-OLD.cfg'), 'hostname FS-OLD\n');

    const run = await runCli(['--root', dir, 'render', '--site', 'hq', '--check']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^--- baselines\/hq\/FS-S5850-SRV\.cfg\tcommitted$/m);
    assert.match(run.stdout, /^\+\+\+ baselines\/hq\/FS-S5850-SRV\.cfg\trendered$/m);
    assert.match(run.stdout, /^-ntp server 192\.0\.2\.99\n\+ntp server 192\.0\.2\.123$/m);
    assert.match(run.stdout, /^--- \/dev\/null\n\+\+\+ baselines\/hq\/FS-S3900-ACC2\.cfg\trendered\n@@ -0,0 \+1,\d+ @@\n\+!\n\+hostname FS-S3900-ACC2$/m);
    assert.match(run.stdout, /^orphan baselines\/hq\/FS-OLD\.cfg: /m);
    assert.equal(run.stderr, 'baselines out of date: 1 stale, 1 missing, 1 orphan (of 3); run: switchyard render --site hq --write; delete the orphan baselines\n');

    const write = await runCli(['--root', dir, 'render', '--site', 'hq', '--write']);
    assert.equal(write.code, 0);
    assert.equal(write.stdout, 'updated baselines/hq/FS-S5850-SRV.cfg\ncreated baselines/hq/FS-S3900-ACC2.cfg\n3 baselines: 1 created, 1 updated, 1 unchanged\n');
    assert.equal(await readFile(srv, 'utf8'), text);
    // Only the orphan is left to clean up by hand.
    const again = await runCli(['--root', dir, 'render', '--site', 'hq', '--check']);
    assert.equal(again.code, 1);
    assert.equal(again.stdout.startsWith('orphan baselines/hq/FS-OLD.cfg'), true);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('render prints one device config as is, and an unknown device lists the site\'s devices', async () => {
  const one = await runCli(['--root', repoRoot, 'render', '--site', 'branch1', '--device', 'FS-S5850-BR1']);
  assert.equal(one.code, 0);
  assert.equal(one.stdout, await readFile(join(repoRoot, 'baselines/branch1/FS-S5850-BR1.cfg'), 'utf8'));
  const bad = await runCli(['--root', repoRoot, 'render', '--site', 'branch1', '--device', 'nope']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, 'error: unknown device "nope" at site branch1\nhint: devices of branch1: FS-S5850-BR1, FS-S3900-BR1-ACC1\n');
});
