import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory, resolveSecret } from '../../../src/inventory/index.js';
import { InputErrors, SwitchyardError, formatProblem } from '../../../src/errors.js';
import { repoRoot } from '../../helpers/paths.js';

/** Writes a tiny project (file path → content) into a temp dir. */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-inv-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

const base = {
  'inventory/defaults.yml': 'platform: fsos-s5850\ncredentials: { username: netops, password: { env: SY_TEST_PW } }\nvars: { a: defaults, b: defaults, c: defaults, d: defaults, list: [1, 2] }\n',
  'inventory/groups.yml': 'g1: { vars: { b: g1, c: g1 } }\ng2: { vars: { b: g2 } }\n',
};

test('precedence: defaults, then groups in the order the device lists them, then site, then device', async () => {
  const dir = await project({
    ...base,
    'inventory/sites/s1.yml': [
      'vars: { c: site, list: [9] }',
      'devices:',
      '  sw1: { groups: [g2, g1], mgmt: { host: 10.0.0.1 }, vars: { d: device } }',
      '  sw2: { groups: [g1, g2], mgmt: { host: 10.0.0.2 } }',
      '',
    ].join('\n'),
  });
  try {
    const inv = await loadInventory(dir);
    assert.deepEqual(inv.device('s1', 'sw1').vars, { a: 'defaults', b: 'g1', c: 'site', d: 'device', list: [9] });
    assert.deepEqual(inv.device('s1', 'sw2').vars, { a: 'defaults', b: 'g2', c: 'site', d: 'defaults', list: [9] });
    assert.equal(inv.device('s1', 'sw1').mgmt.port, 22);
    assert.deepEqual(inv.device('s1', 'sw1').credentials, { username: 'netops', password: { env: 'SY_TEST_PW' } });
    assert.deepEqual(inv.device('s1', 'sw1').source, { file: 'inventory/sites/s1.yml', line: 3, column: 3 });
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('the example project loads with its port map and lookups', async () => {
  const inv = await loadInventory(repoRoot);
  assert.deepEqual(inv.sites.map((s) => s.name), ['branch1', 'hq']);
  assert.deepEqual(inv.site('hq').devices.map((d) => d.name), ['FS-S5850-SRV', 'FS-S3900-ACC1', 'FS-S3900-ACC2']);
  const acc1 = inv.device('hq', 'FS-S3900-ACC1');
  assert.equal(acc1.platform, 'fsos-s3900');
  assert.equal(inv.device('hq', 'FS-S5850-SRV').platform, 'fsos-s5850');
  assert.equal(inv.byMac('64-9D-99-00-01-01'), acc1);
  assert.equal(inv.byMac('649d.9900.0101'), acc1);
  assert.equal(inv.byName('FS-S3900-ACC1'), acc1);
  assert.deepEqual(inv.byCircuitId('FS-S5850-SRV eth-0-1'), [acc1]);
  assert.deepEqual(inv.byUplink('FS-S5850-SRV', 'ETH-0-1'), [acc1]);
  assert.deepEqual(inv.downlinks('FS-S5850-SRV').map((d) => d.name), ['FS-S3900-ACC1', 'FS-S3900-ACC2']);
  assert.equal(inv.byMac('00:00:00:00:00:00'), undefined);
  // The team password is a reference in the example, never a literal.
  assert.deepEqual(acc1.credentials.password, { env: 'SWITCHYARD_PASSWORD' });
});

test('unknown site and device errors list the known ones', async () => {
  const inv = await loadInventory(repoRoot);
  assert.throws(() => inv.site('nowhere'), (e: unknown) => e instanceof SwitchyardError && e.code === 'UNKNOWN_SITE' && e.hint === 'known sites: branch1, hq');
  assert.throws(
    () => inv.device('hq', 'nope'),
    (e: unknown) => e instanceof SwitchyardError && e.code === 'UNKNOWN_DEVICE' && e.hint === 'devices of hq: FS-S5850-SRV, FS-S3900-ACC1, FS-S3900-ACC2',
  );
});

test('every problem of every file is reported at once, each at its line and column', async () => {
  const dir = await project({
    ...base,
    'inventory/sites/a.yml': [
      'devices:',
      '  sw1:',
      '    mac: 64:9d:99:00:00:01',
      '    mgmt: { host: 10.0.0.1, port: 22 }',
      '  sw2:',
      '    mac: 64-9D-99-00-00-01',
      '    groups: [g1, nope]',
      '    mgmt: { host: 10.0.0.300 }',
      '',
    ].join('\n'),
    'inventory/sites/b.yml': [
      'devices:',
      '  sw3:',
      '    mgmt: { host: 10.0.0.3 }',
      '    uplink: { device: sw9, port: eth-0-1 }',
      '  sw4:',
      '    mgmt: { host: 10.0.0.4, port: "22" }',
      '    colour: blue',
      '',
    ].join('\n'),
  });
  try {
    await assert.rejects(loadInventory(dir), (e: unknown) => {
      assert.ok(e instanceof InputErrors);
      assert.equal(e.code, 'INVENTORY_SCHEMA');
      assert.deepEqual(e.problems.map(formatProblem), [
        'inventory/sites/a.yml:6:10  /devices/sw2/mac  MAC 64:9d:99:00:00:01 is also the MAC of sw1 (inventory/sites/a.yml:3:10)\n    hint: each switch has its own MAC; check for a copy-paste error',
        'inventory/sites/a.yml:7:18  /devices/sw2/groups/1  unknown group "nope"\n    hint: groups defined in inventory/groups.yml: g1, g2',
        'inventory/sites/a.yml:8:19  /devices/sw2/mgmt/host  "10.0.0.300" is not a valid IPv4 address\n    hint: write an IPv4 address (10.10.0.2), an IPv6 address or a DNS name',
        'inventory/sites/b.yml:4:23  /devices/sw3/uplink/device  uplink to unknown device "sw9"\n    hint: devices at site b: sw4',
        'inventory/sites/b.yml:6:35  /devices/sw4/mgmt/port  must be an integer (got string "22")',
        'inventory/sites/b.yml:7:5  /devices/sw4/colour  unknown field "colour"\n    hint: allowed here: platform, credentials, factory, vars, model, role, groups, mac, serial, mgmt, uplink, circuit_id, description',
      ]);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('resolveSecret reads env and files and names the missing one without a value', async () => {
  const dir = await project({ 'pw.txt': 's3cret\n' });
  try {
    process.env.SY_TEST_SECRET = 'from-env';
    assert.equal(await resolveSecret({ env: 'SY_TEST_SECRET' }, dir), 'from-env');
    assert.equal(await resolveSecret({ file: 'pw.txt' }, dir), 's3cret');
    assert.equal(await resolveSecret('literal', dir), 'literal');
    delete process.env.SY_TEST_SECRET;
    await assert.rejects(resolveSecret({ env: 'SY_TEST_SECRET' }, dir), (e: unknown) => e instanceof SwitchyardError && e.code === 'SECRET_UNRESOLVED' && /SY_TEST_SECRET/.test(e.message));
    await assert.rejects(resolveSecret({ file: 'missing.txt' }, dir), (e: unknown) => e instanceof SwitchyardError && e.code === 'SECRET_UNRESOLVED' && /missing\.txt/.test(e.message) && /ENOENT/.test(e.message));
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('site names come from file names, which must be unique and safe as folder names', async () => {
  const site = 'devices:\n  sw1: { mgmt: { host: 10.0.0.1 } }\n';
  const dir = await project({ ...base, 'inventory/sites/hq.yaml': site, 'inventory/sites/hq.yml': site.replace('sw1', 'sw2'), 'inventory/sites/my site.yml': site.replace('sw1', 'sw3') });
  try {
    await assert.rejects(loadInventory(dir), (e: unknown) => {
      assert.ok(e instanceof InputErrors);
      assert.deepEqual(e.problems.map(formatProblem), [
        'inventory/sites/hq.yml:1:1  site hq is already defined by inventory/sites/hq.yaml\n    hint: keep one file per site',
        'inventory/sites/my site.yml:1:1  site file name "my site" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit\n    hint: rename the file',
      ]);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true });
  }
});
