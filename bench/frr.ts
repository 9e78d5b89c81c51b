/**
 * FRR benchmark (issue 7): `switchyard reconcile --check` and an apply on 10 real FRR
 * switches (FRR 8.4 behind OpenSSH, each in its own network namespace: the system-test
 * lab, test/system/lab). Every switch boots in sync from its baseline, then drifts (a
 * changed description, a stray prefix-list entry, a BGP neighbour removed); the bench
 * times the CLI as a user runs it, from process start to exit. Needs root and the lab's
 * Debian packages (docs/system-tests.md).
 *
 *   node --import tsx bench/frr.ts [SWITCHES]      (default 10)
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../test/helpers/paths.js';
import { createLab, type Lab } from '../test/system/lab/index.js';
import { LAB_TOOLS, missingPrerequisites } from '../test/system/prereq.js';

const SWITCHES = Number(process.argv[2] ?? 10);
const PREFIXES = 40;
const NEIGHBORS = 4;
const PASSWORD = 'lab-password-7';

if (!Number.isInteger(SWITCHES) || SWITCHES < 1 || SWITCHES > 32) throw new Error('switch count must be a whole number from 1 to 32');
const missing = missingPrerequisites(LAB_TOOLS);
if (missing.length > 0) {
  console.error(`bench/frr needs: ${missing.join(', ')}`);
  process.exit(1);
}

interface Timed {
  readonly ms: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `switchyard ARGS` from source (as the tests do) and times it from spawn to exit. */
function switchyard(root: string, args: readonly string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/bin.ts'), '--root', root, ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', SWITCHYARD_LAB_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, code: code ?? 1, stdout, stderr }));
  });
}

const name = (i: number): string => `r${String(i + 1).padStart(2, '0')}`;
/** The lab's address plan: switch i is 198.51.100.(4i+2). */
const mgmt = (i: number): string => `198.51.100.${4 * i + 2}`;

/** A project of SWITCHES FRR routers with the system-test fixture's template. */
async function generate(dir: string): Promise<void> {
  await cp(join(repoRoot, 'test/fixtures/system/frr-project/templates'), join(dir, 'templates'), { recursive: true });
  await mkdir(join(dir, 'inventory/sites'), { recursive: true });
  await writeFile(
    join(dir, 'inventory/defaults.yml'),
    ['platform: frr', 'credentials: { username: switchyard-lab, password: { env: SWITCHYARD_LAB_PASSWORD } }', 'vars: { bgp_asn: 65001 }', ''].join('\n'),
  );
  const lines = ['site: bench', 'devices:'];
  for (let i = 0; i < SWITCHES; i++) {
    lines.push(
      `  ${name(i)}:`,
      '    role: leaf',
      `    mgmt: { host: ${mgmt(i)} }`,
      '    vars:',
      `      router_id: ${mgmt(i)}`,
      `      interfaces: { lo: { description: loopback of ${name(i)} } }`,
      '      neighbors:',
      ...Array.from({ length: NEIGHBORS }, (_, n) => `        - { address: 203.0.113.${n + 1}, remote_as: ${65100 + n} }`),
      '      prefix_lists:',
      '        OUT:',
      ...Array.from({ length: PREFIXES }, (_, p) => `          - { seq: ${(p + 1) * 5}, action: permit, prefix: 10.${i}.${p}.0/24 }`),
    );
  }
  await writeFile(join(dir, 'inventory/sites/bench.yml'), `${lines.join('\n')}\n`);
}

/** Drift as in the scenarios: description, stray prefix-list entry, a neighbour removed. */
async function drift(lab: Lab, i: number): Promise<void> {
  const r = await lab.vtysh(name(i), [
    'configure terminal', 'interface lo', 'description changed by hand', 'exit',
    'ip prefix-list OUT seq 999 deny 192.0.2.0/24', 'router bgp 65001', 'no neighbor 203.0.113.2',
  ]);
  if (r.code !== 0) throw new Error(`drift of ${name(i)} failed: ${r.stdout}${r.stderr}`);
}

function outcomes(run: Timed): string {
  const doc = JSON.parse(run.stdout) as { results: { outcome: string; commands: string[] }[] };
  const count = new Map<string, number>();
  for (const r of doc.results) count.set(r.outcome, (count.get(r.outcome) ?? 0) + 1);
  const commands = doc.results.reduce((n, r) => n + r.commands.length, 0);
  return `${[...count].map(([o, n]) => `${n} ${o}`).join(', ')}; ${commands} commands`;
}

/** Median per-device time of each step (the JSON results' durations). */
function steps(run: Timed): string {
  const doc = JSON.parse(run.stdout) as { results: { durations: Record<string, number> }[] };
  const names = ['connect', 'read', 'plan', 'push', 'verify', 'save', 'total'];
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return names
    .map((n) => [n, doc.results.map((r) => r.durations[n]).filter((v): v is number => v !== undefined)] as const)
    .filter(([, xs]) => xs.length > 0)
    .map(([n, xs]) => `${n} ${median(xs)} ms`)
    .join(', ');
}

function expect(run: Timed, code: number, what: string): void {
  if (run.code !== code) throw new Error(`${what}: exit ${run.code}, expected ${code}\n${run.stdout}\n${run.stderr}`);
}

const dir = await mkdtemp(join(tmpdir(), 'sy-bench-frr-'));
let lab: Lab | undefined;
try {
  await generate(dir);
  expect(await switchyard(dir, ['render', '--site', 'bench', '--write']), 0, 'render --write');
  const baselines = await Promise.all(Array.from({ length: SWITCHES }, (_, i) => readFile(join(dir, 'baselines/bench', `${name(i)}.cfg`), 'utf8')));

  const t0 = performance.now();
  lab = await createLab({
    credentials: { username: 'switchyard-lab', password: PASSWORD },
    switches: baselines.map((config, i) => ({ name: name(i), mac: `02:00:00:00:b0:${String(i + 1).padStart(2, '0')}`, dhcp: false, frrConfig: config })),
  });
  const setupMs = performance.now() - t0;
  const l = lab;
  await Promise.all(Array.from({ length: SWITCHES }, (_, i) => drift(l, i)));

  const startup = await switchyard(dir, ['--help']);
  const check = await switchyard(dir, ['reconcile', '--site', 'bench', '--check', '--json']);
  expect(check, 2, 'reconcile --check on the drifted fleet');
  const apply = await switchyard(dir, ['reconcile', '--site', 'bench', '--json']);
  expect(apply, 0, 'reconcile (apply)');
  const again = await switchyard(dir, ['reconcile', '--site', 'bench', '--check', '--json']);
  expect(again, 0, 'reconcile --check after the apply');

  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`FRR benchmark: ${SWITCHES} switches (FRR 8.4 behind OpenSSH, one network namespace each), ${baselines[0]?.split('\n').length ?? 0} config lines each`);
  console.log(`machine:                     ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`lab setup (not measured):    ${s(setupMs)}`);
  console.log(`CLI start-up (--help):       ${s(startup.ms)}  (included in each figure below)`);
  console.log(`reconcile --check (drift):   ${s(check.ms)}  exit ${check.code}: ${outcomes(check)}`);
  console.log(`reconcile (apply + verify + write memory): ${s(apply.ms)}  exit ${apply.code}: ${outcomes(apply)}`);
  console.log(`reconcile --check (in sync): ${s(again.ms)}  exit ${again.code}: ${outcomes(again)}`);
  console.log(`per device, median (apply):  ${steps(apply)}`);
  console.log(`per device, median (check):  ${steps(check)}`);
  console.log(`reproduce (root, Debian 12 with the lab's packages): node --import tsx bench/frr.ts ${SWITCHES}`);
} finally {
  await lab?.destroy();
  await rm(dir, { recursive: true, force: true });
}
