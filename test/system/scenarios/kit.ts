/**
 * What the end-to-end scenarios share: a scratch copy of the FRR fixture project
 * (test/fixtures/system/frr-project), `switchyard watch` as a long-running child process
 * whose JSON lines the test waits on, and the normalisation of FRR's volatile header.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, repoRoot } from '../../helpers/paths.js';
import type { Lab } from '../lab/index.js';

/** The fixture project: FRR switches leaf1 (known MAC) and new1 (known by circuit-id only). */
export const FRR_PROJECT = join(fixturesDir, 'system', 'frr-project');

/** What the fixture inventory says about each lab switch (written by hand in inventory/sites/lab.yml). */
export const LEAF1 = { name: 'leaf1', mac: '02:00:00:00:51:01', mgmt: '198.51.100.2' } as const;
export const NEW1 = { name: 'new1', mgmt: '198.51.100.6', circuitId: 'eth-0-7' } as const;

/**
 * The drift an operator might type by hand on leaf1 (as root, through vtysh in the switch's
 * namespace): a changed description, a stray prefix-list entry, a BGP neighbour removed.
 */
export const LEAF1_DRIFT: readonly string[] = [
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

/** One JSON line the daemon printed: a decision (has `action`) or a log record (has `msg`). */
export type WatchRecord = Record<string, unknown>;

/** `switchyard watch --json` running as a child process. */
export interface WatchDaemon {
  readonly records: readonly WatchRecord[];
  /** Index of the next record: wait for records after this point. */
  mark(): number;
  /** Resolves with the first record from index FROM on that satisfies PREDICATE. */
  waitFor(what: string, predicate: (r: WatchRecord) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<WatchRecord>;
  /** Everything it printed on stderr. */
  stderr(): string;
  /** SIGTERM, then waits for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `switchyard --root ROOT watch --json ARGS` from source and waits for its
 * `watching` record (inputs open, positioned at their end: only lines written from now on
 * count).
 */
export async function startWatch(root: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<WatchDaemon> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/bin.ts'), '--root', root, 'watch', '--json', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const records: WatchRecord[] = [];
  let stdoutRest = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdoutRest += chunk;
    const lines = stdoutRest.split('\n');
    stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line) as WatchRecord);
      } catch {
        records.push({ unparsed: line });
      }
    }
    wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      exitCode = code;
      wake();
      resolve(code);
    });
  });

  const waitFor: WatchDaemon['waitFor'] = (what, predicate, options = {}) =>
    new Promise((resolve, reject) => {
      let from = options.from ?? 0;
      const check = (): void => {
        for (; from < records.length; from++) {
          const r = records[from] as WatchRecord;
          if (predicate(r)) {
            done();
            resolve(r);
            return;
          }
        }
        if (exitCode !== undefined) {
          done();
          reject(new Error(`switchyard watch exited (${exitCode}) before ${what}\nstdout:\n${records.map((r) => JSON.stringify(r)).join('\n')}\nstderr:\n${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}\nrecords:\n${records.map((r) => JSON.stringify(r)).join('\n')}\nstderr:\n${stderr}`));
      }, options.timeoutMs ?? 30_000);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const daemon: WatchDaemon = {
    records,
    mark: () => records.length,
    waitFor,
    stderr: () => stderr,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  try {
    await waitFor('the daemon to start watching', (r) => r.msg === 'watching', { timeoutMs: 30_000 });
  } catch (err) {
    await daemon.stop();
    throw err;
  }
  return daemon;
}

/** A `job finished` record of DEVICE. */
export function jobFinished(device: string): (r: WatchRecord) => boolean {
  return (r) => r.msg === 'job finished' && r.device === device;
}

/** VALUE, or a clear failure when the before hook that sets it failed. */
export function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('not set up: the before hook failed (see its error)');
  return value;
}

/** Removes a scratch project. */
export async function removeProject(root: string | undefined): Promise<void> {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
}
