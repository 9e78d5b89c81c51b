/**
 * Simulated devices for the integration tests: a lab in a temporary key folder, with
 * configs written by hand.
 */
import { beforeEach, afterEach } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type Lab, type LabDevice, type LabDeviceSpec } from '../../../src/lab/index.js';
import { Shell } from './ssh-client.js';

/** `openssl passwd -1 -salt sy4rd switchyard-demo`. */
export const DEMO_HASH = '$1$sy4rd$Age5NePyrpvBHOYx3xUO50';
export const DEMO_PASSWORD = 'switchyard-demo';

/** An S5850 core switch config (docs/dialects.md's example, with a real hash): ~60 lines, more than one page. */
const S5850_CONFIG = `hostname FS-S5850-SRV
!
username netops privilege 4 secret 5 ${DEMO_HASH}
username viewer privilege 1 secret 5 ${DEMO_HASH}
!
vlan range 10,20,30-32
!
vlan 10
 name mgmt
!
vlan 20
 name servers
!
spanning-tree mode rstp
spanning-tree priority 4096
!
interface eth-0-1
 description FS-S3900-ACC1
 switchport mode trunk
 switchport trunk allowed vlan add 10,20,30-32
!
interface eth-0-5
 description server-1
 switchport access vlan 20
!
interface eth-0-48
 shutdown
!
interface agg1
 description lag to firewall
 switchport mode trunk
 switchport trunk allowed vlan add 10,20
!
interface vlan10
 ip address 10.10.0.2/24
!
ip route 0.0.0.0/0 10.10.0.1
!
ntp server 192.0.2.123
!
logging server 192.0.2.50
!
snmp-server community ro-hq read-only
snmp-server location hq
snmp-server contact noc@example.net
!
lldp enable
!
ip access-list MGMT-IN
 10 permit tcp 10.10.0.0/24 any eq 22
 20 deny any any
!
line vty 0 7
 transport input ssh
!
`;

/** The specs most tests use: a configured S5850, a factory S3900, a configured IOS switch. */
export function standardSpecs(): LabDeviceSpec[] {
  return [
    {
      name: 'core',
      platform: 'fsos-s5850',
      model: 'S5850-48T4Q',
      serial: 'CG1904160793N0018',
      mac: '64:9d:99:00:00:01',
      config: S5850_CONFIG,
      lldp: [{ localPort: 'eth-0-1', systemName: 'FS-S3900-ACC1', portId: 'ethernet 1/1', chassisId: '64:9d:99:00:01:01' }],
    },
    { name: 'access', platform: 'fsos-s3900', model: 'S3900-24T4S', serial: 'EC1234000001', mac: '64:9d:99:00:01:01', factory: true },
    {
      name: 'edge',
      platform: 'ios',
      model: 'WS-C2960X-48TS-L',
      serial: 'FOC1234X0AB',
      mac: '64:9d:99:00:02:01',
      config: `hostname SW1\nusername netops privilege 15 secret 5 ${DEMO_HASH}\nbanner motd ^C\nAuthorised access only.\n^C\n`,
    },
  ];
}

/** A running lab and its key folder. */
export interface TestLab {
  readonly lab: Lab;
  readonly keyDir: string;
  stop(): Promise<void>;
}

/** Starts `specs` with a fresh key folder. */
export async function startTestLab(specs: readonly LabDeviceSpec[] = standardSpecs()): Promise<TestLab> {
  const keyDir = await mkdtemp(join(tmpdir(), 'sy-lab-keys-'));
  const lab = await startLab(specs, { keyDir });
  return {
    lab,
    keyDir,
    async stop() {
      await lab.stop();
      await rm(keyDir, { recursive: true, force: true });
    },
  };
}

/** Registers a fresh standard lab for every test of the file (tests change configs, save, set faults). */
export function freshLabPerTest(): { lab(): Lab; core(): LabDevice; loginCore(): Promise<Shell> } {
  let t: TestLab | undefined;
  beforeEach(async () => {
    t = await startTestLab();
  });
  afterEach(() => t?.stop());
  const lab = (): Lab => t!.lab;
  const core = (): LabDevice => lab().device('core');
  return { lab, core, loginCore: () => Shell.login({ port: core().port, username: 'netops', password: DEMO_PASSWORD }) };
}
