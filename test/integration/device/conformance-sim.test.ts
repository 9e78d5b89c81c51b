/**
 * The conformance suite against the simulator (src/lab), one simulated switch per
 * platform, each seeded with a config long enough to need several pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type Lab, type LabDevice, type LabDeviceSpec, type LabLldpNeighbour } from '../../../src/lab/index.js';
import type { LldpNeighbour } from '../../../src/device/index.js';
import { testPlatform } from '../../helpers/platform.js';
import { runConformance, type ConformanceTarget } from './conformance.js';
import { startScriptSwitch } from './script-switch.js';

const USER = { username: 'conformance', password: 'Conf0rmance-pw' };

interface Case {
  readonly platform: LabDeviceSpec['platform'];
  readonly model: string;
  readonly hostname: string;
  readonly port: (n: number) => string;
  readonly ports: number;
  /** Neighbours as given to the simulator, and as the dialect shows them. */
  readonly lldp: LabLldpNeighbour[];
  readonly lldpShown: LldpNeighbour[];
}

const cases: readonly Case[] = [
  {
    platform: 'fsos-s5850',
    model: 'S5850-48T4Q',
    hostname: 'CONF-S5850',
    port: (n) => `eth-0-${n}`,
    ports: 48,
    lldp: [
      { localPort: 'eth-0-1', systemName: 'FS-S3900-ACC1', portId: 'ethernet 1/25', chassisId: '64:9d:99:00:01:01' },
      { localPort: 'eth-0-2', systemName: 'FS-S3900-ACC2', portId: 'ethernet 1/26' },
    ],
    lldpShown: [
      { localPort: 'eth-0-1', systemName: 'FS-S3900-ACC1', portId: 'ethernet 1/25', chassisId: '64:9d:99:00:01:01' },
      { localPort: 'eth-0-2', systemName: 'FS-S3900-ACC2', portId: 'ethernet 1/26' },
    ],
  },
  {
    platform: 'fsos-s3900',
    model: 'S3900-24T4S',
    hostname: 'CONF-S3900',
    port: (n) => `ethernet 1/${n}`,
    ports: 24,
    lldp: [{ localPort: 'ethernet 1/25', systemName: 'FS-S5850-SRV', portId: 'eth-0-1', chassisId: '64:9d:99:00:00:01' }],
    // The S3900 table shows `Eth 1/25` and MACs with dashes, upper case.
    lldpShown: [{ localPort: 'Eth 1/25', systemName: 'FS-S5850-SRV', portId: 'eth-0-1', chassisId: '64-9D-99-00-00-01' }],
  },
  {
    platform: 'ios',
    model: 'WS-C2960X-48TS-L',
    hostname: 'CONF-IOS',
    port: (n) => `GigabitEthernet0/${n}`,
    ports: 48,
    lldp: [{ localPort: 'GigabitEthernet0/1', systemName: 'FS-S5850-SRV', portId: 'eth-0-3', chassisId: '64:9d:99:00:00:01' }],
    // IOS shows the short interface name and no chassis ID in the summary table.
    lldpShown: [{ localPort: 'Gi0/1', systemName: 'FS-S5850-SRV', portId: 'eth-0-3' }],
  },
];

/** A config with a description on every port: ~150 lines, several 24-row pages. */
function seedConfig(c: Case): string {
  const lines = [`hostname ${c.hostname}`, '!'];
  for (let n = 1; n <= c.ports; n++) lines.push(`interface ${c.port(n)}`, ` description seeded port ${n}`, '!');
  return lines.join('\n') + '\n';
}

for (const [i, c] of cases.entries()) {
  // One lab per platform: the suite's last check stops it and takes over its address.
  let lab: Lab | undefined;
  let keyDir = '';
  const device = (): LabDevice => {
    if (lab === undefined) throw new Error(`lab device ${c.hostname} is not running`);
    return lab.device(c.hostname);
  };
  const target: ConformanceTarget = {
    name: `simulator ${c.platform}`,
    platform: testPlatform(c.platform),
    login: () => ({ host: device().host, port: device().port, username: USER.username, password: USER.password, commandTimeoutMs: 5000 }),
    hostname: c.hostname,
    get hostKey() {
      return device().hostKey;
    },
    change: { commands: [`interface ${c.port(7)}`, 'description conformance-change'], visible: /^ description conformance-change$/m },
    rejected: 'frobnicate the switch',
    minRunningLines: 3 * c.ports,
    lldp: c.lldpShown,
    running: () => device().running(),
    startup: () => device().startup(),
    start: async () => {
      keyDir = await mkdtemp(join(tmpdir(), 'sy-conformance-lab-'));
      const spec: LabDeviceSpec = { name: c.hostname, platform: c.platform, model: c.model, serial: `CONF${i}`, mac: `64:9d:99:00:0c:0${i}`, config: seedConfig(c), users: [USER], lldp: c.lldp };
      lab = await startLab([spec], { keyDir });
    },
    stop: async () => {
      await lab?.stop();
      lab = undefined;
      await rm(keyDir, { recursive: true, force: true });
    },
    setFault: (faults) => Object.assign(device().faults, faults),
    impersonate: async () => {
      const { port } = device();
      await lab?.stop();
      lab = undefined;
      // On a busy machine the freed port can be taken for a moment (another process's
      // outgoing connection gets it as its local port): retry the bind briefly.
      for (let attempt = 1; ; attempt++) {
        try {
          const impostor = await startScriptSwitch({ port, hostname: c.hostname, users: { [USER.username]: USER.password } });
          return { authAttempts: () => impostor.auth, stop: () => impostor.stop() };
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 40) throw err;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
  };
  runConformance(target);
}
