import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execEnvironment, runExec } from '../../../src/trigger/index.js';
import { ack, until, withTempDir as withDir } from './helpers.js';

test('event data reaches the program only as SWITCHYARD_* variables; the daemon\'s environment does not', () => {
  process.env.SWITCHYARD_PASSWORD_TEST = 'secret';
  const env = execEnvironment(ack({ ip: '10.0.0.5', mac: '00:00:5e:00:53:01', hostname: 'a\0b', circuitId: 'port 7', relay: '10.0.0.1' }), 'notify', 'FS-S3900-NEW');
  delete process.env.SWITCHYARD_PASSWORD_TEST;
  assert.deepEqual(Object.keys(env).sort(), ['LANG', 'PATH', 'SWITCHYARD_CIRCUIT_ID', 'SWITCHYARD_DEVICE', 'SWITCHYARD_HOSTNAME', 'SWITCHYARD_IP', 'SWITCHYARD_LINE', 'SWITCHYARD_MAC', 'SWITCHYARD_RELAY', 'SWITCHYARD_RULE', 'SWITCHYARD_SOURCE', 'SWITCHYARD_TIME', 'SWITCHYARD_TYPE']);
  assert.equal(env.SWITCHYARD_HOSTNAME, 'ab');
});

test('hostile hostnames run no command: the canary is never created', () =>
  withDir(async (dir) => {
    const canary = join(dir, 'CANARY');
    const out = join(dir, 'seen');
    // The program records what it got; it must see the hostname as plain bytes.
    const script = join(dir, 'record.sh');
    await writeFile(script, `#!/bin/sh\nprintf '%s|%s' "$#" "$SWITCHYARD_HOSTNAME" >> "${out}"\nprintf '\\n' >> "${out}"\n`);
    await chmod(script, 0o755);
    const hostile = [
      `x; touch ${canary}`,
      `\`touch ${canary}\``,
      `$(touch ${canary})`,
      `'; touch ${canary}; '`,
      `"; touch ${canary}; "`,
      `x\ntouch ${canary}`,
      `${'A'.repeat(10_000)}$(touch ${canary})`,
    ];
    for (const hostname of hostile) {
      const o = await runExec([script, '--fixed'], ack({ ip: '10.0.0.5', mac: '00:00:5e:00:53:01', hostname }), 'notify', undefined, { timeoutMs: 5000 });
      assert.equal(o.status, 'ok', o.message);
    }
    await assert.rejects(stat(canary), /ENOENT/);
    const seen = (await readFile(out, 'utf8')).split('\n').filter((l) => l.startsWith('1|'));
    assert.equal(seen.length, hostile.length, 'each call got exactly one argument, --fixed');
    assert.ok(seen.some((l) => l === `1|$(touch ${canary})`));
  }));

test('a program that runs too long is killed with its children at the timeout', () =>
  withDir(async (dir) => {
    const script = join(dir, 'slow.sh');
    const marker = join(dir, 'late');
    const pidFile = join(dir, 'child.pid');
    await writeFile(script, `#!/bin/sh\n(sleep 1; touch ${marker}) &\necho $! > ${pidFile}\nsleep 5\n`);
    await chmod(script, 0o755);
    const started = Date.now();
    const o = await runExec([script], ack({ ip: '10.0.0.5', mac: '00:00:5e:00:53:01' }), 'slow', undefined, { timeoutMs: 200 });
    assert.equal(o.status, 'failed');
    assert.match(o.message, /timed out after 0s|timed out/);
    assert.ok(Date.now() - started < 2000);
    // Not a sleep before looking for the marker: wait until the background child is gone
    // (it would live 1 s if only the script had been killed), then it can no longer write.
    const child = Number.parseInt(await readFile(pidFile, 'utf8'), 10);
    assert.ok(child > 0, 'the script recorded its background child');
    await until(() => gone(child));
    await assert.rejects(stat(marker), /ENOENT/, 'the background child was killed with the group');
  }));

/** True when process PID has ended (a zombie waiting for its parent counts as ended). */
function gone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

test('exit codes and output: non-zero is a failure with the last output line; a missing program too', async () => {
  const o = await runExec(['/bin/sh', '-c', 'echo first; echo "last words" >&2; exit 3'], ack({ ip: '10.0.0.5', mac: '00:00:5e:00:53:01' }), 'x', undefined, { timeoutMs: 5000 });
  assert.deepEqual(o, { status: 'failed', message: '/bin/sh exited 3: last words' });
  const missing = await runExec(['/nonexistent/program'], ack({ ip: '10.0.0.5', mac: '00:00:5e:00:53:01' }), 'x', undefined, { timeoutMs: 5000 });
  assert.equal(missing.status, 'failed');
  assert.match(missing.message, /could not be started/);
});
