import type { Device } from '../inventory/index.js';
import type { DeviceResult, ReconcileObserver, Step } from './types.js';

/** Times the steps of one device's run and reports each step to the observer as it starts. */
export class StepClock {
  private readonly durations: Partial<Record<Step | 'total', number>> = {};
  private readonly started = performance.now();

  constructor(
    private readonly device: Device,
    private readonly observer: ReconcileObserver | undefined,
  ) {}

  /** Runs `fn` as step `name`; its time adds up when a step runs more than once. */
  async step<T>(name: Step, fn: () => Promise<T>): Promise<T> {
    this.observer?.onStep?.(this.device, name);
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.durations[name] = Math.round((this.durations[name] ?? 0) + performance.now() - t0);
    }
  }

  /** The durations so far, with the total since the clock was made. */
  snapshot(): DeviceResult['durations'] {
    return { ...this.durations, total: Math.round(performance.now() - this.started) };
  }
}
