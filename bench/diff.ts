/**
 * Config engine benchmark: generates running configs of 10k, 50k and 200k lines (FSOS
 * S5850 by default: ports, VLANs with names, ACLs, routes; or FRR: interfaces, prefix-lists,
 * route-maps, BGP neighbors with address-family lines) and a desired config with about
 * 10 % of the lines changed, removed or added. Prints the time to parse both texts and to
 * compute the remediation (median of 15 runs after a first one, and that first one), the commands it found,
 * checks that the commands reach the desired config in the platform model, and times the
 * human (unified) diff of the two configs.
 *
 *   node --import tsx bench/diff.ts [--platform fsos-s5850|frr] [LINES...]
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { normalise, parseConfig, predict, remediateTrees, unifiedDiff } from '../src/config/index.js';
import { getPlatform } from '../src/platforms/index.js';

const args = process.argv.slice(2);
const pi = args.indexOf('--platform');
const platform = pi >= 0 ? (args[pi + 1] ?? '') : 'fsos-s5850';
const sizes = args.filter((_a, i) => pi < 0 || (i !== pi && i !== pi + 1)).map(Number);
const targets = sizes.length ? sizes : [10_000, 50_000, 200_000];
const rules = getPlatform(platform).config;
const RUNS = 15;

/** A small seeded PRNG (mulberry32), so every run benchmarks the same configs. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fsosRunning(lines: number): string[] {
  const out = ['Building configuration...', '!', 'version 7.2.2', '!', 'hostname BENCH-S5850', '!'];
  const vlans = Math.min(4000, Math.max(50, Math.floor(lines / 40)));
  out.push(`vlan range 2-${vlans + 1}`);
  for (let v = 2; v <= vlans + 1; v++) out.push('!', `vlan ${v}`, ` name vlan-${v}`);
  let port = 1;
  let acl = 1;
  let route = 1;
  while (out.length < lines) {
    const kind = out.length % 5;
    if (kind < 3) {
      out.push('!', `interface eth-${Math.floor(port / 48)}-${(port % 48) + 1}`, ` description port ${port}`);
      if (port % 3 === 0) out.push(' switchport mode trunk', ` switchport trunk allowed vlan add ${2 + (port % 50)},${60 + (port % 50)}-${64 + (port % 50)}`);
      else out.push(' switchport mode access', ` switchport access vlan ${2 + (port % vlans)}`);
      if (port % 7 === 0) out.push(' shutdown');
      port++;
    } else if (kind === 3) {
      out.push('!', `ip access-list ACL-${acl}`);
      for (let e = 1; e <= 20; e++) out.push(` ${e * 10} permit tcp 10.${acl % 250}.${e}.0/24 any eq ${1000 + e}`);
      acl++;
    } else {
      for (let r = 0; r < 10; r++, route++) out.push(`ip route 10.${(route >> 8) & 255}.${route & 255}.0/24 192.0.2.${1 + (route % 200)}`);
    }
  }
  out.push('!', 'end');
  return out;
}

function frrRunning(lines: number): string[] {
  const out = ['Building configuration...', '', 'Current configuration:', '!', 'frr version 8.4.4', 'frr defaults traditional', 'hostname bench', '!'];
  let n = 0;
  for (let i = 0; out.length < lines * 0.15; i++) out.push(`interface eth${i}`, ` description link ${i}`, ` ip address 10.${i >> 8}.${i & 255}.1/24`, 'exit', '!');
  for (let i = 0; out.length < lines * 0.45; i++) for (let s = 1; s <= 10; s++) out.push(`ip prefix-list PL-${i} seq ${s * 5} permit 10.${i & 255}.${s}.0/24`);
  for (let i = 0; out.length < lines * 0.55; i++) out.push(`route-map RM-${i} permit 10`, ` match ip address prefix-list PL-${i}`, ` set local-preference ${100 + (i % 100)}`, 'exit', '!');
  out.push('router bgp 65001', ' bgp router-id 10.0.0.1');
  const neighbors: string[] = [];
  for (; out.length < lines * 0.8; n++) {
    const ip = `172.${16 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
    neighbors.push(ip);
    out.push(` neighbor ${ip} remote-as ${65100 + (n % 500)}`, ` neighbor ${ip} description peer ${n}`);
  }
  out.push(' !', ' address-family ipv4 unicast');
  for (let i = 0; out.length < lines - 3; i++) {
    const ip = neighbors[i % neighbors.length] as string;
    out.push(i < neighbors.length ? `  neighbor ${ip} route-map RM-${i % 100} in` : `  network 10.${(i >> 8) & 255}.${i & 255}.0/24`);
  }
  out.push(' exit-address-family', 'exit', '!', 'end');
  return out;
}

const bump = (line: string, by: number): string => line.replace(/(\d+)(\D*)$/, (_m, d: string, rest: string) => `${Number(d) + by}${rest}`);

/**
 * Another line of the same kind that the device can hold next to `line`, or `undefined`
 * when the kind allows one line only (a second `name` would replace the first).
 */
function sibling(line: string): string | undefined {
  if (/^ \d+ /.test(line)) return line.replace(/^ (\d+)/, (_m, d: string) => ` ${Number(d) + 5}`); // ACL entry: its own sequence number
  if (/^ip prefix-list \S+ seq \d+ /.test(line)) return bump(line.replace(/ seq (\d+) /, (_m, d: string) => ` seq ${Number(d) + 1} `), 7);
  if (/^(ip route | {2}network | ip address )/.test(line)) return bump(line, 7);
  return undefined;
}

/**
 * About 10 % of the content lines changed, removed or added (a valid config: no second
 * line where the device keeps one, no neighbor setting without its neighbor).
 */
function drift(running: readonly string[], rnd: () => number): string[] {
  const out: string[] = [];
  for (const line of running) {
    const t = line.trim();
    const structural = !t || t.startsWith('!') || t.startsWith('exit') || /^(interface|router|vlan|ip access-list|route-map|address-family|end|Building|Current|version|frr|hostname)\b/.test(t);
    if (structural || rnd() >= 0.1) {
      out.push(line);
      continue;
    }
    const x = rnd();
    const extra = sibling(line);
    if (x < 0.3 && !/ remote-as /.test(line)) continue; // removed
    if (x < 0.6 && extra !== undefined) out.push(line, extra); // kept, plus one added
    else out.push(bump(line, 1)); // changed
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

console.log(`platform: ${platform}; median of ${RUNS} runs after the first; wall time, and CPU time of the process (on a shared machine the wall time includes waiting for a core)`);
console.log('"first run" is the run before them: for the first size it is a cold process (JIT compiling, young generation still small), as a one-device `reconcile` is');
console.log('"human diff" is the unified diff `plan` and `reconcile --check --diff` print (median of 3)');
console.log('lines    parse (both)  remediate  total     total CPU  first run  commands  converges  human diff');
for (const target of targets) {
  const base = platform === 'frr' ? frrRunning(target) : fsosRunning(target);
  const running = base.join('\n');
  const desired = drift(base, prng(target)).join('\n');
  const parseMs: number[] = [];
  const remMs: number[] = [];
  const totalMs: number[] = [];
  const cpuMs: number[] = [];
  let first = 0;
  let commands = 0;
  let last: readonly string[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = parseConfig(running, rules);
    const d = parseConfig(desired, rules);
    const t1 = performance.now();
    const rem = remediateTrees(r, d, rules);
    const t2 = performance.now();
    const cpu = process.cpuUsage(c0);
    commands = rem.commands.length;
    last = rem.commands;
    if (run === 0) {
      first = t2 - t0;
      continue;
    }
    parseMs.push(t1 - t0);
    remMs.push(t2 - t1);
    totalMs.push(t2 - t0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
  }
  const converges = predict(running, last, rules) === normalise(desired, rules);
  const diffMs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    unifiedDiff(running, desired, rules);
    diffMs.push(performance.now() - t0);
  }
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  console.log(
    `${String(base.length).padEnd(8)} ${ms(median(parseMs)).padEnd(13)} ${ms(median(remMs)).padEnd(10)} ${ms(median(totalMs)).padEnd(9)} ${ms(median(cpuMs)).padEnd(10)} ${ms(first).padEnd(10)} ${String(commands).padEnd(9)} ${(converges ? 'yes' : 'NO').padEnd(10)} ${ms(median(diffMs))}`,
  );
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`);
console.log(`reproduce: node --import tsx bench/diff.ts --platform ${platform} ${targets.join(' ')}`);
