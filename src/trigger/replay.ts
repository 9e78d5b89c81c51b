/**
 * `watch --replay`: reads files from the start to EOF, decides every DHCPACK-class line
 * and reports the decisions; nothing is queued or run. Suppress windows count in the
 * log's own time, so replaying a day of log in a second behaves as the day did.
 */
import { open } from 'node:fs/promises';
import type { DecisionEngine, Verdict } from './decide.js';
import { decodeLine, forEachCandidateLine, keywordBytes } from './line-scan.js';
import { LINE_KEYWORDS, LeaseReader } from './parse-line.js';

/** What a replay went through. */
export interface ReplayStats {
  readonly bytes: number;
  readonly events: number;
  readonly decisions: number;
}

/** Options of {@link replayFiles}. */
interface ReplayOptions {
  readonly engine: DecisionEngine;
  /** Called for each verdict in order (a verdict of an `identify` job has no decision). */
  readonly onVerdict: (verdict: Verdict) => void;
  /** Read size; large reads keep syscalls out of the profile. */
  readonly chunkBytes?: number;
}

const KEYWORDS = keywordBytes(LINE_KEYWORDS);

/** Replays `paths` one after the other (as given, e.g. rotated file first). */
export async function replayFiles(paths: readonly string[], options: ReplayOptions): Promise<ReplayStats> {
  const reader = new LeaseReader();
  let bytes = 0;
  let events = 0;
  let decisions = 0;
  const now = Date.now();
  for (const path of paths) {
    const source = `file:${path}`;
    const handle = await open(path, 'r');
    try {
      const chunk = options.chunkBytes ?? 8 << 20;
      let buf = Buffer.allocUnsafe(chunk);
      let carry = 0; // bytes of an unfinished line at the start of buf
      for (;;) {
        if (carry === buf.length) {
          // One line longer than the buffer: grow rather than cut it.
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, carry);
          buf = bigger;
        }
        const { bytesRead } = await handle.read(buf, carry, buf.length - carry, null);
        bytes += bytesRead;
        const filled = carry + bytesRead;
        const eof = bytesRead === 0;
        const end = eof ? filled : buf.lastIndexOf(10, filled - 1) + 1;
        if (end > 0) {
          forEachCandidateLine(buf, 0, end, KEYWORDS, (s, e) => {
            const event = reader.read(decodeLine(buf, s, e), source, now);
            if (event === undefined) return;
            events++;
            for (const v of options.engine.decide(event, event.time)) {
              if (v.decision) decisions++;
              options.onVerdict(v);
            }
          });
        }
        if (eof) break;
        carry = filled - end;
        if (carry > 0) buf.copy(buf, 0, end, filled);
      }
    } finally {
      await handle.close();
    }
  }
  return { bytes, events, decisions };
}
