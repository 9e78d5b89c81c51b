/**
 * OpenSSH in front of vtysh: one sshd per switch namespace, with its own config and host
 * key, whose login user lands in that switch's vtysh; and the OpenSSH client side the
 * tests use to check a switch without going through Switchyard.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { run, runOk, startDaemon, waitFor, type RunResult } from './exec.js';
import { switchExec } from './netns.js';

/** The login the lab's sshd accepts (a Linux account in group frrvty). */
export interface LabCredentials {
  readonly username: string;
  readonly password: string;
}

const USERNAME = /^[a-z_][a-z0-9_-]{0,30}$/;

/**
 * Creates (or resets) the Linux account the switches' sshd accepts. The account is shared
 * by all switches (accounts are machine-wide); its home is `/` so a login has nothing to
 * chdir into.
 */
export async function ensureLabUser(credentials: LabCredentials): Promise<void> {
  const { username, password } = credentials;
  if (!USERNAME.test(username)) throw new Error(`lab username ${JSON.stringify(username)} is not a valid Linux user name`);
  if (/[:\n]/.test(password)) throw new Error('lab password must not contain ":" or a newline (chpasswd format)');
  const exists = (await run(['id', '-u', username])).code === 0;
  // frrvty lets vtysh open the daemons' sockets; frr lets it read /etc/frr/NS/vtysh.conf,
  // without which its running config lacks `service integrated-vtysh-config` (root's has it).
  const settings = ['--home', '/', '--shell', '/bin/sh', '--gid', 'frrvty', '--groups', 'frr'];
  await runOk(exists ? ['usermod', ...settings, username] : ['useradd', '--no-create-home', '--no-user-group', ...settings, username]);
  await runOk(['chpasswd'], { input: `${username}:${password}\n` });
}

/** Writes the ForceCommand script into DIR and returns its path. */
export function writeVtyshLogin(dir: string): string {
  const path = join(dir, 'vtysh-login');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      '# ForceCommand of the lab sshd: the login lands in the vtysh of FRR pathspace $1.',
      '# An exec request (ssh host CMD) becomes `vtysh -c CMD`, as if vtysh were the login',
      '# shell; CMD stays one argument and is never parsed by this shell.',
      'ns="$1"',
      'if [ -n "${SSH_ORIGINAL_COMMAND:-}" ]; then exec /usr/bin/vtysh -N "$ns" -c "$SSH_ORIGINAL_COMMAND"; fi',
      'exec /usr/bin/vtysh -N "$ns"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return path;
}

/** What `startSshd` needs. */
interface SshdStart {
  readonly ns: string;
  readonly hostname: string;
  readonly address: string;
  readonly username: string;
  /** The switch's working directory (config, host key, log). */
  readonly dir: string;
  /** Path of the ForceCommand script (writeVtyshLogin). */
  readonly loginScript: string;
}

/** A running sshd. */
interface Sshd {
  readonly process: ChildProcess;
  /** Public host key, `ssh-ed25519 AAAA… comment`. */
  readonly hostKey: string;
  readonly logFile: string;
}

/** Starts `sshd -D` on ADDRESS:22 in the switch namespace and waits until it listens. */
export async function startSshd(spec: SshdStart): Promise<Sshd> {
  // sshd refuses to start without its privilege-separation directory; the package creates
  // it only through its service unit, which never runs here.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const keyFile = join(spec.dir, 'ssh_host_ed25519_key');
  await runOk(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', spec.hostname, '-f', keyFile]);
  const configFile = join(spec.dir, 'sshd_config');
  writeFileSync(
    configFile,
    [
      `ListenAddress ${spec.address}:22`,
      `HostKey ${keyFile}`,
      `PidFile ${join(spec.dir, 'sshd.pid')}`,
      // Without PAM, sshd checks the password against /etc/shadow itself: no PAM stack
      // (pam_systemd, motd, lastlog) to slow down or break a login in a namespace.
      'UsePAM no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication no',
      'AuthorizedKeysFile none',
      'PermitRootLogin no',
      `AllowUsers ${spec.username}`,
      `ForceCommand ${spec.loginScript} ${spec.ns}`,
      'PrintMotd no',
      'PrintLastLog no',
      'UseDNS no',
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'AllowAgentForwarding no',
      // The benchmark opens many sessions at once; the defaults (10:30:100) drop some.
      'MaxStartups 200',
      'MaxSessions 50',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const logFile = join(spec.dir, 'sshd.log');
  const child = startDaemon(switchExec(spec.ns, spec.hostname, ['/usr/sbin/sshd', '-D', '-e', '-f', configFile]), logFile);
  await waitFor(`sshd in ${spec.ns}`, () => {
    if (child.exitCode !== null) throw new Error(`sshd in ${spec.ns} exited: ${readFileSync(logFile, 'utf8').trim()}`);
    return readFileSync(logFile, 'utf8').includes('Server listening on') ? true : undefined;
  });
  return { process: child, hostKey: readFileSync(`${keyFile}.pub`, 'utf8').trim(), logFile };
}

/** Where and as whom the OpenSSH client connects. */
export interface SshTarget {
  readonly address: string;
  readonly port: number;
  readonly credentials: LabCredentials;
  /** known_hosts file holding the switch's host key: the client checks it strictly. */
  readonly knownHosts: string;
}

/** Writes a known_hosts line for ADDRESS into FILE (appending). */
export function addKnownHost(file: string, address: string, hostKey: string): void {
  const [type, key] = hostKey.split(' ');
  writeFileSync(file, `${address} ${type} ${key}\n`, { flag: 'a', mode: 0o600 });
}

function sshArgv(target: SshTarget, extra: readonly string[]): string[] {
  return [
    'sshpass', '-e', 'ssh',
    '-p', String(target.port),
    '-o', `UserKnownHostsFile=${target.knownHosts}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'PreferredAuthentications=password',
    '-o', 'PubkeyAuthentication=no',
    '-o', 'NumberOfPasswordPrompts=1',
    '-o', 'ConnectTimeout=10',
    '-o', 'LogLevel=ERROR',
    '-l', target.credentials.username,
    ...extra,
    target.address,
  ];
}

/** `ssh HOST COMMAND` through real OpenSSH (password from the environment, not argv). */
export function sshExec(target: SshTarget, command: string, timeoutMs = 30_000): Promise<RunResult> {
  return run([...sshArgv(target, []), command], { env: { ...process.env, SSHPASS: target.credentials.password }, timeoutMs });
}

/**
 * An interactive session: `ssh -tt` with LINES typed on its stdin, as a person would.
 * The pty echoes the typed-ahead lines before vtysh starts, then vtysh prints its
 * banner, prompts and answers; the output holds all of it.
 */
export function sshInteractive(target: SshTarget, lines: readonly string[], timeoutMs = 30_000): Promise<RunResult> {
  return run(sshArgv(target, ['-tt']), {
    env: { ...process.env, SSHPASS: target.credentials.password },
    input: lines.map((l) => `${l}\n`).join(''),
    timeoutMs,
  });
}
