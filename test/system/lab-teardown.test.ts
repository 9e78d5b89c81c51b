// The lab cleans up after itself: by namespace name and PID, after a failure, after a
// process that never called destroy, and leftovers of a crashed run at the next start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLab, labNamespaces, LAB_PREFIX } from './lab/index.js';
import { withLabLock } from './lab/netns.js';
import { describeLab, LAB_TOOLS } from './prereq.js';
import { repoRoot } from '../helpers/paths.js';

function rootLinks(): string[] {
  const out = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
  return out.split('\n').map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '').filter((n) => n.startsWith(LAB_PREFIX));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function labDirs(): string[] {
  return existsSync('/tmp/switchyard-lab') ? readdirSync('/tmp/switchyard-lab').filter((e) => e.startsWith('run-')) : [];
}

/**
 * Other test files may build their labs concurrently; under the lab lock none is being
 * built, so anything with the lab prefix then would be a leftover. Taking the lock also
 * proves the lab under test released it.
 */
async function assertNothingLeft(): Promise<void> {
  await withLabLock(() => {
    assert.deepEqual(labNamespaces(), [], 'no lab namespace left');
    assert.deepEqual(rootLinks(), [], 'no lab interface left in the root namespace');
    assert.deepEqual(labDirs(), [], 'no lab working directory left');
  });
}

describeLab('lab teardown', LAB_TOOLS, () => {
  test('destroy removes namespaces, links, FRR pathspaces, processes and the working directory', async () => {
    const lab = await createLab({ switches: [{ name: 'td1', mac: '02:00:00:00:10:01', dhcp: false }] });
    const sw = lab.switch('td1');
    assert.ok(labNamespaces().includes(sw.namespace));
    assert.equal(rootLinks().length, 1, 'one management veth in the root namespace');
    const pids = spawnSync('ip', ['netns', 'pids', sw.namespace], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
    // zebra, staticd, bgpd, watchfrr, sshd
    assert.ok(pids.length >= 5, `FRR and sshd run in the namespace (pids: ${pids.join(' ')})`);
    assert.ok(existsSync(join('/etc/frr', sw.namespace, 'frr.conf')));

    await lab.destroy();
    await assertNothingLeft();
    assert.deepEqual(pids.filter(alive), [], 'every process of the namespace has ended');
    assert.equal(existsSync(join('/etc/frr', sw.namespace)), false);
    assert.equal(existsSync(join('/var/run/frr', sw.namespace)), false);
    assert.equal(existsSync(lab.dir), false);
    await lab.destroy(); // idempotent
  });

  test('a createLab that fails half-way tears down what it built', async () => {
    await assert.rejects(
      createLab({
        switches: [
          { name: 'td2', mac: '02:00:00:00:10:02', dhcp: false },
          { name: 'td3', mac: '02:00:00:00:10:03', dhcp: false, frrConfig: 'router bgp 65001\n frobnicate the widgets\nexit\n' },
        ],
      }),
      /vtysh -b rejected the frr.conf of sylab-sw-td3/,
    );
    await assertNothingLeft();
  });

  test('leftovers of a crashed run are removed when the next lab starts', async () => {
    const ghost = `${LAB_PREFIX}sw-ghost`;
    spawnSync('ip', ['netns', 'add', ghost]);
    const sleeper = spawn('ip', ['netns', 'exec', ghost, 'sleep', '600'], { stdio: 'ignore', detached: true });
    sleeper.unref();
    spawnSync('ip', ['link', 'add', `${LAB_PREFIX}x0`, 'type', 'veth', 'peer', 'name', `${LAB_PREFIX}x1`]);
    mkdirSync(join('/etc/frr', ghost), { recursive: true });
    mkdirSync('/tmp/switchyard-lab/run-1-1', { recursive: true });
    assert.ok(sleeper.pid !== undefined && alive(sleeper.pid));

    const lab = await createLab({ switches: [{ name: 'td4', mac: '02:00:00:00:10:04', dhcp: false, frr: false }] });
    try {
      assert.deepEqual(labNamespaces(), [lab.switch('td4').namespace]);
      assert.deepEqual(rootLinks(), [`${LAB_PREFIX}m0`]);
      assert.equal(alive(sleeper.pid), false, 'the process left in the old namespace was ended');
      assert.equal(existsSync(join('/etc/frr', ghost)), false);
      assert.deepEqual(labDirs(), [lab.dir.split('/').pop()]);
    } finally {
      await lab.destroy();
    }
    await assertNothingLeft();
  });

  test('a test process that exits without destroy leaves nothing behind', async () => {
    // The child builds a lab and exits with an uncaught error, as a broken test would.
    const script = [
      `import { createLab } from ${JSON.stringify(join(repoRoot, 'test/system/lab/index.ts'))};`,
      "await createLab({ switches: [{ name: 'td5', mac: '02:00:00:00:10:05', dhcp: false }] });",
      "console.log('built');",
      "throw new Error('test crashed');",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
    assert.match(child.stdout, /built/, child.stderr);
    assert.notEqual(child.status, 0);
    await assertNothingLeft();
  });
});
