/**
 * Benchmark of `switchyard watch` (run: `node --import tsx bench/watch.ts [--lines N] [--events N]`).
 *
 * 1. Replay: generates a dhcpd log (syslog form, a realistic mix with about 4 % DHCPACK),
 *    converts the seed's SEC rules (test/fixtures/trigger/seed-dhcp.rules, --actions native)
 *    and replays the log against the example project's inventory, serialising every
 *    decision as `watch --replay --json` prints it. Reports lines per second.
 * 2. Latency: a daemon tails a file that another process appends DHCPACKs to; reports the
 *    time from a line's write to its job starting (p50/p99), over N events.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInventory, type Device } from '../src/inventory/index.js';
import { compileRuleSources, convertSec, DecisionEngine, replayFiles, Watcher, type CompiledRule } from '../src/trigger/index.js';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const LINES = arg('--lines', 1_000_000);
const EVENTS = arg('--events', 1000);

function hex2(n: number): string {
  return (n & 255).toString(16).padStart(2, '0');
}

/** A day of a busy dhcpd: DISCOVER/OFFER/REQUEST/ACK exchanges, renewals, the odd INFORM and pool warning. */
async function generateLog(path: string, lines: number, switches: readonly Device[]): Promise<number> {
  const out = createWriteStream(path);
  let acks = 0;
  let buf: string[] = [];
  const t0 = new Date(2026, 10, 27, 0, 0, 0).getTime();
  for (let i = 0; i < lines; i++) {
    const d = new Date(t0 + Math.floor((i * 86_400_000) / lines));
    const ts = `${d.toDateString().slice(4, 10)} ${d.toTimeString().slice(0, 8)} dhcp1 dhcpd[2107]: `;
    const client = i % 5000;
    const mac = `3c:52:82:${hex2(client >> 8)}:${hex2(client)}:${hex2(i >> 12)}`;
    const ip = `10.${20 + (client >> 12)}.${(client >> 8) & 15}.${client & 255}`;
    const host = client % 3 === 0 ? '' : ` (host-${client})`;
    const r = i % 100;
    let line: string;
    if (r < 2) {
      // A switch of the inventory renews, or a factory-new one boots.
      const sw = switches[i % switches.length]!;
      line = i % 7 === 0 ? `DHCPACK on 10.10.0.${200 + (i % 50)} to 00:00:5e:00:53:${hex2(i)} (Switch) via 10.10.0.1` : `DHCPACK on ${sw.mgmt.host} to ${sw.mac} (${sw.name}) via eth0`;
      acks++;
    } else if (r < 4) {
      line = `DHCPACK on ${ip} to ${mac}${host} via eth0`;
      acks++;
    } else if (r < 26) line = `DHCPDISCOVER from ${mac} via eth0`;
    else if (r < 48) line = `DHCPOFFER on ${ip} to ${mac}${host} via eth0`;
    else if (r < 74) line = `DHCPREQUEST for ${ip} (10.20.0.1) from ${mac}${host} via eth0`;
    else if (r < 90) line = `reuse_lease: lease age 1320 (secs) under 25% threshold, reply with unaltered, existing lease for ${ip}`;
    else if (r < 95) line = `DHCPINFORM from ${ip} via eth0`;
    else if (r < 98) line = `DHCPACK to ${ip} (${mac}) via eth0`;
    else line = `DHCPRELEASE of ${ip} from ${mac}${host} via eth0 (found)`;
    buf.push(ts + line);
    if (buf.length === 10_000) {
      if (!out.write(`${buf.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
    }
  }
  out.write(buf.length ? `${buf.join('\n')}\n` : '');
  await new Promise<void>((r) => out.end(() => r()));
  return acks;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function seedRules(): Promise<CompiledRule[]> {
  const sec = await readFile(join(repoRoot, 'test/fixtures/trigger/seed-dhcp.rules'), 'utf8');
  const { yaml } = convertSec(sec, { file: 'seed-dhcp.rules', actions: 'native' });
  const { ruleSet, problems } = compileRuleSources(repoRoot, [{ file: 'rules/seed.yml', text: yaml }]);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
  return [...ruleSet.rules];
}

async function benchReplay(dir: string): Promise<void> {
  const inventory = await loadInventory(repoRoot);
  const switches = inventory.devices.filter((d) => d.mac !== undefined);
  const log = join(dir, 'dhcpd.log');
  const acks = await generateLog(log, LINES, switches);
  const rules = await seedRules();
  const runs: number[] = [];
  let decisions = 0;
  let bytes = 0;
  const counts: Record<string, number> = {};
  for (let run = 0; run < 5; run++) {
    const engine = new DecisionEngine({ inventory, rules, lldp: false });
    let out = 0;
    const t0 = performance.now();
    const stats = await replayFiles([log], {
      engine,
      onVerdict: (v) => {
        // As `--json` prints it (the string is built, then dropped).
        out += JSON.stringify(v.decision).length;
        if (run === 0) counts[v.decision!.action] = (counts[v.decision!.action] ?? 0) + 1;
      },
    });
    runs.push(performance.now() - t0);
    decisions = stats.decisions;
    bytes = stats.bytes;
    void out;
  }
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)]!;
  console.log(`replay: ${LINES.toLocaleString('en')} lines (${(bytes / 1e6).toFixed(0)} MB, ${acks.toLocaleString('en')} DHCPACK) with the seed's 3 rules`);
  console.log(`  decisions: ${decisions.toLocaleString('en')} (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  console.log(`  median of 5: ${median.toFixed(0)} ms → ${Math.round(LINES / (median / 1000)).toLocaleString('en')} lines/s (best ${Math.round(LINES / (runs[0]! / 1000)).toLocaleString('en')}); SEC 2.9.1: ~164,000 lines/s`);
}

async function benchLatency(dir: string): Promise<void> {
  const inventory = await loadInventory(repoRoot);
  const switches = inventory.devices.filter((d) => d.mac !== undefined);
  const log = join(dir, 'live.log');
  writeFileSync(log, '');
  // The seed's rules without a suppress window, so that every ACK starts a job.
  const rules = (await seedRules()).map((r) => ({ ...r, suppressMs: 0 }));
  const startedAt = new Map<number, number>();
  const watcher = await Watcher.start({
    root: repoRoot,
    stateDir: join(dir, 'state'),
    load: async () => ({ inventory, rules: { rules, inputs: [], files: [] }, bindings: new Map() }),
    handlers: { reconcile: async () => ({ status: 'ok', message: 'bench' }), provision: async () => ({ status: 'ok', message: 'bench' }) },
    dryRun: false,
    inputs: [{ kind: 'file', path: log }],
    socketPath: join(dir, 'watch.sock'),
    onDecision: () => undefined,
    log: () => undefined,
  });
  watcher.onJobStart = (job) => {
    const [, , a, b] = job.event.ip.split('.').map(Number);
    startedAt.set(a! * 256 + b!, Number(process.hrtime.bigint()) / 1e6);
  };
  // The writer is another process, as a DHCP server (or rsyslog) would be. Both sides read
  // CLOCK_MONOTONIC (process.hrtime), which is one clock for all processes on Linux.
  // Each event's address is unique (10.99.i/256.i%256): it tells which line a job came from.
  const lines = Array.from({ length: EVENTS }, (_, i) => {
    const sw = switches[i % switches.length]!;
    return `Nov 27 20:50:41 dhcp1 dhcpd[2107]: DHCPACK on 10.99.${i >> 8}.${i & 255} to ${sw.mac} (${sw.name}) via eth0\n`;
  });
  const script = `
    const { appendFileSync } = require('node:fs');
    const lines = JSON.parse(process.argv[2]); const path = process.argv[1]; const t = [];
    let i = 0;
    const tick = () => { t.push(Number(process.hrtime.bigint()) / 1e6); appendFileSync(path, lines[i]); if (++i < lines.length) setTimeout(tick, 8); else process.stdout.write(JSON.stringify(t)); };
    setTimeout(tick, 200);`;
  const child = spawn(process.execPath, ['-e', script, log, JSON.stringify(lines)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.on('close', r));
  const written = JSON.parse(out) as number[];
  const deadline = Date.now() + 5000;
  while (startedAt.size < EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await watcher.stop();
  const lat = [...startedAt].map(([i, t]) => t - written[i]!).sort((a, b) => a - b);
  console.log(`latency: DHCPACK appended by another process → its job started, ${lat.length} of ${EVENTS} events (one every 8 ms, ${switches.length} switches in turn)`);
  console.log(`  p50 ${percentile(lat, 50).toFixed(2)} ms, p90 ${percentile(lat, 90).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms, max ${lat[lat.length - 1]!.toFixed(2)} ms`);
  // Two ACKs of one switch read in one batch make one job (by design); say how many.
  if (startedAt.size !== EVENTS) console.log(`  ${EVENTS - startedAt.size} events collapsed into another event's job (read in the same batch)`);
}

const dir = await mkdtemp(join(tmpdir(), 'switchyard-bench-'));
try {
  const cpu = cpus();
  console.log(`switchyard watch benchmark — Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`reproduce: node --import tsx bench/watch.ts --lines ${LINES} --events ${EVENTS}\n`);
  await benchReplay(dir);
  console.log('');
  await benchLatency(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
