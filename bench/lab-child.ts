/**
 * Child process of bench/sessions.ts: starts N simulated switches (src/lab) and prints
 * one JSON line `{ "devices": [{ name, platform, host, port, hostKey }] }` on stdout, then
 * serves until stdin closes (the parent exits) or SIGTERM. A separate process, so the
 * benchmark measures the client's CPU and memory, not the simulator's.
 *
 *   node --import tsx bench/lab-child.ts --devices 1000 [--key-dir DIR] [--platform mix|fsos-s5850|fsos-s3900|ios]
 */
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type LabDeviceSpec } from '../src/lab/index.js';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000' },
    'key-dir': { type: 'string', default: join(tmpdir(), 'switchyard-bench-keys') },
    platform: { type: 'string', default: 'mix' },
    username: { type: 'string', default: 'bench' },
    password: { type: 'string', default: 'bench-pw' },
  },
});

const platforms: LabDeviceSpec['platform'][] =
  values.platform === 'mix' ? ['fsos-s5850', 'fsos-s3900', 'ios'] : [values.platform as LabDeviceSpec['platform']];
const MODEL: Record<LabDeviceSpec['platform'], string> = { 'fsos-s5850': 'S5850-48T4Q', 'fsos-s3900': 'S3900-24T4S', ios: 'WS-C2960X-48TS-L' };
const PORT: Record<LabDeviceSpec['platform'], (n: number) => string> = {
  'fsos-s5850': (n) => `eth-0-${n}`,
  'fsos-s3900': (n) => `ethernet 1/${n}`,
  ios: (n) => `GigabitEthernet0/${n}`,
};

/** A typical access-switch config: hostname, 24 described ports, services. */
function config(name: string, platform: LabDeviceSpec['platform']): string {
  const lines = [`hostname ${name}`, '!'];
  for (let n = 1; n <= 24; n++) lines.push(`interface ${PORT[platform](n)}`, ` description bench port ${n}`, '!');
  lines.push('ntp server 192.0.2.123', '!');
  return lines.join('\n') + '\n';
}

const count = Number(values.devices);
const specs: LabDeviceSpec[] = [];
for (let i = 0; i < count; i++) {
  const platform = platforms[i % platforms.length] as LabDeviceSpec['platform'];
  const name = `BENCH-${String(i).padStart(4, '0')}`;
  const mac = `64:9d:99:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
  specs.push({ name, platform, model: MODEL[platform], serial: `BENCH${i}`, mac, config: config(name, platform), users: [{ username: values.username, password: values.password }] });
}

const lab = await startLab(specs, { keyDir: values['key-dir'] });
process.stdout.write(
  JSON.stringify({ devices: lab.devices.map((d) => ({ name: d.spec.name, platform: d.spec.platform, host: d.host, port: d.port, hostKey: d.hostKey })) }) + '\n',
);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await lab.stop();
  process.exit(0);
};
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());

