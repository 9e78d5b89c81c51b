/**
 * Skips the test runner must name at the end of a run. Node 20 does not count a skipped
 * `describe` in its summary (`skipped 0`, while nine system suites did not run), so the
 * gates that skip for a missing prerequisite write each skip here, one JSON line to the
 * file named by SKIPS_ENV, and scripts/run-tests.mjs prints them after node's summary.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The environment variable scripts/run-tests.mjs sets to the file it reads the skips from. */
const SKIPS_ENV = 'SWITCHYARD_TEST_SKIPS';

/** One skip: what did not run, and why. */
interface SkipRecord {
  readonly kind: 'suite' | 'test';
  readonly name: string;
  readonly reason: string;
  /** The test file, relative to the working directory. */
  readonly file: string;
}

/** Records a skip for the runner's summary (nothing when the runner did not ask for them). */
export function recordSkip(kind: SkipRecord['kind'], name: string, reason: string): void {
  const path = process.env[SKIPS_ENV];
  if (!path) return;
  // Each test file runs in a process of its own; argv[1] is that file.
  const record: SkipRecord = { kind, name, reason, file: relative(process.cwd(), process.argv[1] ?? '?') };
  // One short line per write: appends of a few hundred bytes from several processes do not interleave.
  appendFileSync(path, `${JSON.stringify(record)}\n`);
}
