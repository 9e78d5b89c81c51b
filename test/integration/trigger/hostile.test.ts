/**
 * Acceptance: hostnames with `;`, backticks, `$(…)`, quotes, newline attempts and 10 kB of
 * text, with an `exec` rule: no command is run (the canary file is never created), nothing
 * breaks, and every log line stays one escaped line. A spoofed hostname from an unknown
 * MAC is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, projectCopy, startCli, switchyard as run } from './helpers.js';

function hostileNames(canary: string): string[] {
  return [
    `x;touch ${canary}`,
    `\`touch ${canary}\``,
    `$(touch ${canary})`,
    `'$(touch ${canary})'`,
    `"; touch ${canary}; echo "`,
    `x\ntouch ${canary}`,
    `${'A'.repeat(10_000)}$(touch ${canary})`,
  ];
}

async function execRules(root: string, record: string): Promise<void> {
  const script = join(root, 'record.sh');
  // Records the hostname the program saw, from the environment only.
  await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$SWITCHYARD_HOSTNAME" | head -c 64 >> '${record}'\nprintf '\\n' >> '${record}'\n`);
  await chmod(script, 0o755);
  await writeFile(join(root, 'rules', 'dhcp.yml'), `rules:\n  - name: record\n    contains: DHCPACK\n    action: exec\n    exec: ['${script}', '--fixed-argument']\n    suppress: 0\n`);
}

test('trigger without a daemon: hostile hostnames reach the exec program as data only', { timeout: 120_000 }, async () => {
  const p = await projectCopy();
  const canary = join(p.root, 'CANARY');
  const record = join(p.root, 'record.txt');
  try {
    await execRules(p.root, record);
    for (const [i, host] of hostileNames(canary).entries()) {
      const r = await run(['--root', p.root, 'trigger', '--', 'add', `00:00:5e:00:53:${(16 + i).toString(16)}`, `192.0.2.${i + 1}`, host]);
      assert.equal(r.code, 0, r.stderr);
      const out = r.stdout.trimEnd().split('\n');
      // One decision line and one outcome line, whatever the hostname held.
      assert.equal(out.length, 2, r.stdout);
      assert.match(out[0]!, /^exec - +rule=record /);
      assert.ok(out[0]!.length < 600, 'the hostname is cut in the log');
      assert.match(out[1]!, /job finished .*status=ok/);
    }
    await assert.rejects(stat(canary), /ENOENT/);
    const seen = await readFile(record, 'utf8');
    assert.ok(seen.includes(`$(touch ${canary})`), 'the program got the text verbatim');
  } finally {
    await p.done();
  }
});

test('the daemon: hostile hostnames in the log, an exec rule, a spoof — no command, one JSON line each', { timeout: 120_000 }, async () => {
  const p = await projectCopy();
  const canary = join(p.root, 'CANARY');
  const record = join(p.root, 'record.txt');
  const log = join(p.root, 'dhcpd.log');
  await writeFile(log, '');
  await execRules(p.root, record);
  const d = startCli(['--root', p.root, 'watch', '--json', '--input', log]);
  try {
    await d.waitFor(/"msg":"watching/);
    const names = hostileNames(canary);
    let text = '';
    // dhcpd logs the hostname it got; a newline in it would start a new log line.
    names.forEach((host, i) => (text += `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 192.0.2.${i + 1} to 00:00:5e:00:53:${(16 + i).toString(16)} (${host.slice(0, 255)}) via eth0\n`));
    await appendFile(log, text);
    // The newline splits that entry into two lines, neither of them a DHCPACK.
    const acks = names.filter((n) => !n.includes('\n')).length;
    await eventually(() => d.lines.filter((l) => l.includes('"job finished"')).length >= acks, 60_000, 'the exec jobs');
    await assert.rejects(stat(canary), /ENOENT/);
    for (const l of d.lines) assert.doesNotThrow(() => JSON.parse(l), `one JSON object per line: ${l.slice(0, 80)}`);
    const decided = d.lines.map((l) => JSON.parse(l) as { action?: string; hostname?: string }).filter((x) => x.action);
    assert.equal(decided.length, acks);
    assert.ok(decided.every((x) => x.action === 'exec'));
  } finally {
    d.child.kill('SIGTERM');
    await d.exited;
    await p.done();
  }
});

test('a spoofed hostname from an unknown MAC is refused with an alert', { timeout: 60_000 }, async () => {
  const p = await projectCopy();
  try {
    const log = join(p.root, 'spoof.log');
    await writeFile(log, 'Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on 10.10.0.66 to 00:00:5e:00:53:66 (FS-S5850-SRV) via eth0\n');
    const r = await run(['--root', p.root, 'watch', '--replay', '--dry-run', '--json', '--input', log]);
    assert.equal(r.code, 0, r.stderr);
    const [decision] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual([decision!.action, decision!.device, decision!.alert], ['refuse', null, true]);
    assert.match(String(decision!.reason), /hostname names inventory device FS-S5850-SRV \(MAC 64:9d:99:00:00:01\)/);
  } finally {
    await p.done();
  }
});
