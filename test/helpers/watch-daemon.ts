/**
 * `switchyard watch --json` as a long-running child process whose JSON lines a test waits
 * on. Shared by the integration tests (simulator) and the system scenarios (real FRR).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** One JSON line the daemon printed: a decision (has `action`) or a log record (has `msg`). */
export type WatchRecord = Record<string, unknown>;

/** `switchyard watch --json` running as a child process. */
export interface WatchDaemon {
  /** The daemon's process id (for signals: SIGHUP reloads). */
  readonly pid: number;
  readonly records: readonly WatchRecord[];
  /** Index of the next record: wait for records after this point. */
  mark(): number;
  /** Resolves with the first record from index FROM on that satisfies PREDICATE. */
  waitFor(what: string, predicate: (r: WatchRecord) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<WatchRecord>;
  /** Everything it printed on stderr. */
  stderr(): string;
  /** SIGTERM, then waits for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `switchyard --root ROOT watch --json ARGS` from source and waits for its
 * `watching` record (inputs open, positioned at their end: only lines written from now on
 * count).
 */
export async function startWatch(root: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<WatchDaemon> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/bin.ts'), '--root', root, 'watch', '--json', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const records: WatchRecord[] = [];
  let stdoutRest = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdoutRest += chunk;
    const lines = stdoutRest.split('\n');
    stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line) as WatchRecord);
      } catch {
        records.push({ unparsed: line });
      }
    }
    wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      exitCode = code;
      wake();
      resolve(code);
    });
  });

  const waitFor: WatchDaemon['waitFor'] = (what, predicate, options = {}) =>
    new Promise((resolve, reject) => {
      let from = options.from ?? 0;
      const check = (): void => {
        for (; from < records.length; from++) {
          const r = records[from] as WatchRecord;
          if (predicate(r)) {
            done();
            resolve(r);
            return;
          }
        }
        if (exitCode !== undefined) {
          done();
          reject(new Error(`switchyard watch exited (${exitCode}) before ${what}\nstdout:\n${records.map((r) => JSON.stringify(r)).join('\n')}\nstderr:\n${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}\nrecords:\n${records.map((r) => JSON.stringify(r)).join('\n')}\nstderr:\n${stderr}`));
      }, options.timeoutMs ?? 30_000);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const daemon: WatchDaemon = {
    pid: child.pid!,
    records,
    mark: () => records.length,
    waitFor,
    stderr: () => stderr,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  try {
    await waitFor('the daemon to start watching', (r) => r.msg === 'watching', { timeoutMs: 30_000 });
  } catch (err) {
    await daemon.stop();
    throw err;
  }
  return daemon;
}

/** A `job finished` record of DEVICE. */
export function jobFinished(device: string): (r: WatchRecord) => boolean {
  return (r) => r.msg === 'job finished' && r.device === device;
}

