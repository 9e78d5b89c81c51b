/**
 * How the inventory picks a platform: one set of platform names (the same `diff
 * --platform` takes), `fsos` as the family whose model picks the dialect, and a table of
 * known models per FSOS dialect, so a typo or an unknown model never silently gets the
 * S5850 dialect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSite as load } from './helpers.js';

const defaults = 'credentials: { username: netops }\n';

const KNOWN_MODELS = 'known models: fsos-s5850: S5850-48S6Q, S5850-48T4Q, S5800-48MBQ, S5800-48T4S; fsos-s3900: S3900-24T4S, S3900-48T4S';

test('fsos picks the dialect from a known model, in any letter case', async () => {
  const r = await load([
    'platform: fsos',
    'devices:',
    '  a: { model: S5850-48T4Q, mgmt: { host: 10.0.0.1 } }',
    '  b: { model: s3900-48t4s, mgmt: { host: 10.0.0.2 } }',
    '  c: { model: S5800-48MBQ, mgmt: { host: 10.0.0.3 } }',
    '  d: { model: S3900-24T4S, mgmt: { host: 10.0.0.4 } }',
  ]);
  assert.deepEqual(r, { platforms: { a: 'fsos-s5850', b: 'fsos-s3900', c: 'fsos-s5850', d: 'fsos-s3900' } });
});

test('an FSOS model the project does not know is an error at the model, listing the known models per dialect', async () => {
  const r = await load([
    'platform: fsos',
    'devices:',
    '  new1:',
    '    model: S5860-20SQ',
    '    mgmt: { host: 10.0.0.1 }',
    '  typo1: { model: S39OO-24T4S, mgmt: { host: 10.0.0.2 } }',
    '  r1: { platform: fsos-s3900, model: S3900-24T4S-R, mgmt: { host: 10.0.0.3 } }',
  ]);
  const hint = `    hint: ${KNOWN_MODELS}; for a model not listed that speaks one of these dialects, name the dialect as platform and leave model out`;
  assert.deepEqual(r.problems, [
    `inventory/sites/s1.yml:4:12  /devices/new1/model  unknown model "S5860-20SQ" for platform fsos\n${hint}`,
    `inventory/sites/s1.yml:6:19  /devices/typo1/model  unknown model "S39OO-24T4S" for platform fsos\n${hint}`,
    `inventory/sites/s1.yml:7:38  /devices/r1/model  unknown model "S3900-24T4S-R" for platform fsos-s3900\n${hint}`,
  ]);
});

test('fsos without a model is an error at the device: nothing says which dialect it speaks', async () => {
  const r = await load(['devices:', '  sw1: { mgmt: { host: 10.0.0.1 } }'], `platform: fsos\n${defaults}`);
  assert.deepEqual(r.problems, [
    `inventory/sites/s1.yml:2:3  /devices/sw1  platform fsos needs a model to pick its dialect (fsos-s5850 or fsos-s3900)\n    hint: give the model (${KNOWN_MODELS}) or name the dialect as platform`,
  ]);
});

test('the inventory accepts every platform name diff --platform takes; a named dialect needs no model', async () => {
  const r = await load([
    'devices:',
    '  a: { platform: fsos-s5850, mgmt: { host: 10.0.0.1 } }',
    '  b: { platform: fsos-s3900, model: S3900-24T4S, mgmt: { host: 10.0.0.2 } }',
    '  c: { platform: ios, model: WS-C2960X-48TS-L, mgmt: { host: 10.0.0.3 } }',
    '  d: { platform: frr, mgmt: { host: 10.0.0.4 } }',
  ]);
  assert.deepEqual(r, { platforms: { a: 'fsos-s5850', b: 'fsos-s3900', c: 'ios', d: 'frr' } });
});

test('a named dialect with a model of the other dialect is an error at the model', async () => {
  const r = await load(['devices:', '  a: { platform: fsos-s5850, model: S3900-24T4S, mgmt: { host: 10.0.0.1 } }']);
  assert.deepEqual(r.problems, [
    'inventory/sites/s1.yml:2:37  /devices/a/model  model S3900-24T4S speaks fsos-s3900, not fsos-s5850\n    hint: write platform: fsos-s3900, or platform: fsos and the model picks the dialect',
  ]);
});

test('an unknown platform word is an error where it is written, listing the same names diff --platform takes', async () => {
  const r = await load(['devices:', '  a: { model: S5850-48T4Q, mgmt: { host: 10.0.0.1 } }'], `platform: fsos-s5860\n${defaults}`);
  assert.deepEqual(r.problems, [
    'inventory/defaults.yml:1:11  /platform  unknown platform "fsos-s5860"\n    hint: known platforms: fsos-s5850, fsos-s3900, ios, frr, fsos, which picks fsos-s5850 or fsos-s3900 by model',
  ]);
});
