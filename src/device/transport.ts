/**
 * The SSH transport: the only client-side importer of `ssh2`. Connects with a timeout and
 * keepalive, authenticates (private key, password, keyboard-interactive), verifies the
 * host key against the pinned one before any credential is sent, and opens a shell
 * channel with a pty. Everything above it (prompts, paging, errors) is in session.ts.
 */
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, Client, ClientChannel, ConnectConfig } from 'ssh2';
import type { CliRules } from '../platforms/cli-rules.js';
import type { ErrorCode } from '../errors.js';
import { DeviceError, HostKeyMismatchError } from './errors.js';
import { fingerprint, hostToken, keyLineFromBlob, type HostKeyPolicy } from './host-keys.js';

/** Where a device is and how to log in to it. */
export interface SshLogin {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password?: string;
  readonly privateKey?: string | Buffer;
  /** Passphrase of an encrypted private key. */
  readonly passphrase?: string;
  readonly hostKey: HostKeyPolicy;
  /** Tried before ssh2's defaults, in this order. */
  readonly preferredAlgorithms?: PreferredAlgorithms;
}

/** What the transport needs to reach and authenticate to one device. */
interface TransportOptions extends SshLogin {
  /** TCP connect + key exchange + authentication, in ms. */
  readonly connectTimeoutMs: number;
  /** Interval of SSH keepalives; the connection is dropped after 3 unanswered. Default 15 s. */
  readonly keepaliveIntervalMs?: number;
  /** Extra algorithms for old firmware, added to ssh2's defaults. */
  readonly legacyAlgorithms?: CliRules['legacyAlgorithms'];
}

/** Algorithms to prefer over ssh2's defaults (a device that misbehaves with the default choice; benchmarks). */
export type PreferredAlgorithms = CliRules['legacyAlgorithms'];

/** A shell channel: text in, text out. */
export interface ShellChannel {
  write(text: string): void;
  onData(listener: (text: string) => void): void;
  /** Called once when the channel or the connection closes; `cause` is the transport error, if any. */
  onClose(listener: (cause?: Error) => void): void;
}

/** What the key exchange settled on (for transcripts, diagnostics and benchmarks). */
export interface Negotiated {
  readonly kex: string;
  readonly serverHostKey: string;
  readonly cipher: string;
}

/** An authenticated SSH connection to one device. */
export interface Transport {
  readonly host: string;
  readonly port: number;
  /** The server's host key as seen (`type base64`). */
  readonly hostKey: string;
  readonly negotiated: Negotiated;
  /** Opens an interactive shell with a pty of the given width. */
  openShell(pty: { readonly cols: number; readonly rows: number; readonly term?: string }): Promise<ShellChannel>;
  close(): Promise<void>;
}

/** Connects, verifies the host key, authenticates. Rejects with a DeviceError. */
export async function connectTransport(options: TransportOptions): Promise<Transport> {
  const { host, port } = options;
  const where = { host, port };
  const [pinned, revoked] = await Promise.all([options.hostKey.store.lookupAll(host, port), options.hostKey.store.revoked()]);
  let seenKey: string | undefined;
  let negotiated: Negotiated = { kex: '', serverHostKey: '', cipher: '' };
  let hostKeyProblem: DeviceError | undefined;

  // Runs during key exchange, before the user-auth service is requested: returning false
  // here means no credential of any kind has left this process.
  const hostVerifier = (blob: Buffer): boolean => {
    const key = keyLineFromBlob(blob);
    if (seenKey !== undefined) return key === seenKey; // re-key: same key or nothing
    seenKey = key;
    if (revoked.includes(key)) {
      hostKeyProblem = new DeviceError('DEVICE_HOSTKEY', `the device presented a revoked host key ${fingerprint(key)} (@revoked in ${options.hostKey.store.path})`, { ...where, hint: 'No password was sent.' });
      return false;
    }
    if (pinned.length > 0) {
      if (pinned.includes(key)) return true;
      hostKeyProblem = new HostKeyMismatchError(
        `host key mismatch: pinned ${fingerprint(pinned[0] as string)}, device presented ${fingerprint(key)} (${key.split(' ')[0]})`,
        { presented: key, pinned },
        {
          ...where,
          hint:
            'No password was sent. A pin is never replaced automatically. If the switch was replaced or re-keyed, ' +
            'check the new fingerprint out of band (on its console), then `switchyard keys accept DEVICE --fingerprint SHA256:…` (`switchyard keys list` shows the device and the keys offered).',
        },
      );
      return false;
    }
    if (options.hostKey.allowFirstUse) return true;
    hostKeyProblem = new DeviceError('DEVICE_HOSTKEY', `no host key pinned for ${hostToken(host, port)}; device presented ${fingerprint(key)} (${key.split(' ')[0]})`, {
      ...where,
      hint: `No password was sent. Pin the key by provisioning the switch (first contact at its inventory address), or add the line to ${options.hostKey.store.path}.`,
    });
    return false;
  };

  const client = new ssh2.Client();
  const config: ConnectConfig = {
    host,
    port,
    username: options.username,
    readyTimeout: options.connectTimeoutMs,
    keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
    keepaliveCountMax: 3,
    hostVerifier,
    // ssh2 accepts `false` (give up) from the handler; its typings do not say so.
    authHandler: makeAuthHandler(options) as unknown as AuthHandlerMiddleware,
    algorithms: algorithms(options.legacyAlgorithms, options.preferredAlgorithms, pinned),
  };

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    // Errors are built only when they are the outcome: a stack trace per session adds up in a fleet run.
    const fail = (make: () => DeviceError): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(make());
    };
    const onError = (err: Error & { level?: string; code?: string }): void => fail(() => hostKeyProblem ?? mapConnectError(err, options));
    const onClose = (): void => fail(() => hostKeyProblem ?? new DeviceError('DEVICE_DISCONNECTED', 'connection closed during login', where));
    client.once('ready', () => {
      settled = true;
      client.off('error', onError);
      client.off('close', onClose);
      resolve();
    });
    client.on('error', onError);
    client.once('close', onClose);
    client.once('handshake', (n) => {
      negotiated = { kex: n.kex, serverHostKey: n.serverHostKey, cipher: n.cs.cipher };
    });
    try {
      client.connect(config);
      // A CLI session is many small request/response turns: without this, Nagle's algorithm
      // meets the server's delayed ACK and each turn can wait ~40 ms.
      client.setNoDelay(true);
    } catch (err) {
      fail(() => new DeviceError('DEVICE_CONNECT', `cannot connect: ${(err as Error).message}`, { ...where, cause: err }));
    }
  });

  const hostKey = seenKey as string;
  if (pinned.length === 0) {
    // First use, allowed by the caller. Pinned only now: the key exchange has verified the
    // server's signature, so the device really holds the private half of this key.
    let now: readonly string[];
    try {
      now = await options.hostKey.store.pin(host, port, hostKey, { ifAbsent: true });
    } catch (err) {
      client.end();
      throw err;
    }
    if (!now.includes(hostKey)) {
      // Another process pinned another key for this address while we logged in.
      client.end();
      throw new HostKeyMismatchError(`host key pinned meanwhile: ${fingerprint(now[0] as string)}, device presented ${fingerprint(hostKey)}`, { presented: hostKey, pinned: now }, { ...where, hint: 'Another run pinned this address at the same time; check which key is right (`switchyard keys list`).' });
    }
  }
  return new SshTransport(client, host, port, hostKey, negotiated);
}

class SshTransport implements Transport {
  private closed = false;
  private readonly closeWaiters: Array<() => void> = [];
  private closeCause: Error | undefined;
  private readonly closeListeners: Array<(cause?: Error) => void> = [];

  constructor(
    private readonly client: Client,
    readonly host: string,
    readonly port: number,
    readonly hostKey: string,
    readonly negotiated: Negotiated,
  ) {
    client.on('error', (err: Error & { level?: string }) => {
      // After login, any transport error ends the session: keepalive timeout, reset, protocol error.
      this.closeCause = err;
    });
    client.on('close', () => {
      this.closed = true;
      for (const l of this.closeListeners.splice(0)) l(this.closeCause);
      for (const w of this.closeWaiters.splice(0)) w();
    });
  }

  openShell(pty: { cols: number; rows: number; term?: string }): Promise<ShellChannel> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new DeviceError('DEVICE_DISCONNECTED', 'connection closed before the shell opened', { host: this.host, port: this.port }));
        return;
      }
      this.client.shell({ term: pty.term ?? 'vt100', cols: pty.cols, rows: pty.rows, width: 0, height: 0 }, (err, channel) => {
        if (err) reject(new DeviceError('DEVICE_CONNECT', `the device refused a shell: ${err.message}`, { host: this.host, port: this.port, cause: err }));
        else resolve(wrapChannel(channel, this.closeListeners));
      });
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      // A device that never answers the disconnect must not keep the caller waiting.
      const timer = setTimeout(() => {
        this.client.destroy();
        resolve();
      }, 2000).unref();
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.client.end();
    });
  }
}

function wrapChannel(channel: ClientChannel, transportClose: Array<(cause?: Error) => void>): ShellChannel {
  channel.setEncoding('utf8');
  let closeListener: ((cause?: Error) => void) | undefined;
  let done = false;
  const finish = (cause?: Error): void => {
    if (done) return;
    done = true;
    closeListener?.(cause);
  };
  channel.on('close', () => finish());
  channel.stderr.resume();
  transportClose.push((cause) => finish(cause));
  return {
    write: (text) => {
      if (!done) channel.write(text);
    },
    onData: (listener) => channel.on('data', (d: string) => listener(d)),
    onClose: (listener) => {
      closeListener = listener;
    },
  };
}

function makeAuthHandler(options: TransportOptions): (left: AuthenticationType[] | null, partial: boolean, next: (m: AnyAuthMethod | false) => void) => void {
  const methods: AnyAuthMethod[] = [];
  const username = options.username;
  if (options.privateKey !== undefined) methods.push({ type: 'publickey', username, key: options.privateKey, passphrase: options.passphrase });
  if (options.password !== undefined) {
    const password = options.password;
    methods.push({ type: 'password', username, password });
    // Many switches take the password through keyboard-interactive ("Password:" prompt).
    methods.push({
      type: 'keyboard-interactive',
      username,
      prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
    });
  }
  if (methods.length === 0) methods.push({ type: 'none', username });
  let i = 0;
  return (left, _partial, next) => {
    while (i < methods.length) {
      const m = methods[i++] as AnyAuthMethod;
      // `left` is null before the first attempt; afterwards only offer what the server still accepts.
      if (left === null || left === undefined || left.includes(m.type as AuthenticationType)) {
        next(m);
        return;
      }
    }
    next(false);
  };
}

/**
 * ssh2's defaults (curve25519 and ed25519 first: the cheapest key exchange and signature)
 * plus the platform's legacy algorithms at the end; preferred ones and the pinned key's
 * type go first, so a device with several host keys shows the one that is pinned.
 */
function algorithms(legacy: PreferredAlgorithms, preferred: PreferredAlgorithms, pinned: readonly string[]): ConnectConfig['algorithms'] {
  const pinnedTypes = [...new Set(pinned.flatMap((k) => hostKeyAlgorithms(k.split(' ')[0] ?? '')))];
  const out: Record<string, { remove?: string[]; prepend?: string[]; append?: string[] }> = {};
  for (const kind of ['kex', 'serverHostKey', 'cipher', 'hmac'] as const) {
    const append = [...(legacy?.[kind] ?? [])];
    const prepend = [...new Set([...(preferred?.[kind] ?? []), ...(kind === 'serverHostKey' ? pinnedTypes : [])])];
    if (append.length === 0 && prepend.length === 0) continue;
    // ssh2 applies the operations in key order, and `prepend` skips names already in the
    // list: remove them first, so a default algorithm really moves to the front.
    out[kind] = { ...(prepend.length > 0 ? { remove: prepend, prepend } : {}), ...(append.length > 0 ? { append } : {}) };
  }
  return out as ConnectConfig['algorithms'];
}

function hostKeyAlgorithms(type: string): string[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return type === '' ? [] : [type];
}

function mapConnectError(err: Error & { level?: string; code?: string }, options: Pick<TransportOptions, 'host' | 'port' | 'username' | 'connectTimeoutMs'>): DeviceError {
  const where = { host: options.host, port: options.port, cause: err };
  const code: ErrorCode = 'DEVICE_CONNECT';
  if (err.level === 'client-authentication') {
    return new DeviceError('DEVICE_AUTH', `authentication failed for user ${options.username}`, {
      ...where,
      hint: 'Check the username and the password (or key) the inventory resolves for this device; a factory-new switch accepts only its factory account.',
    });
  }
  if (err.level === 'client-timeout') {
    return new DeviceError('DEVICE_TIMEOUT', `no SSH login within ${options.connectTimeoutMs} ms (TCP connect, key exchange and authentication)`, {
      ...where,
      hint: 'Check that the address answers SSH (a filtered port looks like this), or raise connectTimeoutMs for slow switches.',
    });
  }
  if (err.level === 'client-socket' || err.level === 'client-dns') {
    const hint =
      err.code === 'ECONNREFUSED'
        ? 'Nothing listens on that port: check mgmt.host/mgmt.port in the inventory and that the SSH server is enabled (`ip ssh server enable`).'
        : 'Check the management address and the route to it.';
    return new DeviceError(code, `cannot connect: ${err.message}`, { ...where, hint });
  }
  // The server ends the key exchange with a DISCONNECT: ssh2 reports its reason as `code`
  // (KEY_EXCHANGE_FAILED) and a description that may be empty.
  const kexFailed = err.code === 'KEY_EXCHANGE_FAILED' || /KEY_EXCHANGE_FAILED|no matching/i.test(err.message);
  if (err.level === 'handshake' || err.level === 'protocol' || kexFailed) {
    return new DeviceError(code, `SSH handshake failed: ${err.message}`, {
      ...where,
      hint: kexFailed
        ? "The device and Switchyard found no key exchange, host-key or cipher algorithm both can do (or the device failed the one chosen): add what the device offers to the platform's cli.legacyAlgorithms, or drop preferredAlgorithms."
        : undefined,
    });
  }
  return new DeviceError(code, `cannot connect: ${err.message}`, where);
}

/**
 * The host key `host:port` presents, like `ssh-keyscan`: the key exchange runs to its end
 * (so the server has proven it holds the private half), then the connection is closed
 * before any authentication method — no username, no password — is offered.
 */
export async function scanHostKey(options: { readonly host: string; readonly port: number; readonly connectTimeoutMs: number; readonly legacyAlgorithms?: CliRules['legacyAlgorithms'] }): Promise<string> {
  const { host, port } = options;
  const client = new ssh2.Client();
  let seen: string | undefined;
  let exchanged = false;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const done = (err?: DeviceError): void => {
      if (settled) return;
      settled = true;
      client.end();
      if (err === undefined && seen !== undefined && exchanged) resolve(seen);
      else reject(err ?? new DeviceError('DEVICE_CONNECT', 'the key exchange did not complete', { host, port }));
    };
    client.once('handshake', () => {
      exchanged = true;
      done();
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => done(mapConnectError(err, { host, port, username: 'switchyard-keyscan', connectTimeoutMs: options.connectTimeoutMs })));
    client.once('close', () => done());
    client.connect({
      host,
      port,
      username: 'switchyard-keyscan',
      readyTimeout: options.connectTimeoutMs,
      hostVerifier: (blob: Buffer) => {
        seen = keyLineFromBlob(blob);
        return true;
      },
      // Never reached before `handshake` ends the connection; offers nothing if it were.
      authHandler: ((_l: unknown, _p: unknown, next: (m: false) => void) => next(false)) as unknown as AuthHandlerMiddleware,
      algorithms: algorithms(options.legacyAlgorithms, undefined, []),
    });
  });
}
