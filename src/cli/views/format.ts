/**
 * Text of reconcile results for people: one line per device outcome, and the summary
 * table. Shared by the plain, listr2 and daemon views.
 */
import type { DeviceResult } from '../../reconcile/index.js';

/** The line a person reads for one finished device. `Configuration OK` is a contract (the seed's wording). */
export function outcomeLine(r: DeviceResult): string {
  const who = `${r.site}/${r.device}`;
  const stale = r.baselineStale ? ' (warning: committed baseline is stale; run `switchyard render --write`)' : '';
  switch (r.outcome) {
    case 'in-sync':
      return `${who}: Configuration OK${stale}`;
    case 'drift':
      return `${who}: drift, ${r.commands.length} command(s) would be pushed${stale}`;
    case 'converged':
      return `${who}: converged, ${r.commands.length} command(s) pushed, verified, saved${stale}`;
    case 'not-converged':
      return `${who}: NOT converged after ${r.sent} command(s), not saved; still differing:\n${indent((r.remaining ?? []).join('\n'))}`;
    case 'failed':
      return `${who}: FAILED: ${failureText(r)}`;
  }
}

function failureText(r: DeviceResult): string {
  const e = r.error;
  const parts = [e ? e.message : 'unknown error'];
  if (e?.command) parts.push(`command: ${e.command}`);
  if (e?.deviceOutput) parts.push(`switch said: ${e.deviceOutput.trim()}`);
  if (r.rollback?.attempted) {
    parts.push(
      r.rollback.restored
        ? `rolled back to the pre-change config (${r.rollback.commands.length} command(s)), not saved`
        : `ROLLBACK FAILED${r.rollback.error ? `: ${r.rollback.error.message}` : ''}; the running config is changed and not saved`,
    );
  }
  if (e?.hint) parts.push(`hint: ${e.hint}`);
  return parts.join('\n  ');
}

/** Indents every line by `n` spaces. */
export function indent(text: string, n = 4): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

/** The summary table printed after a run. */
export function summaryTable(results: readonly DeviceResult[]): string {
  const rows = results.map((r) => [`${r.site}/${r.device}`, r.outcome, String(r.commands.length), r.saved ? 'yes' : 'no', `${((r.durations.total ?? 0) / 1000).toFixed(2)}s`]);
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const total = [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
  return [textTable(['device', 'outcome', 'commands', 'saved', 'time'], rows), '', `${results.length} device(s): ${total || 'none'}`].join('\n');
}

/** Columns padded to their widest cell, a dashed rule under the head. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
