/**
 * Text of the trigger's decisions and log records: JSON lines, or one human line each with
 * the untrusted event text escaped. Shared by `watch`, `trigger` and `status`.
 */
import type { Decision, JobOutcome, JobSpec, TriggerLogEntry } from '../../trigger/index.js';
import { safeText } from '../../util/safe-text.js';

/** Prints decisions and log records: JSON lines, or one human line each (event text escaped). */
export function printer(json: boolean): { decision(d: Decision): void; log(e: TriggerLogEntry): void } {
  return {
    decision(d) {
      console.log(json ? JSON.stringify(d) : humanDecision(d));
    },
    log(e) {
      if (json) {
        console.log(JSON.stringify(e));
        return;
      }
      const { level, msg, ...rest } = e;
      const extra = Object.entries(rest).map(([k, v]) => `${k}=${safeText(typeof v === 'string' ? v : JSON.stringify(v), 200)}`);
      (level === 'info' ? console.log : console.error)([`${level}:`, msg, ...extra].join(' '));
    },
  };
}

/** `reconcile FS-S5850-SRV  rule=… ip=… mac=… host=…  reason` with untrusted text escaped. */
export function humanDecision(d: Decision): string {
  const parts = [`${d.alert ? 'ALERT ' : ''}${d.action}`, d.device ?? '-', ` rule=${d.rule ?? '-'}`, `ip=${d.ip}`, `mac=${d.mac}`];
  if (d.hostname !== null) parts.push(`host=${safeText(d.hostname, 64)}`);
  if (d.circuitId !== null) parts.push(`circuit-id=${safeText(d.circuitId, 64)}`);
  return `${parts.join(' ')}  ${safeText(d.reason, 300)}`;
}

/** The log record of a job's outcome: an error when it failed, an alert kept when raised. */
export function outcomeRecord(msg: string, job: Pick<JobSpec, 'kind' | 'key' | 'device'>, o: JobOutcome): TriggerLogEntry {
  return { level: o.status === 'failed' ? 'error' : 'info', msg, job: job.kind, device: job.device ?? job.key, status: o.status, message: o.message, ...(o.alert ? { alert: true } : {}) };
}
