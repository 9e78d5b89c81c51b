/**
 * The daemon's local control socket (`<state>/watch.sock`, mode 0600 unless configured):
 * `switchyard trigger` hands events to the running daemon through it, and `switchyard
 * status` asks it what it is doing. One JSON request per connection, one JSON answer.
 *
 * Every connection holds a file descriptor, and a client that connects and says nothing
 * would hold it forever (3,000 idle clients held 3,024): a client gets IDLE_TIMEOUT_MS to
 * send its request, and at most MAX_CONNECTIONS are open at once. Beyond that a client
 * gets `{"ok":false,…,"busy":true}` at once; requestControl then tries again.
 */
import { chmod, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SwitchyardError } from '../errors.js';

/** The socket file name in the state folder. */
export const SOCKET_FILE = 'watch.sock';
const MAX_REQUEST = 64 * 1024;
/** Time a client has to send its complete request. */
const IDLE_TIMEOUT_MS = 10_000;
/** Connections open at once (a hook's lasts milliseconds; many at once is a burst of hooks or a misbehaving client). */
const MAX_CONNECTIONS = 64;

/** What a client may ask. */
export type ControlRequest = { readonly op: 'event'; readonly event: unknown } | { readonly op: 'status' };

/** Serves requests on a unix socket. */
export interface ControlServer {
  /** Stops listening; clients that have not sent a request are closed, answers under way are finished. */
  close(): Promise<void>;
}

/** Limits of {@link listenControl}. */
interface ControlLimits {
  /** A client that has sent no complete request within this many ms is closed. Default 10 s. */
  readonly idleTimeoutMs?: number;
  /** Connections open at once; a further one is answered `busy` and closed. Default 64. */
  readonly maxConnections?: number;
}

/**
 * Listens on `path`. A leftover socket of a crashed daemon is replaced; a live one means
 * another daemon runs for this project, which is refused (two daemons would both act).
 */
export async function listenControl(path: string, mode: number, handle: (req: ControlRequest) => Promise<unknown>, limits: ControlLimits = {}): Promise<ControlServer> {
  if (await isLive(path)) {
    throw new SwitchyardError('LOCK_HELD', `another switchyard watch is already running (its control socket ${path} answers)`, {
      hint: 'stop it first (systemctl stop switchyard-watch), or use another --root',
    });
  }
  await unlink(path).catch(() => undefined);
  const idleMs = limits.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const maxConnections = limits.maxConnections ?? MAX_CONNECTIONS;
  /** Open connections that have not sent their request yet. */
  const waiting = new Set<Socket>();
  let open = 0;
  const server: Server = createServer((sock) => {
    sock.on('error', () => undefined);
    if (open >= maxConnections) {
      reply(sock, { ok: false, error: `too many control connections (${maxConnections}); try again`, busy: true });
      return;
    }
    open++;
    waiting.add(sock);
    const idle = setTimeout(() => reply(sock, { ok: false, error: `no complete request within ${idleMs / 1000}s; closed` }), idleMs);
    sock.on('close', () => {
      open--;
      waiting.delete(sock);
      clearTimeout(idle);
    });
    let data = '';
    sock.setEncoding('utf8');
    const onData = (chunk: string): void => {
      data += chunk;
      if (data.length > MAX_REQUEST) {
        sock.destroy();
        return;
      }
      const nl = data.indexOf('\n');
      if (nl === -1) return;
      // One request per connection: what follows the first line is not read, let alone handled.
      sock.off('data', onData);
      sock.pause();
      waiting.delete(sock);
      clearTimeout(idle);
      let req: ControlRequest;
      try {
        req = JSON.parse(data.slice(0, nl)) as ControlRequest;
      } catch {
        reply(sock, { ok: false, error: 'bad request' });
        return;
      }
      handle(req).then(
        (answer) => reply(sock, { ok: true, ...(answer as object) }),
        (err: unknown) => reply(sock, { ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
    };
    sock.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(path, mode);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const sock of waiting) sock.destroy();
        void unlink(path).catch(() => undefined);
      }),
  };
}

/**
 * Sends the one answer line and closes the connection once it is written, without waiting
 * for the client to close its end: a client that never does must not keep the descriptor.
 */
function reply(sock: Socket, answer: object): void {
  sock.end(`${JSON.stringify(answer)}\n`);
  sock.once('finish', () => sock.destroy());
}

/**
 * Sends one request; resolves `undefined` when no daemon listens there. While the daemon
 * answers `busy` (all its connections taken) it tries again until `timeoutMs` is up: the
 * request was not read, so sending it again cannot act twice.
 */
export async function requestControl(path: string, req: ControlRequest, timeoutMs = 30_000): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await requestOnce(path, req, Math.max(1, deadline - Date.now()), timeoutMs);
    const pause = 20 + Math.random() * 80; // spread a burst of hooks out
    if (answer?.busy !== true || Date.now() + pause >= deadline) return answer;
    await sleep(pause);
  }
}

function requestOnce(path: string, req: ControlRequest, leftMs: number, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    const sock = connect(path);
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new SwitchyardError('STATE_IO', `the watch daemon did not answer within ${timeoutMs / 1000}s (${path})`));
    }, leftMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify(req)}\n`));
    sock.on('data', (c: string) => (data += c));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED' || err.code === 'ENOTSOCK') resolve(undefined);
      else reject(new SwitchyardError('STATE_IO', `cannot talk to the watch daemon at ${path}: ${err.message}`, { cause: err }));
    });
    sock.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(data) as Record<string, unknown>);
      } catch {
        reject(new SwitchyardError('STATE_IO', `the watch daemon sent an unreadable answer on ${path}`));
      }
    });
  });
}

async function isLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(path);
    sock.on('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.on('error', () => resolve(false));
  });
}
