/**
 * Every command that takes `--endpoints FILE` checks the file against the inventory
 * before it connects anywhere: reconcile (and plan), watch, and trigger without a daemon.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { repoRoot } from '../../helpers/paths.js';

let root = '';
let file = '';

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'sy-endpoints-cli-'));
  for (const d of ['inventory', 'templates', 'baselines', 'rules']) await cp(join(repoRoot, d), join(root, d), { recursive: true });
  file = join(root, 'endpoints.json');
  await writeFile(file, '{\n  "FS-S5850-SRV": "127.0.0.1:2201",\n  "FS-S5850-SRX": "127.0.0.1:2202",\n  "192.0.2.61": "127.0.0.1:2203"\n}\n');
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

const expected = () =>
  `error: ${file}:3:3  "FS-S5850-SRX" is not a device of the inventory\n` +
  '    hint: did you mean FS-S5850-SRV? keys are device names of the inventory, or DHCP addresses (IPv4) for watch and trigger\n';

for (const [what, args] of [
  ['reconcile', ['reconcile', '--site', 'hq']],
  ['plan', ['plan', '--site', 'hq']],
  ['watch', ['watch', '--input', '/dev/null']],
  ['trigger (no daemon)', ['trigger', '--ip', '192.0.2.61', '--mac', '64:9d:99:00:00:01']],
] as const) {
  test(`${what} --endpoints with a device the inventory does not have exits 1 naming the file and the name`, async () => {
    const run = await runCli(['--root', root, ...args, '--endpoints', file], { timeoutMs: 30_000, env: { SWITCHYARD_PASSWORD: 'unused' } });
    assert.equal(run.stderr, expected());
    assert.equal(run.code, 1);
  });
}
