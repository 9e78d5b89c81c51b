/**
 * `switchyard status` below the CLI: ask the daemon over its control socket what it is
 * doing; when it does not answer, read the status file it last wrote.
 */
import { readStatus, requestControl, type WatchStatus } from '../trigger/index.js';
import { controlSocketOf, daemonDirOf } from './daemon.js';

/** The daemon's status; `live` when the daemon answered, else the last one it wrote (marked not running), if any. */
export async function daemonStatus(root: string, options: { readonly socket?: string; readonly dryRun?: boolean } = {}): Promise<{ readonly status?: WatchStatus; readonly live: boolean }> {
  const dryRun = options.dryRun === true;
  const answer = await requestControl(controlSocketOf(root, { ...options, dryRun }), { op: 'status' }, 5000).catch(() => undefined);
  if (answer?.ok === true && answer.status !== undefined) return { status: answer.status as WatchStatus, live: true };
  const saved = await readStatus(daemonDirOf(root, dryRun));
  return saved !== undefined ? { status: { ...saved, running: false }, live: false } : { live: false };
}
