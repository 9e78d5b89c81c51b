/**
 * `switchyard watch --input` naming a file that does not exist (a typo, or a DHCP server
 * that has not logged yet): the daemon says so at start and in `switchyard status`, and
 * reads the file once it appears.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, projectCopy, startCli, switchyard } from './helpers.js';

const ACK = 'Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.10.0.2 to 64:9d:99:00:00:01 (FS-S5850-SRV) via eth0\n';

interface FileState {
  path: string;
  exists: boolean;
  bytesRead: number;
}

test('a missing input: warned at start, MISSING in status; created later, it is read and status shows it', { timeout: 120_000 }, async () => {
  const p = await projectCopy();
  const log = join(p.root, 'typo.log');
  const d = startCli(['--root', p.root, 'watch', '--dry-run', '--json', '--input', log]);
  const status = async () => {
    const run = await switchyard(['--root', p.root, 'status', '--dry-run', '--json']);
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as { files: FileState[] }).files;
  };
  try {
    await d.waitFor(/"msg":"watching/);
    const warned = d.lines.filter((l) => l.includes('"level":"warn"'));
    assert.equal(warned.length, 1, d.lines.join('\n'));
    assert.deepEqual(JSON.parse(warned[0]!), { level: 'warn', msg: 'input file does not exist; waiting for it to appear', input: log });
    assert.deepEqual(await status(), [{ path: log, exists: false, bytesRead: 0, problem: 'missing' }]);
    const human = await switchyard(['--root', p.root, 'status', '--dry-run']);
    assert.match(human.stdout, new RegExp(`^  ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  MISSING: waiting for it to appear$`, 'm'));

    await writeFile(log, ACK);
    await d.waitFor(/"action":"reconcile"/);
    await d.waitFor(/"msg":"input file appeared/);
    // status.json and the socket answer alike; the socket is live.
    await eventually(async () => (await status())[0]!.exists, 10_000, 'status to show the file');
    assert.deepEqual(await status(), [{ path: log, exists: true, bytesRead: ACK.length }]);
    const after = await switchyard(['--root', p.root, 'status', '--dry-run']);
    assert.match(after.stdout, new RegExp(`typo\\.log  reading, ${ACK.length} bytes read$`, 'm'));
    d.child.kill('SIGTERM');
    assert.equal(await d.exited, 0);
    assert.equal(d.lines.filter((l) => l.includes('"level":"warn"')).length, 1);
  } finally {
    d.child.kill('SIGKILL');
    await p.done();
  }
});
