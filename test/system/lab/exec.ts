/**
 * Running the lab's programs: always an argv array (never a shell line), so names and
 * addresses from a test can never become shell syntax.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

/** What a finished command printed and returned. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of `run`. */
interface RunOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Runs ARGV to completion and collects its output (never throws on a non-zero exit). */
export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('run: empty argv');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    if (options.input !== undefined && child.stdin) {
      // A closed pipe (the program exited early) is not our failure; its exit code tells.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** Runs ARGV and throws with its output when it exits non-zero. */
export async function runOk(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await run(argv, options);
  if (result.code !== 0) {
    throw new Error(`${argv.join(' ')} exited ${result.code}: ${(result.stderr || result.stdout).trim()}`);
  }
  return result;
}

/** Synchronous variant for exit-time cleanup, where no event loop is left. */
export function runSync(argv: readonly string[]): RunResult {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('runSync: empty argv');
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 10_000 });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Starts a long-running program with stdout and stderr appended to LOGFILE. */
export function startDaemon(argv: readonly string[], logFile: string, env?: NodeJS.ProcessEnv): ChildProcess {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('startDaemon: empty argv');
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(file, args, { env: env ?? process.env, stdio: ['ignore', fd, fd] });
    // A spawn failure (binary missing) shows up as an 'error' event; without a listener it
    // would crash the test process instead of failing the readiness wait.
    child.on('error', () => undefined);
    return child;
  } finally {
    closeSync(fd);
  }
}

/** Whether process PID exists (signal 0 probes without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls CHECK every INTERVAL ms until it returns a value other than undefined, or fails after TIMEOUT. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
