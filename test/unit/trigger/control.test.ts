/**
 * The control socket with real unix sockets: idle clients are closed, connections beyond
 * the limit are turned away at once with an error line (and `requestControl` waits for a
 * free slot), one request per connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { listenControl, requestControl, type ControlRequest, type ControlServer } from '../../../src/trigger/control.js';
import { until, withTempDir } from './helpers.js';

/** A connected client that records what it reads and when the server closed it. */
interface Client {
  readonly sock: Socket;
  data: string;
  closed: boolean;
  readonly done: Promise<void>;
}

async function client(path: string): Promise<Client> {
  const sock = connect(path);
  const c: Client = { sock, data: '', closed: false, done: Promise.resolve() };
  sock.setEncoding('utf8');
  sock.on('data', (d: string) => (c.data += d));
  sock.on('error', () => undefined);
  (c as { done: Promise<void> }).done = new Promise((resolve) => sock.on('close', () => ((c.closed = true), resolve())));
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  return c;
}

const answerStatus = (req: ControlRequest) => Promise.resolve({ echo: req.op });

async function serve(fn: (path: string, server: () => ControlServer, calls: ControlRequest[]) => Promise<void>, limits?: Parameters<typeof listenControl>[3]): Promise<void> {
  await withTempDir(async (dir) => {
    const path = join(dir, 'watch.sock');
    const calls: ControlRequest[] = [];
    const server = await listenControl(path, 0o600, (req) => (calls.push(req), answerStatus(req)), limits);
    try {
      await fn(path, () => server, calls);
    } finally {
      await server.close();
    }
  });
}

test('a client that sends no complete request within the idle timeout gets an error line and is closed', () =>
  serve(
    async (path) => {
      const started = Date.now();
      const silent = await client(path);
      const partial = await client(path);
      partial.sock.write('{"op":');
      const talking = await client(path);
      talking.sock.write('{"op":"status"}\n');
      await talking.done;
      assert.deepEqual(JSON.parse(talking.data), { ok: true, echo: 'status' });
      await Promise.all([silent.done, partial.done]);
      const waited = Date.now() - started;
      assert.ok(waited >= 250, `closed after ${waited} ms, not before the idle timeout`);
      for (const c of [silent, partial]) assert.deepEqual(JSON.parse(c.data), { ok: false, error: 'no complete request within 0.3s; closed' });
    },
    { idleTimeoutMs: 300 },
  ));

test('beyond 64 connections a client gets an error line at once; the held ones are still served', () =>
  serve(async (path, _server, calls) => {
    const held = await Promise.all(Array.from({ length: 64 }, () => client(path)));
    const extra = await Promise.all(Array.from({ length: 136 }, () => client(path)));
    await Promise.all(extra.map((c) => c.done));
    for (const c of extra) assert.deepEqual(JSON.parse(c.data), { ok: false, error: 'too many control connections (64); try again', busy: true });
    assert.ok(held.every((c) => !c.closed), 'the first 64 are still open');
    held[0]!.sock.write('{"op":"status"}\n');
    await held[0]!.done;
    assert.deepEqual(JSON.parse(held[0]!.data), { ok: true, echo: 'status' });
    // The answered one's slot is free again.
    const next = await client(path);
    next.sock.write('{"op":"status"}\n');
    await next.done;
    assert.deepEqual(JSON.parse(next.data), { ok: true, echo: 'status' });
    assert.equal(calls.length, 2);
    for (const c of held) c.sock.destroy();
  }));

test('requestControl waits while the daemon is at its connection limit and gets its answer when a slot frees', () =>
  serve(
    async (path) => {
      const idle = await client(path);
      const answer = await requestControl(path, { op: 'status' }, 5000);
      assert.deepEqual(answer, { ok: true, echo: 'status' });
      await idle.done;
      assert.match(idle.data, /no complete request/, 'it got in once the idle client was closed');
    },
    { maxConnections: 1, idleTimeoutMs: 200 },
  ));

test('one request per connection: bytes after the first line are not a second request', () =>
  serve(async (path, server, calls) => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await server().close();
    // A handler that answers only when told, so the second line surely arrives first.
    const slow = await listenControl(path, 0o600, async (req) => {
      calls.push(req);
      await gate;
      return { echo: req.op };
    });
    try {
      const c = await client(path);
      c.sock.write('{"op":"event","event":{"ip":"10.0.0.1"}}\n');
      await until(() => calls.length === 1);
      c.sock.write('{"op":"event","event":{"ip":"10.0.0.2"}}\n');
      release();
      await c.done;
      assert.deepEqual(JSON.parse(c.data), { ok: true, echo: 'event' });
    } finally {
      await slow.close();
    }
    assert.equal(calls.length, 1);
  }));

test('close() does not wait for clients that never sent a request', { timeout: 5000 }, () =>
  serve(async (path, server) => {
    const idle = await client(path);
    await server().close();
    await idle.done;
    assert.equal(idle.data, '');
  }));
