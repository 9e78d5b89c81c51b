/**
 * What the end-to-end scenarios share: a scratch copy of the FRR fixture project
 * (test/fixtures/system/frr-project), `switchyard watch` as a long-running child process
 * whose JSON lines the test waits on, and the normalisation of FRR's volatile header.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir } from '../../helpers/paths.js';
import type { Lab } from '../lab/index.js';

/** The fixture project: FRR switches leaf1 (known MAC) and new1 (known by circuit-id only). */
const FRR_PROJECT = join(fixturesDir, 'system', 'frr-project');

/** What the fixture inventory says about each lab switch (written by hand in inventory/sites/lab.yml). */
export const LEAF1 = { name: 'leaf1', mac: '02:00:00:00:51:01', mgmt: '198.51.100.2' } as const;
export const NEW1 = { name: 'new1', mgmt: '198.51.100.6', circuitId: 'eth-0-7' } as const;

/**
 * The drift an operator might type by hand on leaf1 (as root, through vtysh in the switch's
 * namespace): a changed description, a stray prefix-list entry, a BGP neighbour removed.
 */
const LEAF1_DRIFT: readonly string[] = [
  'configure terminal',
  'interface lo',
  'description changed by hand',
  'exit',
  'ip prefix-list OUT seq 15 deny 10.0.0.0/8',
  'router bgp 65001',
  'no neighbor 203.0.113.10',
];

/** Applies LEAF1_DRIFT and checks, over OpenSSH, that each of the three changes shows. */
export async function driftLeaf1(lab: Lab): Promise<void> {
  const r = await lab.vtysh(LEAF1.name, LEAF1_DRIFT);
  if (r.code !== 0) throw new Error(`vtysh drift failed: ${r.stdout}${r.stderr}`);
  const running = await lab.sshRunningConfig(LEAF1.name);
  for (const [what, ok] of [
    ['changed description', /^ description changed by hand$/m.test(running)],
    ['stray prefix-list entry', /^ip prefix-list OUT seq 15 deny 10\.0\.0\.0\/8$/m.test(running)],
    ['neighbour removed', !/203\.0\.113\.10/.test(running)],
  ] as const) {
    if (!ok) throw new Error(`drift not visible (${what}):\n${running}`);
  }
}

/**
 * After a reconcile of the drifted leaf1: read back through OpenSSH (not Switchyard) the
 * running config equals the baseline, and `write memory` put the repaired lines into
 * frr.conf on disk.
 */
export async function expectLeaf1Repaired(lab: Lab): Promise<void> {
  assert.equal(withoutVolatileHeader(await lab.sshRunningConfig(LEAF1.name)), await baseline(LEAF1.name));
  const saved = readFileSync(lab.switch(LEAF1.name).frrConfigFile, 'utf8');
  assert.match(saved, /^ neighbor 203\.0\.113\.10 remote-as 65003$/m);
  assert.match(saved, /^ description loopback of leaf1$/m);
  assert.doesNotMatch(saved, /seq 15|changed by hand/);
}

/** The team account of the fixture inventory (inventory/defaults.yml; its password comes from SWITCHYARD_LAB_PASSWORD). */
export const INVENTORY_USER = 'switchyard-lab';

/** The fixture's suppress window of the reconcile rule (rules/dhcp.yml): wait it out before the next renewal. */
export const SUPPRESS_MS = 2_000;

/** The committed baseline of a fixture device. */
export function baseline(device: string): Promise<string> {
  return readFile(join(FRR_PROJECT, 'baselines', 'lab', `${device}.cfg`), 'utf8');
}

/** A throw-away copy of the fixture project (its state folder starts empty). */
export async function copyProject(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sy-system-'));
  await cp(FRR_PROJECT, root, { recursive: true });
  return root;
}

/** The environment a Switchyard process needs for the lab: the inventory reads the team password from it. */
export function labEnv(lab: Lab): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', SWITCHYARD_LAB_PASSWORD: lab.credentials.password };
}

/** The run journal (`.switchyard/runs.jsonl`) as records; none when the file does not exist. */
export async function runRecords(root: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(root, '.switchyard', 'runs.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Writes an endpoints file (`DEVICE or DHCP-ADDRESS → HOST:PORT`) into the project; returns its path. */
export async function writeEndpoints(root: string, map: Readonly<Record<string, string>>): Promise<string> {
  const path = join(root, 'endpoints.json');
  await writeFile(path, `${JSON.stringify(map, null, 2)}\n`);
  return path;
}

const HEADER = [/^Building configuration\.\.\.$/, /^$/, /^Current configuration:$/, /^!$/, /^frr version \S+$/];

/**
 * `show running-config` without FRR's volatile header — `Building configuration...`, the
 * blank line, `Current configuration:`, `!`, `frr version X` — so it compares with a
 * baseline. Written here, apart from src/config, so the comparison does not trust the
 * engine under test. Throws when the header is not there: a changed header must be seen.
 */
export function withoutVolatileHeader(running: string): string {
  const lines = running.split('\n');
  HEADER.forEach((re, i) => {
    if (!re.test(lines[i] ?? '')) throw new Error(`line ${i + 1} of show running-config is ${JSON.stringify(lines[i])}, expected ${String(re)}:\n${running}`);
  });
  return lines.slice(HEADER.length).join('\n');
}

export { startWatch, jobFinished, type WatchDaemon, type WatchRecord } from '../../helpers/watch-daemon.js';
import type { WatchDaemon } from '../../helpers/watch-daemon.js';

/** VALUE, or a clear failure when the before hook that sets it failed. */
export function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('not set up: the before hook failed (see its error)');
  return value;
}

/**
 * A scenario's teardown, in reverse order of set-up: stop the daemon, destroy the lab,
 * remove the project; then the daemon must have exited 0 (a crash on stop is a failure).
 */
export async function tearDown(watch: WatchDaemon | undefined, lab: Lab | undefined, root: string | undefined): Promise<void> {
  const code = await watch?.stop();
  await lab?.destroy();
  await removeProject(root);
  assert.equal(code ?? 0, 0, `watch exit code; stderr: ${watch?.stderr() ?? ''}`);
}

/** Removes a scratch project. */
async function removeProject(root: string | undefined): Promise<void> {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
}
