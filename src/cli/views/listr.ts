/**
 * The TTY view of a reconcile run: a listr2 row per device showing its current step and
 * then its outcome. The one place that wraps listr2. It is a subscriber like the others:
 * the runner does not know it exists.
 */
import { Listr } from 'listr2';
import type { Device } from '../../inventory/index.js';
import type { DeviceResult, ReconcileObserver } from '../../reconcile/index.js';
import { outcomeLine } from './format.js';

/** One device's row: steps arrive from the runner before or after listr2 starts the task. */
class Row {
  private show: (title: string) => void = () => undefined;
  private resolve: (r: DeviceResult) => void = () => undefined;
  readonly done = new Promise<DeviceResult>((r) => (this.resolve = r));

  constructor(readonly label: string) {}

  attach(show: (title: string) => void): void {
    this.show = show;
  }
  step(step: string): void {
    this.show(`${this.label}: ${step}`);
  }
  finish(result: DeviceResult): void {
    this.resolve(result);
  }
}

/** Builds the view for `devices`; start `run()` before reconciling and await it after. */
export function listrView(devices: readonly Device[]): { observer: ReconcileObserver; run(): Promise<void> } {
  const rows = new Map(devices.map((d) => [`${d.site}/${d.name}`, new Row(`${d.site}/${d.name}`)]));
  const list = new Listr(
    [...rows.values()].map((row) => ({
      title: row.label,
      task: async (_ctx: unknown, task: { title: string }) => {
        row.attach((t) => (task.title = t));
        const result = await row.done;
        task.title = outcomeLine(result).split('\n')[0]!;
        if (result.outcome === 'failed' || result.outcome === 'not-converged') throw new Error(outcomeLine(result));
      },
    })),
    { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false } },
  );
  return {
    observer: {
      onStep(device, step) {
        if (step !== 'done') rows.get(`${device.site}/${device.name}`)?.step(step);
      },
      onFinish(result) {
        rows.get(`${result.site}/${result.device}`)?.finish(result);
      },
    },
    async run() {
      // A failed row is shown by listr2 itself; the exit code comes from the results.
      await list.run().catch(() => undefined);
    },
  };
}
