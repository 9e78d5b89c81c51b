/**
 * A DHCP server's log, written by another process: appends dhcpd lines at a steady rate
 * (one DHCPACK in ten, each with a unique address) and rotates when told on stdin:
 * `rename` (logrotate's default: rename, keep writing to the old file a moment as rsyslog
 * does until HUPed, then create a new one), `copytruncate` (copy, then truncate in place;
 * done between two writes, so no line falls into logrotate's copy/truncate gap), `stop`
 * (prints the addresses of every DHCPACK written, as JSON, and exits).
 *
 * Run: node --import tsx log-writer.ts PATH LINES_PER_SECOND
 */
import { closeSync, copyFileSync, existsSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [path, rateText] = process.argv.slice(2) as [string, string];
const rate = Number(rateText);
const DEVICES = [
  ['64:9d:99:00:00:01', 'FS-S5850-SRV'],
  ['64:9d:99:00:01:01', 'FS-S3900-ACC1'],
  ['00:00:5e:00:53:01', 'Switch'],
  ['3c:52:82:00:00:07', 'laptop-7'],
] as const;
let fd = openSync(path, 'a');
let seq = 0;
const acks: string[] = [];

function line(): string {
  seq++;
  const ts = 'Nov 27 20:50:41 dhcp1 dhcpd[2107]: ';
  if (seq % 10 !== 0) return `${ts}DHCPREQUEST for 10.20.${(seq >> 8) & 255}.${seq & 255} (10.20.0.1) from 3c:52:82:${((seq >> 8) & 255).toString(16)}:00:01 (host) via eth0\n`;
  const n = acks.length;
  const ip = `10.${50 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
  acks.push(ip);
  const [mac, host] = DEVICES[n % DEVICES.length]!;
  return `${ts}DHCPACK on ${ip} to ${mac} (${host}) via eth0\n`;
}

function write(count: number): void {
  let chunk = '';
  for (let i = 0; i < count; i++) chunk += line();
  writeSync(fd, chunk);
}

const perTick = Math.max(1, Math.round(rate / 100));
const timer = setInterval(() => write(perTick), 10);

function shift(): void {
  if (existsSync(`${path}.2`)) renameSync(`${path}.2`, `${path}.3`);
  if (existsSync(`${path}.1`)) renameSync(`${path}.1`, `${path}.2`);
}

createInterface({ input: process.stdin }).on('line', (cmd) => {
  if (cmd === 'rename') {
    shift();
    renameSync(path, `${path}.1`);
    // rsyslog keeps writing to the renamed file until logrotate's postrotate HUPs it.
    setTimeout(() => {
      closeSync(fd);
      fd = openSync(path, 'a');
      process.stdout.write('ok rename\n');
    }, 150);
  } else if (cmd === 'copytruncate') {
    shift();
    copyFileSync(path, `${path}.1`);
    ftruncateSync(fd, 0);
    process.stdout.write('ok copytruncate\n');
  } else if (cmd === 'stop') {
    clearInterval(timer);
    closeSync(fd);
    process.stdout.write(`${JSON.stringify(acks)}\n`);
    process.exit(0);
  }
});
