/**
 * `switchyard lab` as a user runs it: a separate process serving a project's site (or a
 * generated fleet) until SIGTERM, reached over SSH with the printed host keys. The project
 * is the fixture copy of the example (test/fixtures/project): the tests name its devices,
 * ports and VLANs, and the example itself is the user's to change.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths.js';
import { copyFixtureProject } from '../../helpers/example-lab.js';
import { startSiteLab } from '../../../src/lab/index.js';
import { Shell } from './ssh-client.js';
import { DEMO_PASSWORD } from './lab-fixture.js';

interface Served {
  readonly child: ChildProcess;
  readonly first: string;
  /** The next line on stdout after those already taken. */
  line(): Promise<string>;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `switchyard lab ARGS` and waits for its first line on stdout. */
async function serve(args: readonly string[]): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/bin.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // One reader for all lines: a second readline on the same stream would miss what the first buffered.
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    wake?.();
  });
  const line = async (): Promise<string> => {
    const deadline = Date.now() + 60_000;
    while (lines.length === 0) {
      if (child.exitCode !== null) throw new Error(`lab exited with ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no output within 60 s; stderr: ${stderr}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
    return lines.shift()!;
  };
  const first = await line();
  return {
    child,
    first,
    line,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

interface JsonDevice {
  readonly name: string;
  readonly platform: string;
  readonly host: string;
  readonly port: number;
  readonly hostKey: string;
  readonly factory: boolean;
  readonly drifted?: boolean;
}

let root = '';
before(async () => {
  root = await copyFixtureProject();
});
after(() => rm(root, { recursive: true, force: true }));

test('lab --site hq --json serves every device of the site from its baseline', async () => {
  const served = await serve(['lab', '--root', root, '--site', 'hq', '--json']);
  try {
    const { devices } = JSON.parse(served.first) as { devices: JsonDevice[] };
    assert.deepEqual(
      devices.map((d) => [d.name, d.platform, d.host, d.factory]),
      [
        ['FS-S5850-SRV', 'fsos-s5850', '127.0.0.1', false],
        ['FS-S3900-ACC1', 'fsos-s3900', '127.0.0.1', false],
        ['FS-S3900-ACC2', 'fsos-s3900', '127.0.0.1', false],
      ],
    );
    const acc1 = devices[1]!;
    const shell = await Shell.login({ port: acc1.port, username: 'netops', password: DEMO_PASSWORD, hostKey: acc1.hostKey });
    assert.match(shell.text, /FS-S3900-ACC1#$/);
    await shell.command('terminal length 0');
    // The running config is the committed baseline, under the dialect's header lines.
    const running = await shell.command('show running-config');
    const baseline = (await readFile(join(root, 'baselines/hq/FS-S3900-ACC1.cfg'), 'utf8')).trimEnd().split('\n');
    assert.deepEqual(running, ['Building running configuration. Please wait...', '!<Version>0.0.2</Version>', ...baseline]);
    // LLDP from the port map: the uplink (inventory local_port ethernet 1/25) sees the core's eth-0-1.
    const lldp = await shell.command('show lldp neighbor');
    assert.equal(lldp[3], ' Eth 1/25   64-9D-99-00-00-01 eth-0-1           120 seconds FS-S5850-SRV');
    shell.end();

    const core = devices[0]!;
    const coreShell = await Shell.login({ port: core.port, username: 'netops', password: DEMO_PASSWORD, hostKey: core.hostKey });
    const neighbours = await coreShell.command('show lldp neighbors');
    assert.deepEqual(neighbours, [
      'Local Port: eth-0-1',
      'Chassis ID: 64:9d:99:00:01:01',
      'Port ID: ethernet 1/25',
      'System Name: FS-S3900-ACC1',
      '',
      'Local Port: eth-0-2',
      'Chassis ID: 64:9d:99:00:01:02',
      'Port ID: ethernet 1/25',
      'System Name: FS-S3900-ACC2',
    ]);
    coreShell.end();
  } finally {
    assert.equal(await served.stop(), 0, 'SIGTERM stops the lab cleanly');
  }
  const keys = (await readdir(join(root, '.switchyard/lab-keys'))).sort();
  assert.deepEqual(keys, ['FS-S3900-ACC1.key', 'FS-S3900-ACC2.key', 'FS-S5850-SRV.key']);
});

test('lab prints one line per device with address and host key, and keeps the keys across restarts', async () => {
  const lines = async (): Promise<string[]> => {
    const served = await serve(['lab', '--root', root, '--site', 'branch1']);
    const second = await served.line();
    await served.stop();
    return [served.first, second];
  };
  const first = await lines();
  for (const line of first) assert.match(line, /^FS-S(5850|3900)-BR1(-ACC1)? 127\.0\.0\.1:\d+ hostkey ssh-ed25519 AAAA\S+$/);
  const again = await lines();
  const key = (l: string): string => l.split(' hostkey ')[1]!;
  assert.deepEqual(again.map(key), first.map(key));
});

test('lab --drift: each device differs a little from its baseline, the same way every time', async () => {
  const served = await serve(['lab', '--root', root, '--site', 'hq', '--json', '--drift']);
  try {
    const { devices } = JSON.parse(served.first) as { devices: JsonDevice[] };
    const read = async (d: JsonDevice): Promise<string[]> => {
      const shell = await Shell.login({ port: d.port, username: 'netops', password: DEMO_PASSWORD, hostKey: d.hostKey });
      await shell.command('terminal length 0');
      const out = await shell.command('show running-config');
      shell.end();
      return out;
    };
    const core = await read(devices[0]!);
    const coreBaseline = await readFile(join(root, 'baselines/hq/FS-S5850-SRV.cfg'), 'utf8');
    assert.ok(core.includes('ntp server 192.0.2.199'), 'a stray line');
    const firstDescription = /^ description (.*)$/m.exec(coreBaseline)![1]!;
    assert.ok(core.includes(` description ${firstDescription} (moved)`), 'a changed description');
    const acc1 = await read(devices[1]!);
    assert.ok(acc1.includes('ntp server 192.0.2.199'));
    assert.ok(!acc1.includes(' VLAN 40 name voice media ethernet'), 'a removed VLAN (the highest)');
  } finally {
    await served.stop();
  }
});

test('lab --factory: factory-new devices; the upstream sees them as Switch on the mapped port', async () => {
  const lab = await startSiteLab(root, 'hq', { factory: true, keyDir: join(root, '.switchyard/lab-keys') });
  try {
    const acc2 = lab.device('FS-S3900-ACC2');
    const shell = await Shell.login({ port: acc2.port, username: 'admin', password: 'admin', hostKey: acc2.hostKey });
    assert.match(shell.text, /\r\nSwitch#$/);
    shell.end();
    const core = lab.device('FS-S5850-SRV');
    const coreShell = await Shell.login({ port: core.port, username: 'admin', password: 'admin' });
    const lldp = await coreShell.command('show lldp neighbors');
    assert.deepEqual(lldp.slice(5), ['Local Port: eth-0-2', 'Chassis ID: 64:9d:99:00:01:02', 'Port ID: ethernet 1/25', 'System Name: Switch']);
    coreShell.end();
  } finally {
    await lab.stop();
  }
});

test('startSiteLab --base-port: device i listens on base+i', async () => {
  for (let attempt = 0; ; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    let lab;
    try {
      lab = await startSiteLab(root, 'hq', { basePort: base });
    } catch (err) {
      if (attempt < 5) continue; // a port of the range was taken: another range
      throw err;
    }
    try {
      assert.deepEqual(
        lab.devices.map((d) => d.port),
        [base, base + 1, base + 2],
      );
    } finally {
      await lab.stop();
    }
    return;
  }
});

test('lab --generate: N switches, desired configs written, every tenth drifted', async () => {
  const desiredDir = await mkdtemp(join(tmpdir(), 'sy-desired-'));
  const keyDir = await mkdtemp(join(tmpdir(), 'sy-genkeys-'));
  const served = await serve(['lab', '--root', root, '--generate', '20', '--platform', 'fsos-s3900', '--json', '--desired-dir', desiredDir, '--key-dir', keyDir]);
  try {
    const { devices } = JSON.parse(served.first) as { devices: JsonDevice[] };
    assert.equal(devices.length, 20);
    assert.deepEqual(
      devices.filter((d) => d.drifted).map((d) => d.name),
      ['GEN-S3900-0010', 'GEN-S3900-0020'],
    );
    assert.equal((await readdir(desiredDir)).length, 20);
    const body = async (d: JsonDevice): Promise<string> => {
      const shell = await Shell.login({ port: d.port, username: 'netops', password: DEMO_PASSWORD, hostKey: d.hostKey });
      await shell.command('terminal length 0');
      const out = await shell.command('show running-config');
      shell.end();
      return out.slice(2).join('\n'); // without the two header lines
    };
    const desired = (d: JsonDevice): Promise<string> => readFile(join(desiredDir, `${d.name}.cfg`), 'utf8').then((s) => s.trimEnd());
    const inSync = devices[0]!;
    assert.equal(await body(inSync), await desired(inSync));
    assert.ok((await desired(inSync)).split('\n').length >= 250, 'about 300 lines of config');
    const drifted = devices[9]!;
    assert.notEqual(await body(drifted), await desired(drifted));
    assert.equal(((await stat(join(keyDir, `${drifted.name}.key`))).mode & 0o777), 0o600);
  } finally {
    await served.stop();
    await rm(desiredDir, { recursive: true, force: true });
    await rm(keyDir, { recursive: true, force: true });
  }
});

test('lab needs --site or --generate', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/bin.ts'), 'lab', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 1);
  assert.match(stderr, /give either --site SITE or --generate N/);
});
