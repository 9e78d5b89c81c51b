/**
 * The `exec` action: runs the rule's program with the rule's fixed arguments. Event data
 * (a DHCP client's hostname, a MAC) travels only in environment variables: never in argv,
 * never through a shell, so `;`, backticks or `$(…)` in a hostname are just bytes. The
 * program runs in its own process group and is killed with it at the timeout.
 */
import { spawn } from 'node:child_process';
import { safeText } from '../util/safe-text.js';
import type { JobOutcome, LeaseEvent } from './types.js';

/** PATH given to the program (the daemon's own environment is not passed on). */
const EXEC_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The environment an exec action sees: `SWITCHYARD_*` variables and a fixed PATH. */
export function execEnvironment(event: LeaseEvent, rule: string, device: string | undefined): Record<string, string> {
  const env: Record<string, string> = {
    PATH: EXEC_PATH,
    LANG: 'C.UTF-8',
    SWITCHYARD_RULE: rule,
    SWITCHYARD_TYPE: event.type,
    SWITCHYARD_IP: event.ip,
    SWITCHYARD_MAC: event.mac,
    SWITCHYARD_TIME: new Date(event.time).toISOString(),
    SWITCHYARD_SOURCE: event.source,
    SWITCHYARD_LINE: event.line,
  };
  if (event.hostname !== undefined) env.SWITCHYARD_HOSTNAME = event.hostname;
  if (event.circuitId !== undefined) env.SWITCHYARD_CIRCUIT_ID = event.circuitId;
  if (event.relay !== undefined) env.SWITCHYARD_RELAY = event.relay;
  if (event.iface !== undefined) env.SWITCHYARD_IFACE = event.iface;
  if (device !== undefined) env.SWITCHYARD_DEVICE = device;
  // An environment value cannot hold NUL; the kernel would cut it there anyway.
  for (const k of Object.keys(env)) env[k] = env[k]!.replace(/\0/g, '');
  return env;
}

/** Options of {@link runExec}. */
interface ExecOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Working folder (the project root). */
  readonly cwd?: string;
}

/** Runs `argv` for `event`; exit 0 is `ok`, anything else `failed` with the output's tail. */
export function runExec(argv: readonly string[], event: LeaseEvent, rule: string, device: string | undefined, options: ExecOptions): Promise<JobOutcome> {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const done = (o: JobOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(o);
    };
    const child = spawn(argv[0]!, argv.slice(1), {
      shell: false,
      env: execEnvironment(event, rule, device),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    const keep = (d: Buffer): void => {
      output = (output + d.toString('utf8')).slice(-4096);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const kill = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      kill();
      done({ status: 'failed', message: `${argv[0]} timed out after ${Math.round(options.timeoutMs / 1000)}s` });
    }, options.timeoutMs);
    const onAbort = (): void => {
      kill();
      done({ status: 'failed', message: `${argv[0]} stopped: the daemon is shutting down` });
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => done({ status: 'failed', message: `${argv[0]} could not be started: ${err.message}` }));
    child.on('close', (code, sig) => {
      const tail = safeText(output.trim().split('\n').slice(-1)[0] ?? '', 200);
      if (code === 0) done({ status: 'ok', message: tail ? `${argv[0]} exited 0: ${tail}` : `${argv[0]} exited 0` });
      else done({ status: 'failed', message: `${argv[0]} ${sig ? `killed by ${sig}` : `exited ${code}`}${tail ? `: ${tail}` : ''}` });
    });
  });
}
