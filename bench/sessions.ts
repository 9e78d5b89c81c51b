/**
 * Benchmark of device sessions: N simulated switches in a child process, one session to
 * each (login, paging off, `show running-config`, close), C at a time. Prints sessions per
 * second, wall time, client CPU and peak RSS, where the time of one session goes, and the
 * command to reproduce.
 *
 *   node --import tsx bench/sessions.ts --devices 1000 --concurrency 100
 *   options: --platform mix|fsos-s5850|fsos-s3900|ios, --first-use (pin keys while connecting
 *   instead of pre-pinned), --kex NAME (prefer a key exchange, e.g. diffie-hellman-group-exchange-sha256),
 *   --cpu-profile FILE (V8 CPU profile of the client over the measured run only; open in Chrome DevTools),
 *   --lab-cpu-profile-dir DIR (V8 CPU profile of the simulator child, whole life)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Session as InspectorSession } from 'node:inspector';
import { HostKeyStore, openSession } from '../src/device/index.js';
import { getPlatform, type PlatformName } from '../src/platforms/index.js';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '100' },
    platform: { type: 'string', default: 'mix' },
    'first-use': { type: 'boolean', default: false },
    kex: { type: 'string' },
    'cpu-profile': { type: 'string' },
    'lab-cpu-profile-dir': { type: 'string' },
  },
});
const deviceCount = Number(values.devices);
const concurrency = Number(values.concurrency);

interface LabInfo {
  readonly devices: readonly { name: string; platform: PlatformName; host: string; port: number; hostKey: string }[];
}

const childArgs = [
  ...(values['lab-cpu-profile-dir'] !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${values['lab-cpu-profile-dir']}`] : []),
  '--import',
  'tsx',
  new URL('./lab-child.ts', import.meta.url).pathname,
  '--devices',
  String(deviceCount),
  '--platform',
  values.platform,
];
const child = spawn(process.execPath, childArgs, { stdio: ['pipe', 'pipe', 'inherit'] });
const labStarted = performance.now();
const info = await new Promise<LabInfo>((resolve, reject) => {
  const rl = createInterface({ input: child.stdout });
  rl.once('line', (line) => resolve(JSON.parse(line) as LabInfo));
  child.once('exit', (code) => reject(new Error(`lab child exited with ${code}`)));
});
const labSeconds = (performance.now() - labStarted) / 1000;

const stateDir = await mkdtemp(join(tmpdir(), 'switchyard-bench-state-'));
const store = new HostKeyStore(stateDir);
if (!values['first-use']) await Promise.all(info.devices.map((d) => store.pin(d.host, d.port, d.hostKey)));

const phases = { login: 0, read: 0, close: 0 };
let failures = 0;
let bytes = 0;
const profiler = values['cpu-profile'] === undefined ? undefined : await startProfiler();
const loadBefore = loadavg()[0] ?? 0;
const childCpuBefore = await procCpuSeconds(child.pid as number);
const cpuBefore = process.cpuUsage();
const started = performance.now();

let next = 0;
const firstErrors: string[] = [];
let negotiated = '';
async function worker(): Promise<void> {
  while (next < info.devices.length) {
    const d = info.devices[next++]!;
    const platform = getPlatform(d.platform);
    try {
      const t0 = performance.now();
      const session = await openSession({
        host: d.host,
        port: d.port,
        username: 'bench',
        password: 'bench-pw',
        platform,
        hostKey: { store, allowFirstUse: values['first-use'] },
        commandTimeoutMs: 30_000,
        connectTimeoutMs: 30_000,
        ...(values.kex !== undefined ? { preferredAlgorithms: { kex: [values.kex] } } : {}),
      });
      const t1 = performance.now();
      negotiated ||= `${session.negotiated.kex}, ${session.negotiated.serverHostKey}, ${session.negotiated.cipher}`;
      const config = await session.showRunningConfig();
      const t2 = performance.now();
      await session.close();
      const t3 = performance.now();
      if (!config.includes(`hostname ${d.name}`)) throw new Error(`${d.name}: running config without its hostname`);
      bytes += config.length;
      phases.login += t1 - t0;
      phases.read += t2 - t1;
      phases.close += t3 - t2;
    } catch (err) {
      failures++;
      if (firstErrors.length < 3) firstErrors.push((err as Error).message.split('\n')[0] as string);
    }
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, info.devices.length) }, () => worker()));
const wall = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const childCpu = (await procCpuSeconds(child.pid as number)) - childCpuBefore;
// Peak resident set of this process over its life (getrusage), not a sample: nothing missed between samples.
const peakRss = process.resourceUsage().maxRSS * 1024;
if (profiler !== undefined) await profiler.stop(values['cpu-profile'] as string);

child.stdin.end();
await new Promise((r) => child.once('exit', r));
await rm(stateDir, { recursive: true, force: true });

const ok = info.devices.length - failures;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
const ms = (total: number): string => `${(total / Math.max(ok, 1)).toFixed(1)} ms`;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`lab: ${info.devices.length} simulated switches (${values.platform}) started in a child process in ${labSeconds.toFixed(1)} s`);
console.log(`sessions: ${ok} ok, ${failures} failed, concurrency ${concurrency}, host keys ${values['first-use'] ? 'pinned on first use' : 'pre-pinned (strict)'}${values.kex ? `, kex ${values.kex}` : ''}`);
console.log(`algorithms: ${negotiated}`);
console.log(`wall time: ${wall.toFixed(2)} s`);
console.log(`throughput: ${(ok / wall).toFixed(0)} sessions/s (login + paging off + show running-config + close)`);
console.log(`client: CPU ${(cpu.user / 1e6).toFixed(2)} s user + ${(cpu.system / 1e6).toFixed(2)} s system (${(((cpu.user + cpu.system) / 1e6 / ok) * 1000).toFixed(2)} ms per session), peak RSS ${mb(peakRss)}`);
console.log(`simulator child: CPU ${childCpu.toFixed(2)} s (${((childCpu / ok) * 1000).toFixed(2)} ms per session)`);
const cpuPerSession = ((cpu.user + cpu.system) / 1e6 + childCpu) / Math.max(ok, 1);
console.log(
  `CPU-bound ceiling on ${cpus().length} idle cores: ${(cpus().length / cpuPerSession).toFixed(0)} sessions/s (client + simulator CPU per session); ` +
    `the two processes got ${((cpuPerSession * ok) / wall).toFixed(2)} of ${cpus().length} cores; load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after (other work on the machine slows the wall clock, not the CPU figures)`,
);
console.log(`per session (mean latency under load): login ${ms(phases.login)}, read ${ms(phases.read)}, close ${ms(phases.close)}; ${(bytes / Math.max(ok, 1)).toFixed(0)} bytes of config`);
if (firstErrors.length > 0) console.log(`first errors:\n  ${firstErrors.join('\n  ')}`);
console.log(`reproduce: node --import tsx bench/sessions.ts --devices ${deviceCount} --concurrency ${concurrency}${values.platform !== 'mix' ? ` --platform ${values.platform}` : ''}${values['first-use'] ? ' --first-use' : ''}${values.kex ? ` --kex ${values.kex}` : ''}`);
process.exitCode = failures > 0 ? 1 : 0;

/** User + system CPU seconds of a process, from /proc (Linux). */
async function procCpuSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** A V8 CPU profiler over part of the run (node:inspector), written as a .cpuprofile. */
async function startProfiler(): Promise<{ stop(path: string): Promise<void> }> {
  const session = new InspectorSession();
  session.connect();
  const post = (method: string): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async (path) => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      await writeFile(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
