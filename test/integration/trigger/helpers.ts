/** Shared by the trigger's integration tests: project copies and a `switchyard watch` process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, repoRoot } from '../../helpers/paths.js';

/** The CLI entry point, run from source. */
export const CLI = join(repoRoot, 'src', 'cli', 'bin.ts');

/** A temporary copy of the trigger fixture project (its own state folder); removed by `done`. */
export async function projectCopy(): Promise<{ root: string; done(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-watch-it-'));
  const root = join(dir, 'project');
  await cp(join(fixturesDir, 'trigger', 'project'), root, { recursive: true });
  return { root, done: () => rm(dir, { recursive: true, force: true }) };
}

/** A running `switchyard watch` (or any long-running CLI command). */
export interface Daemon {
  readonly child: ChildProcess;
  /** stdout lines so far. */
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves with the first stdout line matching `re`. */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
}

/** Starts `switchyard ARGS` and collects its output. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Daemon {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      for (const w of [...waiters]) {
        if (w.re.test(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(l);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitFor(re, ms = 60_000) {
      const hit = lines.find((l) => re.test(l));
      if (hit !== undefined) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output matching ${re} within ${ms} ms; stderr: ${err.slice(-2000)}`)), ms);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then((code) => reject(new Error(`exited (${code}) before printing ${re}; stderr: ${err.slice(-2000)}`)));
      });
    },
  };
}

/** Waits until `cond()` resolves true (polling every 50 ms); fails after `ms`. */
export async function eventually(cond: () => boolean | Promise<boolean>, ms = 30_000, what = 'a condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a finished run printed. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program to its end. `env` replaces the environment except PATH unless `inherit`
 * (a DHCP server gives its hook a bare environment).
 */
export function runProgram(argv: readonly string[], env: Record<string, string> = {}, inherit = true): Promise<Run> {
  return new Promise((resolve, reject) => {
    const base = inherit ? process.env : { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const child = spawn(argv[0]!, argv.slice(1), { cwd: repoRoot, env: { ...base, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Runs `switchyard ARGS` from source to its end. */
export function switchyard(args: readonly string[], env: Record<string, string> = {}, inherit = true): Promise<Run> {
  return runProgram([process.execPath, '--import', 'tsx', CLI, ...args], env, inherit);
}
