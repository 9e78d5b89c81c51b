/**
 * Network namespaces and veth pairs for the system-test lab, and their teardown.
 *
 * Every name the lab creates outside its own namespaces (namespaces, root-side veth ends,
 * FRR pathspace directories) starts with LAB_PREFIX, so a crashed run's leftovers can be
 * found and removed by name. Only one lab runs at a time on a machine (a lock directory
 * with the owner's PID): the address plan and the names are fixed, which keeps option-82
 * circuit-ids and addresses predictable for the scenarios.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, run, runOk, runSync } from './exec.js';

/** Prefix of every namespace, root-side interface and FRR pathspace the lab creates. */
export const LAB_PREFIX = 'sylab-';
/** Parent directory of the labs' working directories and of the lock. */
export const LAB_BASE_DIR = '/tmp/switchyard-lab';
const LOCK_DIR = join(LAB_BASE_DIR, 'lock');
/** FRR's pathspace (`-N`) directories are these plus the namespace name. */
export const FRR_ETC = '/etc/frr';
export const FRR_RUN = '/var/run/frr';

/** The argv that runs ARGV inside namespace NS. */
export function nsExec(ns: string, argv: readonly string[]): string[] {
  return ['ip', 'netns', 'exec', ns, ...argv];
}

/**
 * The argv that runs ARGV inside namespace NS with its own UTS namespace named HOSTNAME.
 * FRR daemons take their hostname from uname at start, and vtysh adds a second
 * `hostname` line to the running config when its own uname differs from the daemons'
 * (observed on 8.4.4), so every FRR process of a switch, and the sshd whose sessions run
 * vtysh, runs under the switch's name. HOSTNAME is passed as an argument, never as code.
 */
export function switchExec(ns: string, hostname: string, argv: readonly string[]): string[] {
  return nsExec(ns, ['unshare', '--uts', '--', '/bin/sh', '-c', 'hostname "$0" && exec "$@"', hostname, ...argv]);
}

let heldHere = false;

/**
 * Waits until no other live process holds the lab lock, then takes it. Returns the release
 * function. One holder per process: a second acquire in the same process throws.
 */
export async function acquireLabLock(timeoutMs = 600_000): Promise<() => void> {
  if (heldHere) throw new Error('this process already holds the system-test lab (destroy the first lab before creating another)');
  mkdirSync(LAB_BASE_DIR, { recursive: true, mode: 0o755 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'owner'), `${process.pid}\n`);
      heldHere = true;
      return () => releaseLock();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = lockOwner();
    // No owner file yet means the holder is between mkdir and write: wait, do not steal.
    if (owner !== undefined && (owner === process.pid || !isAlive(owner))) {
      rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the system-test lab is held by PID ${owner} (${LOCK_DIR})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function lockOwner(): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(LOCK_DIR, 'owner'), 'utf8'), 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function releaseLock(): void {
  if (!heldHere) return;
  heldHere = false;
  if (lockOwner() === process.pid) rmSync(LOCK_DIR, { recursive: true, force: true });
}

/** Runs FN holding the lab lock: no lab of another process is being built or torn down meanwhile. */
export async function withLabLock<T>(fn: () => T | Promise<T>, timeoutMs?: number): Promise<T> {
  const release = await acquireLabLock(timeoutMs);
  try {
    return await fn();
  } finally {
    release();
  }
}

/** Names of the existing namespaces that start with LAB_PREFIX. */
export function labNamespaces(): string[] {
  const out = runSync(['ip', 'netns', 'list']).stdout;
  return out
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(LAB_PREFIX));
}

/** Creates namespace NAME with its loopback up. */
export async function createNamespace(name: string): Promise<void> {
  await runOk(['ip', 'netns', 'add', name]);
  await runOk(nsExec(name, ['ip', 'link', 'set', 'lo', 'up']));
}

/** One end of a veth pair: in namespace NS (absent: the root namespace). */
interface VethEnd {
  readonly ns?: string;
  readonly name: string;
  /** Address with prefix length, e.g. `192.0.2.1/28`. */
  readonly address?: string;
  readonly mac?: string;
}

/** Creates a veth pair with both ends placed, addressed and up. */
export async function addVeth(a: VethEnd, b: VethEnd): Promise<void> {
  // Creating each end directly in its namespace means inner names only need to be unique
  // inside that namespace (so relay ports can be named after the circuit-id they stand for).
  await runOk([
    'ip', 'link', 'add', a.name, ...(a.ns ? ['netns', a.ns] : []),
    'type', 'veth', 'peer', 'name', b.name, ...(b.ns ? ['netns', b.ns] : []),
  ]);
  for (const end of [a, b]) {
    const inNs = (argv: string[]): string[] => (end.ns ? nsExec(end.ns, argv) : argv);
    if (end.mac) await runOk(inNs(['ip', 'link', 'set', 'dev', end.name, 'address', end.mac]));
    if (end.address) await runOk(inNs(['ip', 'addr', 'add', end.address, 'dev', end.name]));
    await runOk(inNs(['ip', 'link', 'set', 'dev', end.name, 'up']));
  }
}

/** Name of the file, in a lab's working directory, that holds the root network namespace. */
export const ROOT_NETNS_FILE = 'root-netns';

/**
 * Bind-mounts the caller's (root) network namespace onto PATH, so that a program running
 * inside a lab namespace can step back out with `nsenter --net=PATH -- CMD` (dnsmasq's
 * --dhcp-script runs in the server namespace). Inside `ip netns exec`, /proc/1/ns/net and
 * /proc/PID/ns/net cannot be opened ("Permission denied", observed), a bind mount can.
 * Deliberately not under /run/netns: `ip netns pids` on it would list every process.
 */
export async function bindRootNetns(path: string): Promise<void> {
  writeFileSync(path, '');
  await runOk(['mount', '--bind', '/proc/self/ns/net', path]);
}

/** Undoes bindRootNetns (lazily, so a script still inside it does not block the teardown). */
export function unbindRootNetns(path: string): void {
  runSync(['umount', '-l', path]);
}

/** Signals every process inside namespace NS (daemons' forked children included). */
function signalNamespace(ns: string, signal: NodeJS.Signals): number {
  const pids = runSync(['ip', 'netns', 'pids', ns]).stdout.split('\n').map((s) => Number.parseInt(s, 10)).filter((n) => Number.isFinite(n) && n > 0);
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  return pids.length;
}

/** Names of the veth ends inside namespace NS. */
function vethsIn(ns: string): string[] {
  return runSync(['ip', '-n', ns, '-o', 'link', 'show', 'type', 'veth']).stdout
    .split('\n')
    .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/**
 * Deletes the veth pairs of NS from inside it. `ip netns del` only removes the mount: the
 * kernel frees the namespace, and with it the root-side peers, later, in a work queue, once
 * its last process has exited — on a busy 2-core machine a createLab that failed half-way
 * left `sylab-m1` in the root namespace after its teardown had returned. Deleting a veth
 * end is synchronous and takes its peer with it.
 */
function deleteVeths(ns: string): void {
  for (const name of vethsIn(ns)) runSync(['ip', '-n', ns, 'link', 'del', name]);
}

/** Ends every process in NS (TERM, then KILL after a grace period) and deletes NS with its veths. */
export async function deleteNamespace(ns: string, graceMs = 2000): Promise<void> {
  if (signalNamespace(ns, 'SIGTERM') > 0) {
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && runSync(['ip', 'netns', 'pids', ns]).stdout.trim() !== '') {
      await new Promise((r) => setTimeout(r, 50));
    }
    signalNamespace(ns, 'SIGKILL');
  }
  deleteVeths(ns);
  await run(['ip', 'netns', 'del', ns]);
  removeFrrDirs(ns);
}

/** Synchronous teardown of NS for exit handlers: KILL everything inside, delete it. */
export function deleteNamespaceSync(ns: string): void {
  signalNamespace(ns, 'SIGKILL');
  deleteVeths(ns);
  runSync(['ip', 'netns', 'del', ns]);
  removeFrrDirs(ns);
}

function removeFrrDirs(ns: string): void {
  if (!ns.startsWith(LAB_PREFIX)) return;
  rmSync(join(FRR_ETC, ns), { recursive: true, force: true });
  rmSync(join(FRR_RUN, ns), { recursive: true, force: true });
}

/**
 * Removes what an earlier lab left behind: its namespaces (and their processes), root-side
 * veth ends, FRR pathspace directories and working directories. Call it holding the lock,
 * so nothing it removes belongs to a live lab. Returns what it removed.
 */
export async function cleanupLeftovers(keepDir?: string): Promise<string[]> {
  const removed: string[] = [];
  for (const ns of labNamespaces()) {
    await deleteNamespace(ns, 500);
    removed.push(`netns ${ns}`);
  }
  const links = runSync(['ip', '-o', 'link', 'show']).stdout.split('\n');
  for (const line of links) {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    if (name?.startsWith(LAB_PREFIX)) {
      await run(['ip', 'link', 'del', name]);
      removed.push(`link ${name}`);
    }
  }
  for (const base of [FRR_ETC, FRR_RUN]) {
    for (const entry of safeReaddir(base)) {
      if (entry.startsWith(LAB_PREFIX)) {
        rmSync(join(base, entry), { recursive: true, force: true });
        removed.push(join(base, entry));
      }
    }
  }
  for (const entry of safeReaddir(LAB_BASE_DIR)) {
    const path = join(LAB_BASE_DIR, entry);
    if (entry.startsWith('run-') && path !== keepDir && !process.env.SWITCHYARD_LAB_KEEP) {
      unbindRootNetns(join(path, ROOT_NETNS_FILE));
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
