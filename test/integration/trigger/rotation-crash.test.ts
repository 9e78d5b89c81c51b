/**
 * Acceptance: log rotation (rename and copytruncate) while another process appends
 * thousands of lines a second, with the daemon killed (SIGKILL) and restarted in between:
 * every DHCPACK gets exactly one decision — none lost, none twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths.js';
import { eventually, projectCopy, startCli, type Daemon } from './helpers.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** IPs of the decisions in the journal, in order. */
async function journalIps(root: string): Promise<string[]> {
  const text = await readFile(join(root, '.switchyard', 'dry-run', 'queue.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { decision?: { ip: string } })
    .filter((r) => r.decision)
    .map((r) => r.decision!.ip);
}

test('rotation with SIGKILL and restarts: every DHCPACK is decided exactly once', { timeout: 240_000 }, async () => {
  const project = await projectCopy();
  const log = join(project.root, 'dhcpd.log');
  await writeFile(log, '');
  const watch = (): Daemon => startCli(['--root', project.root, 'watch', '--dry-run', '--json', '--input', log, '--poll', '50']);
  const startWriter = () => spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/integration/trigger/log-writer.ts'), log, '3000'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let writer: ReturnType<typeof startWriter> | undefined;
  let out = '';
  const command = async (cmd: string) => {
    writer!.stdin.write(`${cmd}\n`);
    await eventually(() => out.includes(`ok ${cmd}`), 10_000, `the writer to ${cmd}`);
  };
  const stdoutIps: string[] = [];
  const collect = (d: Daemon) => stdoutIps.push(...d.lines.filter((l) => l.includes('"action"')).map((l) => (JSON.parse(l) as { ip: string }).ip));
  try {
    // The daemon first: a first start follows the file from its end (no replay of history).
    let d = watch();
    await d.waitFor(/"msg":"watching/);
    writer = startWriter();
    writer.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await eventually(async () => (await stat(log)).size > 0, 10_000, 'the writer to start');
    await pause(1200);
    d.child.kill('SIGKILL');
    await d.exited;
    collect(d);
    // Rotated while the daemon is down: the restart finds its place in dhcpd.log.1.
    await command('rename');
    d = watch();
    await d.waitFor(/"msg":"watching/);
    await pause(1000);
    // Rotated while it runs, then killed soon after.
    await command('copytruncate');
    await pause(150);
    d.child.kill('SIGKILL');
    await d.exited;
    collect(d);
    await pause(300);
    d = watch();
    await d.waitFor(/"msg":"watching/);
    await pause(800);
    await command('rename');
    await pause(800);
    writer.stdin.write('stop\n');
    await new Promise((r) => writer!.on('exit', r));
    const written = JSON.parse(out.trim().split('\n').pop()!) as string[];
    assert.ok(written.length > 500, `enough DHCPACKs written (${written.length})`);
    await eventually(async () => (await journalIps(project.root)).length >= written.length, 60_000, 'the daemon to catch up').catch(async (err: Error) => {
      const got = new Set(await journalIps(project.root));
      const lost = written.filter((ip) => !got.has(ip));
      throw new Error(`${err.message}: ${got.size} of ${written.length} decided; first missing ${lost.slice(0, 3).join(', ')} … last ${lost.slice(-3).join(', ')} (${lost.length}); stderr ${d.stderr().slice(-500)}`);
    });
    await pause(500); // anything beyond would be a duplicate
    d.child.kill('SIGTERM');
    assert.equal(await d.exited, 0);
    collect(d);

    const decided = await journalIps(project.root);
    const counts = new Map<string, number>();
    for (const ip of decided) counts.set(ip, (counts.get(ip) ?? 0) + 1);
    const missing = written.filter((ip) => !counts.has(ip));
    const twice = [...counts].filter(([, n]) => n > 1).map(([ip]) => ip);
    const extra = [...counts.keys()].filter((ip) => !written.includes(ip));
    assert.deepEqual({ missing: missing.length, twice: twice.length, extra: extra.length }, { missing: 0, twice: 0, extra: 0 }, `missing ${missing.slice(0, 5)} twice ${twice.slice(0, 5)}`);
    assert.equal(decided.length, written.length);
    // What was printed is a subset of the journal, never a line twice.
    assert.equal(new Set(stdoutIps).size, stdoutIps.length, 'no decision printed twice');
    const offsets = JSON.parse(await readFile(join(project.root, '.switchyard', 'dry-run', 'offsets.json'), 'utf8')) as { files: Record<string, unknown[]> };
    assert.ok(offsets.files[log]!.length >= 1);
  } finally {
    writer?.kill('SIGKILL');
    if (process.env.SWITCHYARD_KEEP_TEST_DIRS) console.error(`kept ${project.root}`);
    else await project.done();
  }
});
