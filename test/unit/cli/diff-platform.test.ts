/**
 * `switchyard diff --platform` takes the same platform words as the inventory: every
 * platform's name, and `fsos` with `--model`, which picks the dialect as the inventory's
 * model does. An unknown word lists the same names the inventory's error lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { fixturesDir } from '../../helpers/paths.js';
import { PLATFORMS, PLATFORM_FAMILIES, PLATFORM_WORDS } from '../../../src/platforms/index.js';

const fixture = (platform: string, name: string) => join(fixturesDir, 'config', platform, name);
const s3900 = fixture('fsos-s3900', '03-vlan-name-changed');
const s5850 = fixture('fsos-s5850', '12-username-secret-change');
const argsOf = (dir: string) => [join(dir, 'running.cfg'), join(dir, 'desired.cfg')];

test('diff --platform fsos --model picks the dialect the inventory would pick for that model', async () => {
  const run = await runCli(['diff', '--platform', 'fsos', '--model', 'S3900-24T4S', '--json', '--show-secrets', ...argsOf(s3900)]);
  assert.equal(run.code, 2, run.stderr);
  const out = JSON.parse(run.stdout) as { platform: string; commands: string[] };
  assert.equal(out.platform, 'fsos-s3900');
  assert.equal(out.commands.map((c) => `${c}\n`).join(''), readFileSync(join(s3900, 'remediation.cfg'), 'utf8').replace(/^ +/gm, ''));
});

test('diff --platform takes every name the inventory takes, and only those', async () => {
  assert.deepEqual(PLATFORM_WORDS, [...Object.keys(PLATFORMS), ...Object.keys(PLATFORM_FAMILIES)]);
  for (const word of PLATFORM_WORDS) {
    // A family needs a model: the first known model of its first member.
    const member = PLATFORM_FAMILIES[word]?.[0];
    const known = member === undefined ? undefined : PLATFORMS[member].models?.[0];
    const model = known === undefined ? [] : ['--model', known];
    const run = await runCli(['diff', '--platform', word, ...model, ...argsOf(s5850)]);
    assert.notEqual(run.code, 1, `${word}: ${run.stderr}`);
  }
});

test('diff --platform fsos without --model, or with an unknown one, is an error naming the dialects and models', async () => {
  const bare = await runCli(['diff', '--platform', 'fsos', ...argsOf(s5850)]);
  assert.equal(bare.code, 1);
  assert.equal(
    bare.stderr,
    'error: platform fsos needs a model to pick its dialect (fsos-s5850 or fsos-s3900)\nhint: give the model (known models: fsos-s5850: S5850-48S6Q, S5850-48T4Q, S5800-48MBQ, S5800-48T4S; fsos-s3900: S3900-24T4S, S3900-48T4S) or name the dialect as platform\n',
  );
  const typo = await runCli(['diff', '--platform', 'fsos', '--model', 'S39OO-24T4S', ...argsOf(s5850)]);
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /^error: unknown model "S39OO-24T4S" for platform fsos\nhint: known models: fsos-s5850: /);
});

test('diff --platform with an unknown word lists the names the inventory accepts', async () => {
  const run = await runCli(['diff', '--platform', 'junos', ...argsOf(s5850)]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, 'error: unknown platform "junos"\nhint: known platforms: fsos-s5850, fsos-s3900, ios, frr, fsos, which picks fsos-s5850 or fsos-s3900 by model\n');
});
