/**
 * One device's run, the pipeline reconcile and provisioning share: lock → render → connect
 * (→ admit its key) → read (once) → back up → plan → [check: report] → push (→ roll back)
 * → verify (→ verification login, pin) → save (→ remember) → record. What makes a run a
 * reconcile or a provisioning is its {@link Access}: which account and address, the key
 * policy, what to verify with, what to pin, what to remember. A failed push is rolled back
 * to the backup and never saved. Never throws: every failure becomes a DeviceResult.
 */
import { remediate, unifiedDiff } from '../config/index.js';
import type { CliSession } from '../device/index.js';
import type { Device } from '../inventory/index.js';
import { getPlatform } from '../platforms/index.js';
import { SwitchyardError } from '../errors.js';
import { acquireDeviceLock, type DeviceLock } from './lock.js';
import { appendRunRecord, saveBackup } from './records.js';
import { rollbackToBackup } from './rollback.js';
import { toRunError } from './run-error.js';
import { maskResult } from './mask.js';
import { StepClock } from './steps.js';
import type { DeviceResult, Outcome, ReconcileObserver, RollbackResult, Step } from './types.js';

/**
 * How a run reaches a device and what it trusts there. A reconcile connects with the
 * team's connector, for the run and a rollback alike; provisioning's is in provision.ts.
 */
export interface Access {
  /** Opens the session the run reads and pushes over. */
  connect(): Promise<CliSession>;
  /** Throws to refuse that session's host key before anything is read or pushed. */
  admit?(session: CliSession): Promise<void>;
  /** Opens a fresh session for the rollback when the push lost the first one. */
  reconnect(): Promise<CliSession>;
  /**
   * A second login once the push verified; the run checks the hostname its prompt shows and
   * saves over it. A run with one goes on to it, and to the save, even with nothing to push.
   */
  verifyWith?(): Promise<CliSession>;
  /** Pins the host key the verification login reached, before the hostname check and the save. */
  pin?(): Promise<void>;
  /** Records what the run learned, once saved. */
  remember?(): Promise<void>;
  /** Releases what `connect` set up; runs at the end of every run, after the lock is released. */
  dispose?(): Promise<void>;
}

/** What the runner needs from the outside world for one run. */
export interface ReconcileContext {
  /** The project's state folder (backups, locks, journal). */
  readonly stateDir: string;
  /** Check mode: compute and report, change nothing. */
  readonly check: boolean;
  /** Include a unified diff in results (always included in check mode). */
  readonly diff: boolean;
  /** The desired config of a device (rendered), and whether the committed baseline is stale. */
  desired(device: Device): Promise<{ readonly text: string; readonly baselineStale?: boolean }>;
  /** Opens a CLI session to a device with the team's credentials (a reconcile's {@link Access}). */
  connect(device: Device): Promise<CliSession>;
  readonly observer?: ReconcileObserver;
  readonly lockTimeoutMs?: number;
  /** Aborts the wait for the device lock (the daemon stopping); never a push under way. */
  readonly signal?: AbortSignal;
}

/** Reconciles one device. Resolves to its result; never rejects. */
export function reconcileDevice(device: Device, ctx: ReconcileContext): Promise<DeviceResult> {
  const connect = () => ctx.connect(device);
  return runDevice(device, { connect, reconnect: connect }, ctx);
}

/** Runs `device` through the pipeline, reaching it by `access`. Resolves to its result; never rejects. */
export function runDevice(device: Device, access: Access, ctx: RunContext): Promise<DeviceResult> {
  return new DeviceRun(device, access, ctx).execute();
}

/** The context of any run: a reconcile's, less its connector. */
type RunContext = Omit<ReconcileContext, 'connect'>;

class DeviceRun {
  private commands: readonly string[] = [];
  private sent = 0;
  private saved = false;
  private diffText: string | undefined;
  private backupPath: string | undefined;
  private baselineStale: boolean | undefined;
  /** The session in use, closed at the end: the first, the rollback's, or the verification login. */
  private session: CliSession | undefined;
  private readonly clock: StepClock;

  constructor(
    private readonly device: Device,
    private readonly access: Access,
    private readonly ctx: RunContext,
  ) {
    this.clock = new StepClock(device, ctx.observer);
  }

  async execute(): Promise<DeviceResult> {
    const { device, ctx } = this;
    ctx.observer?.onStart?.(device);
    let lock: DeviceLock | undefined;
    let result: DeviceResult;
    try {
      lock = await this.step('lock', () =>
        acquireDeviceLock(ctx.stateDir, device.site, device.name, {
          ...(ctx.lockTimeoutMs !== undefined ? { timeoutMs: ctx.lockTimeoutMs } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        }),
      );
      result = await this.pipeline();
    } catch (err) {
      result = this.result('failed', { error: toRunError(err) });
    } finally {
      await this.session?.close().catch(() => undefined);
      await lock?.release();
      await this.access.dispose?.();
    }
    const final = maskResult({ ...result, durations: this.clock.snapshot() }, getPlatform(device.platform).config);
    await appendRunRecord(ctx.stateDir, final, ctx.check).catch(() => undefined);
    ctx.observer?.onStep?.(device, 'done', final.outcome);
    ctx.observer?.onFinish?.(final);
    return final;
  }

  private async pipeline(): Promise<DeviceResult> {
    const { device, ctx, access } = this;
    const platform = getPlatform(device.platform);
    const rules = platform.config;
    const desired = await this.step('render', () => ctx.desired(device));
    this.baselineStale = desired.baselineStale;
    let session = await this.step('connect', () => access.connect());
    this.session = session;
    await access.admit?.(session);
    // The one `show running-config` of the run; verify reads again only after a push.
    const running = await this.step('read', () => session.showRunningConfig());
    this.backupPath = await this.step('backup', () => saveBackup(ctx.stateDir, device.site, device.name, running));
    const plan = await this.step('plan', () => Promise.resolve(remediate(running, desired.text, rules)));
    this.commands = plan.commands;
    if (ctx.diff || ctx.check) {
      this.diffText = unifiedDiff(running, desired.text, rules, { from: `${device.name} (running)`, to: `${device.name} (desired)` });
    }
    if (plan.empty && !access.verifyWith) return this.result('in-sync');
    if (ctx.check) return this.result('drift');

    try {
      await this.step('push', () =>
        session.configure(plan.commands, (index) => {
          this.sent = index + 1;
        }),
      );
    } catch (err) {
      return this.failedPush(err, running);
    }

    const remaining = await this.step('verify', async () => remediate(await session.showRunningConfig(), desired.text, rules));
    if (!remaining.empty) {
      // Never loop: a rule the engine and the switch disagree on would push forever.
      return this.result('not-converged', {
        remaining: remaining.commands,
        error: {
          code: 'NOT_CONVERGED',
          message: `after the push the running config still differs from the desired config in ${remaining.commands.length} line(s); not saved`,
          hint: 'the platform rules and the switch disagree on these lines; run `switchyard plan` to see them, and report them with the platform name',
        },
      });
    }
    if (access.verifyWith) {
      // One session at a time: the one that pushed is done once the config verified.
      await session.close();
      this.session = undefined;
      session = await this.step('verify', () => access.verifyWith!());
      this.session = session;
      await access.pin?.();
      if (platform.cli.managesHostname !== false && session.hostname !== device.name) {
        throw new SwitchyardError('NOT_CONVERGED', `${device.name}: after provisioning the switch calls itself "${session.hostname}"`);
      }
    }
    await this.step('save', () => session.save());
    this.saved = true;
    await access.remember?.();
    return this.result('converged');
  }

  private async failedPush(err: unknown, backup: string): Promise<DeviceResult> {
    // The remediation was typed only up to the failing command; bring the switch back to
    // exactly what it ran before (the backup), then stop. Never save a half-applied config.
    const rollback = await this.step('rollback', async () => {
      const r = await rollbackToBackup(this.device, backup, this.session, () => this.access.reconnect());
      this.session = r.session;
      return r.result;
    }).catch((rbErr: unknown): RollbackResult => ({ attempted: true, restored: false, commands: [], error: toRunError(rbErr) }));
    return this.result('failed', { error: toRunError(err), rollback });
  }

  private step<T>(step: Step, fn: () => Promise<T>): Promise<T> {
    return this.clock.step(step, fn);
  }

  private result(outcome: Outcome, extra: Partial<Pick<DeviceResult, 'error' | 'rollback' | 'remaining'>> = {}): DeviceResult {
    return {
      site: this.device.site,
      device: this.device.name,
      outcome,
      commands: this.commands,
      sent: this.sent,
      saved: this.saved,
      ...(this.diffText !== undefined ? { diff: this.diffText } : {}),
      ...(this.backupPath !== undefined ? { backup: this.backupPath } : {}),
      ...(this.baselineStale !== undefined ? { baselineStale: this.baselineStale } : {}),
      ...extra,
      durations: this.clock.snapshot(),
    };
  }
}
