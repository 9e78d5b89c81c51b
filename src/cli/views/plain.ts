import type { ReconcileObserver } from '../../reconcile/index.js';
import { indent, outcomeLine } from './format.js';

/** Plain-line progress for logs and CI (no TTY): one line per step change and per outcome. */
export function plainObserver(write: (line: string) => void, options: { showDiff: boolean; verbose?: boolean }): ReconcileObserver {
  return {
    onStep(device, step) {
      if (options.verbose && step !== 'done') write(`${device.site}/${device.name}: ${step}`);
    },
    onFinish(result) {
      write(outcomeLine(result));
      if (options.showDiff && result.diff) write(indent(result.diff.trimEnd(), 2));
      if (options.showDiff && result.commands.length > 0 && result.outcome !== 'in-sync') {
        write(`  ${result.outcome === 'drift' ? 'would push' : 'pushed'}:\n${indent(result.commands.slice(0, result.outcome === 'drift' ? undefined : result.sent).join('\n'), 4)}`);
      }
    },
  };
}
