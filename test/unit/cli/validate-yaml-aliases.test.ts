/**
 * `switchyard validate` on YAML alias bombs ("billion laughs"): a few hundred bytes that
 * name a billion strings. Each must end in a clean error naming file, line and column,
 * at once, instead of expanding until V8 runs out of memory. Legitimate anchors still work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { copyExampleProject } from '../../helpers/example-lab.js';
import { aliasBomb } from '../../helpers/yaml-bomb.js';

async function replaceIn(path: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  const changed = text.replace(from, to);
  assert.notEqual(changed, text, `${path}: nothing to replace`);
  await writeFile(path, changed);
}

/** Runs validate; a run that would expand the bomb is killed after 20 s and then fails the content checks. */
async function validate(root: string): Promise<{ code: number; stderr: string; ms: number }> {
  const started = Date.now();
  const run = await runCli(['--root', root, 'validate'], { timeoutMs: 20_000 });
  return { code: run.code, stderr: run.stderr, ms: Date.now() - started };
}

const bombs = [
  // Where the example's template prints each NTP server: rendering would build the billion strings.
  { what: 'the inventory', file: 'inventory/defaults.yml', from: '  ntp_servers: [192.0.2.123]\n', to: `  lol:\n${aliasBomb().indented(4)}\n  ntp_servers: *i\n` },
  { what: 'the rules', file: 'rules/dhcp.yml', from: /^/, to: `${aliasBomb().text}\n` },
];
for (const bomb of bombs) {
  test(`validate: an alias bomb in ${bomb.what} is one error with file:line:col, exit 1`, async (t) => {
    const root = await copyExampleProject();
    t.after(() => rm(root, { recursive: true, force: true }));
    await replaceIn(join(root, bomb.file), bomb.from, bomb.to);
    const run = await validate(root);
    t.diagnostic(`validate took ${run.ms} ms`);
    assert.equal(run.code, 1);
    const where = bomb.file.replace(/[./]/g, '\\$&');
    assert.match(run.stderr, new RegExp(`^error: ${where}:\\d+:\\d+ {2}YAML aliases expand this file to more than [\\d,]+ values and characters`, 'm'));
    assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
  });
}

test('validate and render: anchors reused a few times (shared port lists, merge keys) work as before', async (t) => {
  const root = await copyExampleProject();
  t.after(() => rm(root, { recursive: true, force: true }));
  const site = join(root, 'inventory', 'sites', 'hq.yml');
  await replaceIn(site, '      access_ports:\n        - { ports: ethernet 1/1..20, vlan: 30 }', '      access_ports: &acc_ports\n        - { ports: ethernet 1/1..20, vlan: 30 }');
  await replaceIn(site, '      access_ports:\n        - { ports: ethernet 1/1..24, vlan: 30 }', '      access_ports: *acc_ports');
  await replaceIn(site, 'mgmt: { host: 10.10.0.11 }', 'mgmt: &acc_mgmt { host: 10.10.0.11 }');
  await replaceIn(site, 'mgmt: { host: 10.10.0.12 }', 'mgmt: { <<: *acc_mgmt, host: 10.10.0.12 }');
  const ok = await runCli(['--root', root, 'validate']);
  assert.equal(ok.code, 0, ok.stderr);
  const render = await runCli(['--root', root, 'render', '--site', 'hq', '--device', 'FS-S3900-ACC2']);
  assert.equal(render.code, 0, render.stderr);
  // ACC2 now has ACC1's port list: the phones' ports and their description.
  assert.match(render.stdout, /^ description phones$/m);
  assert.match(render.stdout, /10\.10\.0\.12/);
});
