/**
 * The conformance suite every platform passes against a live target (NAPALM's base test
 * in spirit): login, prompt detection, paging, reading the running config, a change, an
 * error detected as an error, save, a hostname change moving the prompt, timeouts, auth
 * failure and host-key pinning. Target-agnostic: a target brings connect options, the
 * platform-specific lines, and optional hooks (fault knobs, an impostor at its address).
 * A check whose hook or platform data the target lacks never vanishes: the target must
 * declare it not applicable with a reason, and it is reported as a test of its own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostKeyStore, fingerprint, openSession, type CliSession, type ConnectOptions, type LldpNeighbour } from '../../../src/device/index.js';
import type { Platform } from '../../../src/platforms/types.js';

/** Fault knobs a target may support (the simulator's LabFaults). */
export interface TargetFaults {
  hang?: boolean;
  refuseAuth?: boolean;
  /** Close the connection after this many config-mode commands (undefined: never). */
  dropAfterConfigCommands?: number | undefined;
}

/** Something at the target's address that holds another host key and records logins. */
export interface Impostor {
  /** Authentication attempts it received (any method, any user). */
  authAttempts(): readonly unknown[];
  stop(): Promise<void>;
}

/**
 * The checks that need something not every target has: a pager in the platform data, LLDP,
 * hostname management, fault knobs (the timeout and the dropped-push checks), an impostor.
 */
export type OptionalCheck = 'pager' | 'lldp' | 'hostname' | 'faults' | 'impostor';

/** A live device the suite runs against. */
export interface ConformanceTarget {
  readonly name: string;
  readonly platform: Platform;
  /** How to log in with an account at the top privilege level (read when a check runs; the suite adds platform and host-key policy). */
  login(): Omit<ConnectOptions, 'hostKey' | 'platform'>;
  /** The hostname the device has when the suite starts. */
  readonly hostname: string;
  /** The host key the target presents, when known out of band. */
  readonly hostKey?: string;
  /** Config lines the target accepts (at least two: the last one's effect is `visible`). */
  readonly change: { readonly commands: readonly string[]; readonly visible: RegExp };
  /** A config line the target rejects. */
  readonly rejected: string;
  /** The LLDP neighbours the device reports, as it shows them (checked when the platform reads LLDP). */
  readonly lldp?: readonly LldpNeighbour[];
  /** The running config is seeded long: at least this many lines (several pages). */
  readonly minRunningLines: number;
  /** The target's own view of its running config, to compare a whole read against. */
  running?(): string;
  /** The target's startup config (to see that `save` saved). */
  startup?(): string;
  /** Brings the target up before its checks (e.g. starts a simulated switch) and down after. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Changes fault knobs live. */
  setFault?(faults: TargetFaults): void;
  /** Stops the target and puts an impostor with another key at its address (the suite's last check). */
  impersonate?(): Promise<Impostor>;
  /**
   * Why each optional check this target cannot run does not apply to it. Each one listed
   * is reported as `CHECK — not applicable to TARGET: REASON`, a test that asserts the
   * platform data or the missing hook says so. A check that cannot run and is not listed
   * fails, and so does one that is listed but could run: the list is out of date.
   */
  readonly notApplicable?: Partial<Readonly<Record<OptionalCheck, string>>>;
}

const TIMEOUT_MS = 800;

/** Registers the suite for `target` (call at the top level of a *.test.ts file). */
export function runConformance(target: ConformanceTarget): void {
  describe(`conformance: ${target.name}`, () => {
    let stateDir = '';
    let store: HostKeyStore;
    const options = (): Omit<ConnectOptions, 'hostKey'> => ({ ...target.login(), platform: target.platform });
    const open = (extra: Partial<ConnectOptions> = {}): Promise<CliSession> => openSession({ ...options(), hostKey: { store, allowFirstUse: true }, ...extra });
    const withSession = async (fn: (s: CliSession) => Promise<void>, extra: Partial<ConnectOptions> = {}): Promise<void> => {
      const s = await open(extra);
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    };
    const cli = target.platform.cli;

    /**
     * Registers an optional check: BODY with NEED (the hook or platform data it needs, named
     * WHAT) when the target has it; otherwise a test that shows the check as not applicable
     * with the target's reason, and asserts that NEED is indeed missing.
     */
    const optional = <T>(check: OptionalCheck, title: string, what: string, need: T | undefined, body: (need: T) => Promise<void>): void => {
      const why = target.notApplicable?.[check];
      if (need !== undefined && why === undefined) {
        test(title, () => body(need));
      } else if (why === undefined) {
        test(`${title} — not run on ${target.name}`, () => {
          assert.fail(`${what} is missing and the target gives no reason: provide it, or declare notApplicable.${check} with the reason`);
        });
      } else {
        test(`${title} — not applicable to ${target.name}: ${why}`, () => {
          assert.equal(need, undefined, `declared not applicable, but ${what} is there: remove notApplicable.${check} so the check runs`);
        });
      }
    };

    before(async () => {
      stateDir = await mkdtemp(join(tmpdir(), 'sy-conformance-'));
      store = new HostKeyStore(stateDir);
      await target.start?.();
    });
    after(async () => {
      await target.stop?.();
      await rm(stateDir, { recursive: true, force: true });
    });

    test('login: the prompt is detected and the hostname read from it', async () => {
      await withSession(async (s) => {
        assert.equal(s.hostname, target.hostname);
        if (target.hostKey !== undefined) assert.equal(s.hostKey, target.hostKey);
        assert.ok(cli.prompt.test(`${target.hostname}#`));
        assert.match(s.transcript(), new RegExp(`${target.hostname}#`));
      });
    });

    let firstRead = '';
    test('paging off: a long running config is read whole, without terminal noise', async () => {
      await withSession(async (s) => {
        firstRead = await s.showRunningConfig();
      });
      const lines = firstRead.split('\n');
      assert.ok(lines.length >= target.minRunningLines, `only ${lines.length} lines`);
      assert.ok(!/More--/.test(firstRead), 'no pager marker');
      // eslint-disable-next-line no-control-regex -- looking for terminal control bytes
      assert.ok(!/[\r\b\x1b\x07]/.test(firstRead), 'no control characters');
      assert.ok(!cli.prompt.test(lines.at(-1) ?? ''), 'no prompt at the end');
      if (target.running) assert.equal(firstRead, target.running());
    });

    optional('pager', 'pager fallback: with paging left on, the pager is answered and the text is the same', "the platform's pager (cli.pager)", cli.pager, async () => {
      await withSession(
        async (s) => {
          assert.equal(await s.showRunningConfig(), firstRead);
        },
        { platform: { ...target.platform, cli: { ...cli, pagingOff: [] } } },
      );
    });

    optional(
      'lldp',
      'LLDP neighbours are read with the platform record format',
      "the platform's LLDP reader (cli.lldp) and the target's neighbours (lldp)",
      cli.lldp === undefined ? undefined : target.lldp,
      async (lldp) => {
        await withSession(async (s) => assert.deepEqual(await s.readLldpNeighbours(), lldp));
      },
    );

    test('an error is detected as an error: COMMAND_REJECTED names the command, later commands are not sent', async () => {
      const lead = target.change.commands.slice(0, -1);
      const last = target.change.commands.at(-1) as string;
      await withSession(async (s) => {
        const accepted: number[] = [];
        await assert.rejects(
          s.configure([...lead, target.rejected, last], (i) => accepted.push(i)),
          (err: Error & { code?: string; command?: string; index?: number; output?: string }) => {
            assert.equal(err.code, 'COMMAND_REJECTED');
            assert.equal(err.command, target.rejected);
            assert.equal(err.index, lead.length);
            assert.ok((err.output ?? '').trim() !== '', 'the device output is attached');
            return true;
          },
        );
        assert.deepEqual(accepted, lead.map((_, i) => i));
        // Left config mode, still usable, and the command after the error was not applied.
        assert.doesNotMatch(await s.showRunningConfig(), target.change.visible);
      });
    });

    test('a config change is visible in the next read', async () => {
      await withSession(async (s) => {
        const before = await s.showRunningConfig();
        assert.doesNotMatch(before, target.change.visible);
        await s.configure(target.change.commands);
        assert.match(await s.showRunningConfig(), target.change.visible);
      });
      // And in a new session.
      await withSession(async (s) => assert.match(await s.showRunningConfig(), target.change.visible));
    });

    test('save: running is saved to startup', async () => {
      if (target.startup) assert.doesNotMatch(target.startup(), target.change.visible);
      await withSession((s) => s.save());
      if (target.startup) assert.match(target.startup(), target.change.visible);
    });

    const managesHostname = cli.managesHostname === false ? undefined : true;
    optional('hostname', 'a hostname change moves the prompt, in this session and the next', 'hostname management (cli.managesHostname not false)', managesHostname, async () => {
      await withSession(async (s) => {
        await s.configure(['hostname CONFORMANCE-NEW']);
        assert.equal(s.hostname, 'CONFORMANCE-NEW');
        assert.match(await s.run(cli.showVersion), /\S/);
      });
      await withSession(async (s) => {
        assert.equal(s.hostname, 'CONFORMANCE-NEW');
        await s.configure([`hostname ${target.hostname}`]);
        assert.equal(s.hostname, target.hostname);
      });
    });

    const setFault = target.setFault?.bind(target);
    const faults = "the target's fault knobs (setFault)";
    optional(
      'faults',
      `timeout: a device that stops answering is DEVICE_TIMEOUT within the timeout (${TIMEOUT_MS} ms), naming the expected prompt`,
      faults,
      setFault,
      async (setFault) => {
        const s = await open({ commandTimeoutMs: TIMEOUT_MS });
        try {
          setFault({ hang: true });
          const started = Date.now();
          await assert.rejects(s.run(cli.showVersion), (err: Error & { code?: string; hint?: string }) => {
            assert.equal(err.code, 'DEVICE_TIMEOUT');
            assert.match(err.message, new RegExp(`prompt after \`${cli.showVersion}\``));
            assert.match(err.message, new RegExp(`last prompt \`${target.hostname}#\``));
            assert.ok((err.hint ?? '') !== '');
            return true;
          });
          const elapsed = Date.now() - started;
          assert.ok(elapsed >= TIMEOUT_MS - 50 && elapsed < TIMEOUT_MS + 1500, `took ${elapsed} ms`);
          // A hung device at login: the wait for the first prompt times out the same way.
          await assert.rejects(open({ commandTimeoutMs: TIMEOUT_MS }), (err: Error & { code?: string }) => err.code === 'DEVICE_TIMEOUT' && /first prompt/.test(err.message));
        } finally {
          setFault({ hang: false });
          await s.close();
        }
      },
    );

    optional('faults', 'a device that drops the connection during a push is DEVICE_DISCONNECTED naming the last command', faults, setFault, async (setFault) => {
      const s = await open();
      const commands = [...target.change.commands, ...target.change.commands, ...target.change.commands];
      const accepted: number[] = [];
      try {
        setFault({ dropAfterConfigCommands: 2 });
        await assert.rejects(s.configure(commands, (i) => accepted.push(i)), (err: Error & { code?: string; lastCommand?: string }) => {
          assert.equal(err.code, 'DEVICE_DISCONNECTED');
          assert.ok(err.lastCommand !== undefined && err.lastCommand !== '', 'names the last command sent');
          return true;
        });
        assert.ok(accepted.length < commands.length, `stopped early (${accepted.length} of ${commands.length} accepted)`);
      } finally {
        setFault({ dropAfterConfigCommands: undefined });
        await s.close();
      }
      // The device is still there for the next session.
      await withSession(async (again) => assert.match(await again.showRunningConfig(), /\S/));
    });

    test('auth failure is DEVICE_AUTH, and the password is not in the message', async () => {
      const wrong = `${target.login().password ?? ''}-wrong`;
      await assert.rejects(open({ password: wrong }), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'DEVICE_AUTH');
        assert.ok(!err.message.includes(wrong));
        return true;
      });
      if (setFault !== undefined) {
        setFault({ refuseAuth: true });
        try {
          await assert.rejects(open(), { code: 'DEVICE_AUTH' });
        } finally {
          setFault({ refuseAuth: false });
        }
      }
    });

    test('host keys: unknown is refused unless first use is allowed; first use pins; a changed key is refused', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sy-conformance-keys-'));
      const keys = new HostKeyStore(dir);
      const { host, port } = target.login();
      try {
        await assert.rejects(openSession({ ...options(), hostKey: { store: keys, allowFirstUse: false } }), { code: 'DEVICE_HOSTKEY' });
        assert.equal(await keys.lookup(host, port), undefined, 'nothing pinned without first use');

        const s = await openSession({ ...options(), hostKey: { store: keys, allowFirstUse: true } });
        const seen = s.hostKey;
        await s.close();
        assert.equal(await keys.lookup(host, port), seen, 'first use pinned the key it saw');
        if (target.hostKey !== undefined) assert.equal(seen, target.hostKey);

        const strict = await openSession({ ...options(), hostKey: { store: keys, allowFirstUse: false } });
        await strict.close();

        const other = otherKey();
        await keys.pin(host, port, other);
        for (const allowFirstUse of [false, true]) {
          await assert.rejects(openSession({ ...options(), hostKey: { store: keys, allowFirstUse } }), (err: Error & { code?: string }) => {
            assert.equal(err.code, 'DEVICE_HOSTKEY');
            assert.ok(err.message.includes(fingerprint(other)) && err.message.includes(fingerprint(seen)), 'both fingerprints shown');
            return true;
          });
        }
        assert.equal(await keys.lookup(host, port), other, 'a refused key is never pinned');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    const impersonate = target.impersonate?.bind(target);
    // Last: the target is gone after it.
    optional('impostor', 'an impostor at the pinned address gets no password: the host key is refused before authentication', "the target's impostor (impersonate)", impersonate, async (impersonate) => {
      const dir = await mkdtemp(join(tmpdir(), 'sy-conformance-rogue-'));
      const keys = new HostKeyStore(dir);
      const login = options(); // the address stays; the target behind it goes
      const s = await openSession({ ...login, hostKey: { store: keys, allowFirstUse: true } });
      await s.close();
      const impostor = await impersonate();
      try {
        await assert.rejects(openSession({ ...login, hostKey: { store: keys, allowFirstUse: true } }), { code: 'DEVICE_HOSTKEY' });
        assert.deepEqual(impostor.authAttempts(), [], 'no authentication attempt reached the impostor');
        // The impostor does accept these credentials: without pinning they would have been sent.
        const naive = await openSession({ ...login, hostKey: { store: new HostKeyStore(join(dir, 'fresh')), allowFirstUse: true } });
        await naive.close();
        assert.ok(impostor.authAttempts().length > 0, 'the impostor records logins it gets');
      } finally {
        await impostor.stop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}

/** A fresh ed25519 public key line, unrelated to any target. */
function otherKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const type = Buffer.from('ssh-ed25519');
  const blob = Buffer.concat([u32(type.length), type, u32(raw.length), raw]);
  return `ssh-ed25519 ${blob.toString('base64')}`;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
