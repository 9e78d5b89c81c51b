/**
 * One device's reconcile: lock → render → connect → read (once) → back up → plan →
 * [check: report] → push → verify → save → record. A failed push is rolled back to the
 * backup and never saved. Never throws: every failure becomes a DeviceResult.
 */
import { remediate, unifiedDiff } from '../config/index.js';
import type { CliSession } from '../device/index.js';
import type { Device } from '../inventory/index.js';
import { getPlatform } from '../platforms/index.js';
import { acquireDeviceLock, type DeviceLock } from './lock.js';
import { appendRunRecord, saveBackup } from './records.js';
import { rollbackToBackup } from './rollback.js';
import { toRunError } from './run-error.js';
import { maskResult } from './mask.js';
import { StepClock } from './steps.js';
import type { DeviceResult, Outcome, ReconcileObserver, RollbackResult, Step } from './types.js';

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
  /** Opens a CLI session to a device with the team's credentials. */
  connect(device: Device): Promise<CliSession>;
  readonly observer?: ReconcileObserver;
  readonly lockTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Runs one device. Resolves to its result; never rejects. */
export async function reconcileDevice(device: Device, ctx: ReconcileContext): Promise<DeviceResult> {
  const run = new DeviceRun(device, ctx);
  const result = await run.execute();
  ctx.observer?.onFinish?.(result);
  return result;
}

class DeviceRun {
  private commands: readonly string[] = [];
  private sent = 0;
  private saved = false;
  private diffText: string | undefined;
  private backupPath: string | undefined;
  private baselineStale: boolean | undefined;
  private session: CliSession | undefined;
  private readonly clock: StepClock;

  constructor(
    private readonly device: Device,
    private readonly ctx: ReconcileContext,
  ) {
    this.clock = new StepClock(device, ctx.observer);
  }

  async execute(): Promise<DeviceResult> {
    this.ctx.observer?.onStart?.(this.device);
    let lock: DeviceLock | undefined;
    let result: DeviceResult;
    try {
      lock = await this.step('lock', () =>
        acquireDeviceLock(this.ctx.stateDir, this.device.site, this.device.name, {
          ...(this.ctx.lockTimeoutMs !== undefined ? { timeoutMs: this.ctx.lockTimeoutMs } : {}),
          ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
        }),
      );
      result = await this.pipeline();
    } catch (err) {
      result = this.result('failed', { error: toRunError(err) });
    } finally {
      await this.session?.close().catch(() => undefined);
      await lock?.release();
    }
    const final = maskResult({ ...result, durations: this.clock.snapshot() }, getPlatform(this.device.platform).config);
    await appendRunRecord(this.ctx.stateDir, final, this.ctx.check).catch(() => undefined);
    this.ctx.observer?.onStep?.(this.device, 'done', final.outcome);
    return final;
  }

  private async pipeline(): Promise<DeviceResult> {
    const rules = getPlatform(this.device.platform).config;
    const desired = await this.step('render', () => this.ctx.desired(this.device));
    this.baselineStale = desired.baselineStale;
    const session = await this.step('connect', () => this.ctx.connect(this.device));
    this.session = session;
    // The one `show running-config` of the run; verify reads again only after a push.
    const running = await this.step('read', () => session.showRunningConfig());
    this.backupPath = await this.step('backup', () => saveBackup(this.ctx.stateDir, this.device.site, this.device.name, running));
    const plan = await this.step('plan', () => Promise.resolve(remediate(running, desired.text, rules)));
    this.commands = plan.commands;
    if (this.ctx.diff || this.ctx.check) {
      this.diffText = unifiedDiff(running, desired.text, rules, { from: `${this.device.name} (running)`, to: `${this.device.name} (desired)` });
    }
    if (plan.empty) return this.result('in-sync');
    if (this.ctx.check) return this.result('drift');

    try {
      await this.step('push', () =>
        session.configure(plan.commands, (index) => {
          this.sent = index + 1;
        }),
      );
    } catch (err) {
      return this.failedPush(err, running);
    }

    const after = await this.step('verify', () => session.showRunningConfig());
    const remaining = remediate(after, desired.text, rules);
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
    await this.step('save', () => session.save());
    this.saved = true;
    return this.result('converged');
  }

  private async failedPush(err: unknown, backup: string): Promise<DeviceResult> {
    const error = toRunError(err);
    // The remediation was typed only up to the failing command; bring the switch back to
    // exactly what it ran before (the backup), then stop. Never save a half-applied config.
    let rollback: RollbackResult;
    try {
      rollback = await this.step('rollback', async () => {
        const r = await rollbackToBackup(this.device, backup, this.session, this.ctx);
        this.session = r.session;
        return r.result;
      });
    } catch (rbErr) {
      rollback = { attempted: true, restored: false, commands: [], error: toRunError(rbErr) };
    }
    return this.result('failed', { error, rollback });
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
