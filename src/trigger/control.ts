/**
 * The daemon's local control socket (`<state>/watch.sock`, mode 0600 unless configured):
 * `switchyard trigger` hands events to the running daemon through it, and `switchyard
 * status` asks it what it is doing. One JSON request per connection, one JSON answer.
 */
import { chmod, unlink } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { SwitchyardError } from '../errors.js';

/** The socket file name in the state folder. */
export const SOCKET_FILE = 'watch.sock';
const MAX_REQUEST = 64 * 1024;

/** What a client may ask. */
export type ControlRequest = { readonly op: 'event'; readonly event: unknown } | { readonly op: 'status' };

/** Serves requests on a unix socket. */
export interface ControlServer {
  close(): Promise<void>;
}

/**
 * Listens on `path`. A leftover socket of a crashed daemon is replaced; a live one means
 * another daemon runs for this project, which is refused (two daemons would both act).
 */
export async function listenControl(path: string, mode: number, handle: (req: ControlRequest) => Promise<unknown>): Promise<ControlServer> {
  if (await isLive(path)) {
    throw new SwitchyardError('LOCK_HELD', `another switchyard watch is already running (its control socket ${path} answers)`, {
      hint: 'stop it first (systemctl stop switchyard-watch), or use another --root',
    });
  }
  await unlink(path).catch(() => undefined);
  const server: Server = createServer((sock) => {
    let data = '';
    sock.setEncoding('utf8');
    sock.on('error', () => undefined);
    sock.on('data', (chunk: string) => {
      data += chunk;
      if (data.length > MAX_REQUEST) {
        sock.destroy();
        return;
      }
      const nl = data.indexOf('\n');
      if (nl === -1) return;
      let req: ControlRequest;
      try {
        req = JSON.parse(data.slice(0, nl)) as ControlRequest;
      } catch {
        sock.end(`${JSON.stringify({ ok: false, error: 'bad request' })}\n`);
        return;
      }
      handle(req).then(
        (answer) => sock.end(`${JSON.stringify({ ok: true, ...(answer as object) })}\n`),
        (err: unknown) => sock.end(`${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`),
      );
    });
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
        void unlink(path).catch(() => undefined);
      }),
  };
}

/** Sends one request; resolves `undefined` when no daemon listens there. */
export function requestControl(path: string, req: ControlRequest, timeoutMs = 30_000): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    const sock = connect(path);
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new SwitchyardError('STATE_IO', `the watch daemon did not answer within ${timeoutMs / 1000}s (${path})`));
    }, timeoutMs);
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
