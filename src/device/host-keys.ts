/**
 * Pinned SSH host keys in `<stateDir>/known_hosts`, in OpenSSH's known_hosts line format
 * (`[host]:port ssh-ed25519 AAAA…`, plain `host` for port 22), so `ssh-keygen -R` and
 * `ssh -o UserKnownHostsFile=…` work on the same file.
 *
 * Pinning is what protects the team's password: SSH checks the host key before any
 * password is sent, so a rogue that copied a switch's MAC and hostname still cannot
 * collect credentials. Writes are atomic and safe against concurrent writers (other
 * processes: a short lock file and a re-read before each write; this process: pins are
 * queued and written in batches, so a fleet's first contact is not one fsync per switch).
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { isIPv6 } from 'node:net';
import { dirname, join } from 'node:path';
import { SwitchyardError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** How the transport treats the server's host key. */
export interface HostKeyPolicy {
  readonly store: HostKeyStore;
  /**
   * Trust and pin an unknown host's key (first contact with a new switch, or with the
   * inventory's own management address). Never a silent default: a known host with a
   * different key is refused whatever this says.
   */
  readonly allowFirstUse: boolean;
}

const LOCK_STALE_MS = 10_000;
/**
 * How long a parsed file is trusted without a stat. A fleet run looks up hundreds of hosts
 * a second; a stat each (through libuv's busy thread pool) cost more than the rest of the
 * lookup. Our own pins invalidate at once; another process's pins are seen within this.
 */
const FRESH_MS = 1000;
const LOCK_GIVE_UP_MS = 10_000;

/** The pinned host keys of one state folder. */
export class HostKeyStore {
  /** Path of the known_hosts file. */
  readonly path: string;
  private readonly lockPath: string;
  private cache: { stamp: string; entries: Map<string, string[]>; checkedAt: number } | undefined;
  private loading: Promise<Map<string, string[]>> | undefined;
  /** Bumped by every write: a read that started before it must not cache what it read. */
  private generation = 0;
  private readonly freshMs: number;
  private pending = new Map<string, { key: string; ifAbsent: boolean; done: Array<(err: unknown, now: readonly string[] | undefined) => void> }>();
  private flushing: Promise<void> | undefined;

  /** `recheckMs`: how long a read of the file is trusted before it is stat'ed again (default 1 s). */
  constructor(stateDir: string, options: { readonly recheckMs?: number } = {}) {
    this.freshMs = options.recheckMs ?? FRESH_MS;
    this.path = join(stateDir, 'known_hosts');
    this.lockPath = `${this.path}.lock`;
  }

  /** The pinned key of `host:port` (`type base64`), or undefined when none is pinned. */
  async lookup(host: string, port: number): Promise<string | undefined> {
    return (await this.lookupAll(host, port))[0];
  }

  /** Every key pinned for `host:port` (OpenSSH allows one per key type). */
  async lookupAll(host: string, port: number): Promise<readonly string[]> {
    const entries = await this.load();
    return entries.get(hostToken(host, port)) ?? [];
  }

  /** Every pin: host token (`host` or `[host]:port`) → keys. */
  async all(): Promise<ReadonlyMap<string, readonly string[]>> {
    return new Map([...(await this.load())].filter(([token]) => token !== REVOKED));
  }

  /** Keys marked `@revoked` in the file: never trusted, not even on first use. */
  async revoked(): Promise<readonly string[]> {
    return (await this.load()).get(REVOKED) ?? [];
  }

  /**
   * Pins `key` for `host:port`. With `ifAbsent` (every automatic pin: first contact, the
   * end of a provisioning) a pin another writer made meanwhile is kept — checked under the
   * file lock, so two processes cannot both think they were first. Without it (an
   * operator's `keys accept`) whatever was pinned is replaced. Resolves with the keys
   * pinned for `host:port` afterwards: a caller that needs its key there checks.
   */
  pin(host: string, port: number, key: string, options: { readonly ifAbsent?: boolean } = {}): Promise<readonly string[]> {
    const normalized = normalizeKey(key);
    if (normalized === undefined) return Promise.reject(new SwitchyardError('STATE_IO', `not an SSH public key: ${key.slice(0, 40)}`));
    const token = hostToken(host, port);
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(token) ?? { key: normalized, ifAbsent: options.ifAbsent === true, done: [] };
      entry.key = normalized;
      entry.ifAbsent = options.ifAbsent === true;
      entry.done.push((err, now) => (err === undefined ? resolve(now ?? [normalized]) : reject(err)));
      this.pending.set(token, entry);
      this.scheduleFlush();
    });
  }

  /**
   * Removes every pin of `host:port` (like `ssh-keygen -R`); true when there was one.
   * Only ever called by an operator's command: a pin is never replaced automatically.
   */
  async forget(host: string, port: number): Promise<boolean> {
    await this.flushing;
    return this.withLock(() => this.rewrite(new Set([hostToken(host, port)]), new Map()));
  }

  private scheduleFlush(): void {
    if (this.flushing !== undefined) return;
    this.flushing = (async () => {
      // Let pins made in the same tick join this batch.
      await new Promise((r) => setImmediate(r));
      while (this.pending.size > 0) {
        const batch = this.pending;
        this.pending = new Map();
        let failure: unknown;
        let kept = new Map<string, string[]>();
        try {
          kept = await this.writeBatch(batch);
        } catch (err) {
          failure = err instanceof SwitchyardError ? err : new SwitchyardError('STATE_IO', `cannot write ${this.path}: ${(err as Error).message}`, { cause: err });
        }
        for (const [token, e] of batch) for (const done of e.done) done(failure, kept.get(token));
      }
    })().finally(() => {
      this.flushing = undefined;
      if (this.pending.size > 0) this.scheduleFlush();
    });
  }

  /** Writes a batch under the lock; returns the tokens whose `ifAbsent` pin found another pin, with the keys kept. */
  private async writeBatch(batch: ReadonlyMap<string, { key: string; ifAbsent: boolean }>): Promise<Map<string, string[]>> {
    return this.withLock(async () => {
      const present = parseFile(await this.readText());
      const kept = new Map<string, string[]>();
      const add = new Map<string, string>();
      for (const [token, e] of batch) {
        const existing = present.get(token);
        if (e.ifAbsent && existing !== undefined) kept.set(token, existing);
        else add.set(token, e.key);
      }
      if (add.size > 0) await this.rewrite(new Set(add.keys()), add);
      return kept;
    });
  }

  private readText(): Promise<string> {
    return readFile(this.path, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? '' : Promise.reject(err)));
  }

  /**
   * Rewrites the file under the lock: drops the pins of `drop`, appends `add`. Re-reads
   * first: another process may have pinned other hosts meanwhile. True when a pin was dropped.
   */
  private async rewrite(drop: ReadonlySet<string>, add: ReadonlyMap<string, string>): Promise<boolean> {
    const text = await this.readText();
    const kept: string[] = [];
    let dropped = false;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const parsed = parseLine(line);
      const remaining = parsed?.hosts.filter((h) => !drop.has(h));
      if (parsed === undefined || remaining === undefined || remaining.length === parsed.hosts.length) {
        kept.push(line);
        continue;
      }
      dropped = true;
      if (remaining.length > 0) kept.push([remaining.join(','), ...line.split(/\s+/).slice(1)].join(' '));
    }
    if (!dropped && add.size === 0) return false;
    for (const [token, key] of add) kept.push(`${token} ${key}`);
    await writeFileAtomic(this.path, kept.length > 0 ? `${kept.join('\n')}\n` : '', { mode: 0o600 });
    this.cache = undefined;
    this.generation++;
    return dropped;
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (;;) {
      try {
        const handle = await open(this.lockPath, 'wx', 0o600);
        await handle.writeFile(`${process.pid}\n`);
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          // First pin ever: the state folder does not exist yet.
          await mkdir(dirname(this.path), { recursive: true });
          continue;
        }
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const age = await stat(this.lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
        // A writer that died holding the lock must not block pinning forever.
        if (age > LOCK_STALE_MS) await unlink(this.lockPath).catch(() => undefined);
        else if (Date.now() - started > LOCK_GIVE_UP_MS) {
          throw new SwitchyardError('STATE_IO', `${this.lockPath} is held by another process`, {
            hint: `If no other switchyard process is running, delete ${this.lockPath}.`,
          });
        } else await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      }
    }
    try {
      return await fn();
    } finally {
      await unlink(this.lockPath).catch(() => undefined);
    }
  }

  /** Parsed file, cached while its size and mtime are unchanged; concurrent callers share one read. */
  private load(): Promise<Map<string, string[]>> {
    if (this.cache !== undefined && performance.now() - this.cache.checkedAt < this.freshMs) return Promise.resolve(this.cache.entries);
    this.loading ??= this.reload().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async reload(): Promise<Map<string, string[]>> {
    const generation = this.generation;
    let stamp: string;
    try {
      const s = await stat(this.path);
      stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw new SwitchyardError('STATE_IO', `cannot read ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    if (this.cache?.stamp === stamp) {
      this.cache.checkedAt = performance.now();
      return this.cache.entries;
    }
    const entries = parseFile(await readFile(this.path, 'utf8'));
    if (generation === this.generation) this.cache = { stamp, entries, checkedAt: performance.now() };
    return entries;
  }
}

/** Where parseFile keeps `@revoked` keys (no host token starts with `@`). */
const REVOKED = '@revoked';

/** Host token → keys of a known_hosts text; `@revoked` keys are dropped from every host and listed under REVOKED. */
function parseFile(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  const revoked: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*@revoked\s+\S+\s+(\S+)\s+(\S+)/.exec(line);
    if (m) {
      revoked.push(`${m[1]} ${m[2]}`);
      continue;
    }
    const parsed = parseLine(line);
    if (parsed === undefined) continue;
    for (const h of parsed.hosts) {
      const list = entries.get(h) ?? [];
      list.push(parsed.key);
      entries.set(h, list);
    }
  }
  if (revoked.length > 0) {
    for (const [h, keys] of entries) {
      const left = keys.filter((k) => !revoked.includes(k));
      if (left.length > 0) entries.set(h, left);
      else entries.delete(h);
    }
    entries.set(REVOKED, revoked);
  }
  return entries;
}

/**
 * The host field OpenSSH writes for `host:port`, from a canonical host: lower case, no
 * trailing dot, an IPv6 address in its shortest form — so one address has one token.
 */
export function hostToken(host: string, port: number): string {
  let h = host.toLowerCase().replace(/\.$/, '');
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (isIPv6(h)) h = new URL(`http://[${h}]`).hostname.slice(1, -1);
  return port === 22 ? h : `[${h}]:${port}`;
}

/** A host field of the file (`host` or `[host]:port`) as hostToken writes it. */
function fileToken(field: string): string {
  const m = /^\[(.+)\]:(\d+)$/.exec(field);
  return m ? hostToken(m[1]!, Number(m[2])) : hostToken(field, 22);
}

/**
 * Parses one known_hosts line into plain host tokens and `type base64`. Comments, markers
 * (`@revoked`, `@cert-authority`), hashed hosts (`|1|…`) and wildcard patterns are not
 * pins of one host: they are kept in the file but never match.
 */
function parseLine(line: string): { hosts: string[]; key: string } | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('@')) return undefined;
  const [hostField, type, blob] = trimmed.split(/\s+/);
  if (hostField === undefined || type === undefined || blob === undefined) return undefined;
  const hosts = hostField
    .split(',')
    .filter((h) => h !== '' && !h.startsWith('|') && !/[*?!]/.test(h))
    .map(fileToken);
  if (hosts.length === 0) return undefined;
  return { hosts, key: `${type} ${blob}` };
}

/** `type base64` from an OpenSSH public key line (drops a comment), or undefined. */
export function normalizeKey(line: string): string | undefined {
  const [type, blob] = line.trim().split(/\s+/);
  if (type === undefined || blob === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return undefined;
  return `${type} ${blob}`;
}

/** OpenSSH public key line (`type base64`) of an SSH wire-format key blob. */
export function keyLineFromBlob(blob: Buffer): string {
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const type = blob.subarray(4, 4 + len).toString('latin1');
  return `${type} ${blob.toString('base64')}`;
}

/** `SHA256:…` fingerprint of a key line, as `ssh-keygen -l` prints it. */
export function fingerprint(keyLine: string): string {
  const blob = Buffer.from(keyLine.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
