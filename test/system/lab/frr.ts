/**
 * FRR 8.4 (zebra, staticd, bgpd, watchfrr) started by hand inside a switch namespace, in
 * integrated config mode, under its own pathspace: `-N NS` puts the config in
 * /etc/frr/NS/ and the sockets and PID files in /var/run/frr/NS/, and `vtysh -N NS`
 * talks to exactly those daemons.
 */
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { run, startDaemon, waitFor, type RunResult } from './exec.js';
import { FRR_ETC, FRR_RUN, switchExec } from './netns.js';

const FRR_BIN = '/usr/lib/frr';
/** The routing daemons each switch runs; watchfrr watches them. */
const FRR_DAEMONS = ['zebra', 'staticd', 'bgpd'] as const;

/** Numeric uid/gid of a system user and group, read from /etc/passwd and /etc/group. */
function systemIds(user: string, group: string): { uid: number; gid: number } {
  const field = (file: string, name: string): number => {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
    const value = Number.parseInt(line?.split(':')[2] ?? '', 10);
    if (!Number.isFinite(value)) throw new Error(`${name} not found in ${file}`);
    return value;
  };
  return { uid: field('/etc/passwd', user), gid: field('/etc/group', group) };
}

/** What `startFrr` needs. */
interface FrrStart {
  readonly ns: string;
  /** The daemons' hostname (their UTS namespace's name). */
  readonly hostname: string;
  /** Integrated config (frr.conf) loaded with `vtysh -b` after the daemons are up. */
  readonly config: string;
  /** Directory for the daemons' stdout/stderr logs. */
  readonly logDir: string;
}

/** The path of NS's integrated config file. */
export function frrConfigPath(ns: string): string {
  return join(FRR_ETC, ns, 'frr.conf');
}

/**
 * Starts FRR for one switch and loads its config. Returns the daemon processes (their PIDs
 * are the daemons' own: ip netns exec, unshare and sh all exec without forking).
 */
export async function startFrr(spec: FrrStart): Promise<ChildProcess[]> {
  const { uid, gid } = systemIds('frr', 'frr');
  const etc = join(FRR_ETC, spec.ns);
  const runDir = join(FRR_RUN, spec.ns);
  for (const [dir, mode] of [[etc, 0o750], [runDir, 0o755]] as const) {
    mkdirSync(dir, { recursive: true, mode });
    chownSync(dir, uid, gid);
  }
  // The daemons run as frr and the config is theirs, as the Debian package lays it out;
  // vtysh.conf names the integrated mode explicitly rather than relying on frr.conf existing.
  for (const [name, text] of [['frr.conf', spec.config], ['vtysh.conf', 'service integrated-vtysh-config\n']] as const) {
    writeFileSync(join(etc, name), text.endsWith('\n') ? text : `${text}\n`, { mode: 0o640 });
    chownSync(join(etc, name), uid, gid);
  }

  const children: ChildProcess[] = [];
  const start = (daemon: string, args: readonly string[]): void => {
    const argv = switchExec(spec.ns, spec.hostname, [join(FRR_BIN, daemon), '-N', spec.ns, ...args]);
    children.push(startDaemon(argv, join(spec.logDir, `${daemon}.log`)));
  };
  const socketUp = (name: string) => (): true | undefined => (existsSync(join(runDir, name)) ? true : undefined);

  try {
    // `-P 0` turns off the TCP vty: vtysh reaches the daemons through their unix sockets only.
    start('zebra', ['-P', '0']);
    await waitFor(`zebra in ${spec.ns}`, socketUp('zserv.api'));
    start('staticd', ['-P', '0']);
    start('bgpd', ['-P', '0']);
    for (const daemon of FRR_DAEMONS) await waitFor(`${daemon} in ${spec.ns}`, socketUp(`${daemon}.vty`));

    const boot = await vtyshIn(spec.ns, spec.hostname, ['-b']);
    if (boot.code !== 0 || /^%|line \d+:/m.test(boot.stdout + boot.stderr)) {
      throw new Error(`vtysh -b rejected the frr.conf of ${spec.ns}: ${(boot.stdout + boot.stderr).trim()}`);
    }
    // watchfrr is what makes `write memory` work for a login user: vtysh hands the write to
    // it, and it runs `vtysh -w -N NS` as root. Without it vtysh writes frr.conf itself and
    // fails on the file's permissions. `--dry` keeps it from restarting daemons we stop.
    start('watchfrr', ['--dry', ...FRR_DAEMONS]);
    await waitFor(`watchfrr in ${spec.ns}`, () =>
      /all daemons up/.test(readLog(join(spec.logDir, 'watchfrr.log'))) ? true : undefined,
    );
  } catch (err) {
    for (const child of children) child.kill('SIGKILL');
    throw err;
  }
  return children;
}

/** Runs vtysh in NS (as root) with the switch's hostname, with extra ARGS (`-c CMD`, `-b`, …). */
export function vtyshIn(ns: string, hostname: string, args: readonly string[]): Promise<RunResult> {
  return run(switchExec(ns, hostname, ['vtysh', '-N', ns, ...args]));
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
