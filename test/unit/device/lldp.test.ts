import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLldp } from '../../../src/device/lldp.js';
import { fsosS5850Cli } from '../../../src/platforms/fsos-s5850/cli.js';
import { fsosS3900Cli } from '../../../src/platforms/fsos-s3900/cli.js';
import { iosCli } from '../../../src/platforms/ios/cli.js';

test('S5850 LLDP blocks (docs/dialects.md format) give one neighbour each', () => {
  const output = [
    'Local Port: eth-0-1',
    'Chassis ID: 64:9d:99:00:01:01',
    'Port ID: ethernet 1/1',
    'System Name: FS-S3900-ACC1',
    '',
    'Local Port: eth-0-2',
    'Chassis ID: 64:9d:99:00:01:02',
    'Port ID: eth-0-49',
    'System Name: FS-S3900-ACC2',
    '',
  ].join('\n');
  assert.deepEqual(parseLldp(output, fsosS5850Cli.lldp!.record), [
    { localPort: 'eth-0-1', systemName: 'FS-S3900-ACC1', portId: 'ethernet 1/1', chassisId: '64:9d:99:00:01:01' },
    { localPort: 'eth-0-2', systemName: 'FS-S3900-ACC2', portId: 'eth-0-49', chassisId: '64:9d:99:00:01:02' },
  ]);
});

test('S5850 LLDP tolerates extra lines inside a block', () => {
  const output = 'Local Port: eth-0-1\nChassis ID: 64:9d:99:00:00:01\nChassis ID Type: MAC\nPort ID: eth-0-1\nTTL: 120\nSystem Name: FS-S5850-SRV\n';
  assert.deepEqual(parseLldp(output, fsosS5850Cli.lldp!.record), [
    { localPort: 'eth-0-1', systemName: 'FS-S5850-SRV', portId: 'eth-0-1', chassisId: '64:9d:99:00:00:01' },
  ]);
});

test('S5850 LLDP: a neighbour without a chassis ID is still read', () => {
  const output = 'Local Port: eth-0-1\nChassis ID: 64:9d:99:00:01:01\nPort ID: ethernet 1/25\nSystem Name: FS-S3900-ACC1\n\nLocal Port: eth-0-2\nPort ID: Gi0/1\nSystem Name: X2\n';
  assert.deepEqual(parseLldp(output, fsosS5850Cli.lldp!.record), [
    { localPort: 'eth-0-1', systemName: 'FS-S3900-ACC1', portId: 'ethernet 1/25', chassisId: '64:9d:99:00:01:01' },
    { localPort: 'eth-0-2', systemName: 'X2', portId: 'Gi0/1' },
  ]);
});

test('S3900 LLDP table (captured format): ports with spaces, LAG groups', () => {
  const output = [
    'LLDP Remote Devices Information',
    ' Local Port Chassis ID        Port ID           Hold Time   System Name',
    ' ---------- ----------------- ----------------- ----------- --------------------',
    ' Eth 1/19   18-E8-29-A3-24-10 18-E8-29-A3-24-10 120 seconds UAP-AC-Lite',
    ' Group 1    CC-4E-24-C8-35-7E CC-4E-24-C8-35-B0 120 seconds SW1',
    ' Eth 1/ 1   64-9D-99-00-00-01 eth-0-1           120 seconds FS-S5850-SRV',
    '',
  ].join('\n');
  assert.deepEqual(parseLldp(output, fsosS3900Cli.lldp!.record), [
    { localPort: 'Eth 1/19', systemName: 'UAP-AC-Lite', portId: '18-E8-29-A3-24-10', chassisId: '18-E8-29-A3-24-10' },
    { localPort: 'Group 1', systemName: 'SW1', portId: 'CC-4E-24-C8-35-B0', chassisId: 'CC-4E-24-C8-35-7E' },
    { localPort: 'Eth 1/ 1', systemName: 'FS-S5850-SRV', portId: 'eth-0-1', chassisId: '64-9D-99-00-00-01' },
  ]);
});

test('IOS LLDP table: capability column may be empty', () => {
  const output = [
    'Capability codes:',
    '    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device',
    '',
    'Device ID           Local Intf     Hold-time  Capability      Port ID',
    'FS-S5850-SRV        Gi0/1          120        B               eth-0-3',
    'core2               Gi0/2          120                        Gi1/0/24',
    '',
    'Total entries displayed: 2',
  ].join('\n');
  assert.deepEqual(parseLldp(output, iosCli.lldp!.record), [
    { localPort: 'Gi0/1', systemName: 'FS-S5850-SRV', portId: 'eth-0-3' },
    { localPort: 'Gi0/2', systemName: 'core2', portId: 'Gi1/0/24' },
  ]);
});
