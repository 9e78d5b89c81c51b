#!/usr/bin/env node
// Runs the test files under the given folders (default: test/) with node's own test
// runner, loading TypeScript through tsx. Node 20's `--test` takes no globs, so the
// files are listed here, sorted, for a stable order.
//
// Node 20's summary does not count a skipped `describe`: a run whose nine system suites
// were all skipped ended `skipped 0 … pass 716`. The gates that skip for a missing
// prerequisite (test/system/prereq.ts, test/helpers/prereq.ts) record each skip in the
// file named by SWITCHYARD_TEST_SKIPS (test/helpers/skips.ts), and the summary below
// counts and names them. Under CI=true a recorded skip fails the run.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
};
for (const root of roots.length ? roots : ['test']) {
  if (statSync(root).isDirectory()) walk(root);
  else files.push(root);
}
if (files.length === 0) {
  console.error('no test files found under', roots.join(' ') || 'test');
  process.exit(1);
}
const skipsDir = mkdtempSync(join(tmpdir(), 'sy-test-skips-'));
const skipsFile = join(skipsDir, 'skips.jsonl');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...passThrough, ...files],
  { stdio: 'inherit', env: { ...process.env, SWITCHYARD_TEST_SKIPS: skipsFile } },
);
let skips = [];
try {
  skips = readFileSync(skipsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
rmSync(skipsDir, { recursive: true, force: true });
let status = result.status ?? 1;
if (skips.length > 0) {
  const count = (kind, one, many) => {
    const n = skips.filter((s) => s.kind === kind).length;
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
  };
  console.log(`\n${[...count('suite', 'suite', 'suites'), ...count('test', 'test', 'tests')].join(' and ')} skipped (node's count above leaves out suites):`);
  skips.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
  for (const s of skips) console.log(`  ${s.kind} ${s.name} (${s.file}): ${s.reason}`);
  if (process.env.CI === 'true') {
    console.log('CI=true: a skipped suite or test is a failure (.ci/run installs every prerequisite)');
    if (status === 0) status = 1;
  }
}
process.exit(status);
