/**
 * The endpoints file (`--endpoints FILE`): keys are inventory device names or DHCP
 * addresses, values HOST:PORT. A name the inventory does not have must fail: ignored, it
 * would send the team's credentials to the real management address instead of where the
 * operator meant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory } from '../../../src/inventory/index.js';
import { loadEndpoints } from '../../../src/reconcile/index.js';
import { InputErrors, SwitchyardError, formatProblem } from '../../../src/errors.js';
import { repoRoot } from '../../helpers/paths.js';

const inventory = await loadInventory(repoRoot);

/** Writes `text` as an endpoints file and loads it against the example inventory. */
async function withFile<T>(text: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-endpoints-'));
  try {
    const file = join(dir, 'endpoints.json');
    await writeFile(file, text);
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true });
  }
}

/** The formatted problems of loading `text`, with the temp file's path written as FILE. */
function problemsOf(text: string): Promise<string[]> {
  return withFile(text, async (file) => {
    try {
      await loadEndpoints(file, inventory);
    } catch (err) {
      assert.ok(err instanceof InputErrors, String(err));
      assert.equal(err.code, 'ENDPOINTS_INVALID');
      return err.problems.map((p) => formatProblem(p).replaceAll(file, 'FILE'));
    }
    assert.fail('the file was accepted');
  });
}

test('device names, canonical IPv4 DHCP addresses, HOST:PORT strings and {host, port} objects load', async () => {
  const text = JSON.stringify(
    {
      'FS-S5850-SRV': '127.0.0.1:2201',
      'FS-S3900-ACC1': { host: 'lab.example.net', port: 2202 },
      'FS-S3900-ACC2': { host: '127.0.0.1' },
      '192.0.2.61': '[::1]:2203',
      '10.20.0.11': 'jump-host:65535',
    },
    null,
    2,
  );
  const map = await withFile(text, (file) => loadEndpoints(file, inventory));
  assert.deepEqual(Object.fromEntries(map), {
    'FS-S5850-SRV': { host: '127.0.0.1', port: 2201 },
    'FS-S3900-ACC1': { host: 'lab.example.net', port: 2202 },
    'FS-S3900-ACC2': { host: '127.0.0.1', port: 22 },
    '192.0.2.61': { host: '::1', port: 2203 },
    '10.20.0.11': { host: 'jump-host', port: 65535 },
  });
});

test('a device name the inventory does not have is an error naming the file, the name and close names', async () => {
  const problems = await problemsOf('{\n  "FS-S5850-SRX": "127.0.0.1:2201",\n  "fs-s3900-acc2": "127.0.0.1:2202",\n  "core-9": "127.0.0.1:2203"\n}\n');
  const rest = 'keys are device names of the inventory, or DHCP addresses (IPv4) for watch and trigger';
  assert.deepEqual(problems, [
    `FILE:2:3  "FS-S5850-SRX" is not a device of the inventory\n    hint: did you mean FS-S5850-SRV? ${rest}`,
    `FILE:3:3  "fs-s3900-acc2" is not a device of the inventory\n    hint: did you mean FS-S3900-ACC2? ${rest}`,
    `FILE:4:3  "core-9" is not a device of the inventory\n    hint: ${rest}`,
  ]);
});

test('an address key must be a canonical dotted quad', async () => {
  const problems = await problemsOf('{"192.0.2.061": "127.0.0.1:1", "10.0.0": "127.0.0.1:2", "256.1.1.1": "127.0.0.1:3"}');
  assert.deepEqual(problems, [
    'FILE:1:2  "192.0.2.061" is not an IPv4 address in dotted-quad form\n    hint: write 192.0.2.61',
    'FILE:1:32  "10.0.0" is not an IPv4 address in dotted-quad form\n    hint: write four numbers 0-255 without leading zeros, e.g. 192.0.2.61',
    'FILE:1:57  "256.1.1.1" is not an IPv4 address in dotted-quad form\n    hint: write four numbers 0-255 without leading zeros, e.g. 192.0.2.61',
  ]);
});

test('HOST and PORT are checked, and every problem of the file is reported at once', async () => {
  const problems = await problemsOf(
    [
      '{',
      '  "FS-S5850-SRV": "127.0.0.1:0",',
      '  "FS-S3900-ACC1": "127.0.0.1:65536",',
      '  "FS-S3900-ACC2": "bad_host:22",',
      '  "FS-S5850-BR1": "127.0.0.1",',
      '  "FS-S3900-BR1-ACC1": { "host": "127.0.0.1", "port": "22" },',
      '  "192.0.2.61": { "host": "127.0.0.1", "prot": 22 },',
      '  "192.0.2.62": "::1:22",',
      '  "192.0.2.63": { "port": 22 },',
      '  "192.0.2.64": 22',
      '}',
    ].join('\n'),
  );
  const form = 'write "HOST:PORT" (an IPv6 host in brackets: "[::1]:2222") or {"host": "HOST", "port": PORT}';
  assert.deepEqual(problems, [
    'FILE:2:19  /FS-S5850-SRV  port 0 is not a TCP port (1-65535)',
    'FILE:3:20  /FS-S3900-ACC1  port 65536 is not a TCP port (1-65535)',
    'FILE:4:20  /FS-S3900-ACC2  "bad_host" is not an IP address or a DNS name',
    `FILE:5:19  /FS-S5850-BR1  "127.0.0.1" is not HOST:PORT\n    hint: ${form}`,
    'FILE:6:55  /FS-S3900-BR1-ACC1/port  port must be a whole number 1-65535 (got a string "22")',
    'FILE:7:40  /192.0.2.61/prot  unknown field "prot"\n    hint: allowed here: host, port',
    `FILE:8:17  /192.0.2.62  "::1:22" is not HOST:PORT\n    hint: ${form}`,
    'FILE:9:17  /192.0.2.63  "host" is missing',
    `FILE:10:17  /192.0.2.64  expected "HOST:PORT" or {"host", "port"}, not a number\n    hint: ${form}`,
  ]);
});

test('a file that is not a JSON object, or names a key twice, is an error at its place', async () => {
  const [syntax, ...more] = await problemsOf('{\n  "FS-S5850-SRV": "127.0.0.1:1",\n}\n');
  assert.match(syntax!, /^FILE:3:1 {2}not JSON: .* at position 35\b/);
  assert.deepEqual(more, []);
  assert.deepEqual(await problemsOf('["FS-S5850-SRV"]'), ['FILE:1:1  expected a JSON object of DEVICE or DHCP-ADDRESS → "HOST:PORT"']);
  assert.deepEqual(await problemsOf('{"FS-S5850-SRV": "127.0.0.1:1",\n "FS-S5850-SRV": "127.0.0.1:2"}'), [
    'FILE:2:2  duplicate key "FS-S5850-SRV": a key may appear only once in a mapping\n    hint: remove or rename one of them (other YAML tools would silently keep only the last)',
  ]);
});

test('a missing file is a usage error naming it', async () => {
  await assert.rejects(loadEndpoints(join(tmpdir(), 'no-such-endpoints.json'), inventory), (e: unknown) => e instanceof SwitchyardError && e.code === 'USAGE' && /no-such-endpoints\.json/.test(e.message));
});
