/**
 * `watch --replay` below the CLI: decide DHCP log files from their start to EOF with the
 * project's rules, acting on nothing (rule testing, benchmarks).
 */
import { SwitchyardError } from '../errors.js';
import { DecisionEngine, replayFiles, type Decision, type InputSpec, type ReplayStats } from '../trigger/index.js';
import { loadWatchContext } from './contexts.js';

/** What a replay read and decided. */
interface ReplaySummary extends ReplayStats {
  readonly files: number;
  /** Time spent deciding, loading the project not included. */
  readonly ms: number;
}

/** Decides the files of `inputs` (default: the rules files' `inputs:`) in order, handing each decision to `onDecision`. */
export async function replayDecisions(root: string, inputs: readonly InputSpec[] | undefined, onDecision: (decision: Decision) => void): Promise<ReplaySummary> {
  const ctx = await loadWatchContext(root);
  const files = (inputs ?? ctx.rules.inputs).filter((i) => i.kind === 'file').map((i) => (i as { path: string }).path);
  if (files.length === 0) throw new SwitchyardError('USAGE', '--replay needs a file: give --input FILE or list files under inputs: in rules/*.yml');
  const engine = new DecisionEngine({ inventory: ctx.inventory, rules: ctx.rules.rules, bindings: ctx.bindings, lldp: false });
  const started = performance.now();
  const stats = await replayFiles(files, {
    engine,
    onVerdict: (v) => {
      if (v.decision) onDecision(v.decision);
    },
  });
  return { ...stats, files: files.length, ms: performance.now() - started };
}
