/**
 * The simulator driven by OpenSSH's own client (through sshpass): it is a real SSH server,
 * not only an ssh2-to-ssh2 loop. The host key is checked strictly against the key the lab
 * reports, so the printed `hostkey` line is exactly what OpenSSH sees.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireTools } from '../../helpers/prereq.js';
import { startTestLab, DEMO_PASSWORD, type TestLab } from './lab-fixture.js';

let t: TestLab;
before(async () => {
  t = await startTestLab();
});
after(() => t.stop());

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sshpass -e ssh … ARGS` (password in the environment, never in argv) with `input` on stdin. */
async function openssh(device: string, user: string, password: string, args: readonly string[], input = ''): Promise<Run> {
  const d = t.lab.device(device);
  const knownHosts = join(t.keyDir, `known_hosts-${device}`);
  await writeFile(knownHosts, `[127.0.0.1]:${d.port} ${d.hostKey}\n`);
  const argv = [
    '-e',
    'ssh',
    '-F',
    '/dev/null',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'PubkeyAuthentication=no',
    '-o',
    'PreferredAuthentications=keyboard-interactive,password',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'ConnectTimeout=5',
    '-p',
    String(d.port),
    `${user}@127.0.0.1`,
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('sshpass', argv, { env: { ...process.env, SSHPASS: password }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

test('OpenSSH runs one command: ssh HOST show version', async (ctx) => {
  if (!requireTools(ctx, ['ssh', 'sshpass'])) return;
  const r = await openssh('core', 'netops', DEMO_PASSWORD, ['show version']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^FSOS Software, S5850, Version 7\.2\.2$/m);
  assert.match(r.stdout, /^System serial number is CG1904160793N0018$/m);
});

test('OpenSSH with a pty types a config session from a here-doc; the change is saved', async (ctx) => {
  if (!requireTools(ctx, ['ssh', 'sshpass'])) return;
  const d = t.lab.device('access');
  const script = ['terminal length 0', 'configure terminal', 'hostname VIA-OPENSSH', 'interface ethernet 1/3', 'description typed by openssh', 'end', 'copy running-config startup-config', '', 'show running-config', 'exit', ''].join('\n');
  const r = await openssh('access', 'admin', 'admin', ['-tt'], script);
  assert.equal(r.code, 0, r.stderr);
  // The session as a terminal shows it: echo, prompts that follow the hostname, the question.
  assert.match(r.stdout, /Switch#terminal length 0\r\n/);
  assert.match(r.stdout, /Switch\(config\)#hostname VIA-OPENSSH\r\nVIA-OPENSSH\(config\)#interface ethernet 1\/3\r\nVIA-OPENSSH\(config-if\)#/);
  assert.match(r.stdout, /Startup configuration file name \[startup\.cfg\]: \r\nSuccess\.\r\n/);
  assert.match(r.stdout, /\r\ninterface ethernet 1\/3\r\n description typed by openssh\r\n!\r\n/);
  assert.equal(d.saves, 1);
  assert.match(d.startup(), /^hostname VIA-OPENSSH$/m);
});

test('OpenSSH is refused with a wrong password', async (ctx) => {
  if (!requireTools(ctx, ['ssh', 'sshpass'])) return;
  const r = await openssh('edge', 'netops', 'wrong-password', ['show version']);
  assert.notEqual(r.code, 0);
  assert.equal(r.stdout, '');
});
