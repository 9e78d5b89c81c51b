/**
 * `<state>/offsets.json`: where each tailed input was read up to (a list per input: a
 * rotated file still being drained first, then the current file), and the option 82
 * records still waiting for their ACK. Written atomically, and only with positions whose
 * events are already in the journal; at start it is merged with the journal's positions
 * (the furthest wins), which covers a crash between a journal commit and this write.
 * It also says when it was written: with the saved file gone by the next start, rotated
 * files written after that hold lines not read yet.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { notePosition, type FilePos } from './journal.js';
import type { Option82Entry } from './parse-line.js';

/** The file name in the state folder. */
export const OFFSETS_FILE = 'offsets.json';

/** Contents of offsets.json. */
interface SavedOffsets {
  readonly version: 1;
  readonly files: Readonly<Record<string, readonly FilePos[]>>;
  readonly option82: readonly Option82Entry[];
  /** When the positions were taken (ms since the epoch); absent in files of earlier versions. */
  readonly savedAt?: number;
}

/** Reads offsets.json (missing or unreadable: nothing saved). */
export async function readOffsets(stateDir: string): Promise<SavedOffsets> {
  try {
    const data = JSON.parse(await readFile(join(stateDir, OFFSETS_FILE), 'utf8')) as Partial<SavedOffsets>;
    if (data.version !== 1 || typeof data.files !== 'object' || data.files === null) throw new Error('unknown format');
    return { version: 1, files: data.files, option82: Array.isArray(data.option82) ? data.option82 : [], ...(typeof data.savedAt === 'number' ? { savedAt: data.savedAt } : {}) };
  } catch {
    return { version: 1, files: {}, option82: [] };
  }
}

/**
 * Writes offsets.json atomically (mode 0600), stamped with the time of the call unless
 * `savedAt` is given: take the positions right before calling.
 */
export async function writeOffsets(stateDir: string, offsets: SavedOffsets): Promise<void> {
  const stamped: SavedOffsets = { ...offsets, savedAt: offsets.savedAt ?? Date.now() };
  await writeFileAtomic(join(stateDir, OFFSETS_FILE), `${JSON.stringify(stamped)}\n`, { mode: 0o600 });
}

/**
 * Saved positions merged with the journal's committed ones: the furthest per file wins.
 * The size saved with a file stays when the journal's offset wins (the journal has none).
 */
export function mergePositions(saved: Readonly<Record<string, readonly FilePos[]>>, journal: ReadonlyMap<string, readonly FilePos[]>): Map<string, FilePos[]> {
  const out = new Map<string, FilePos[]>();
  for (const [src, list] of Object.entries(saved)) for (const p of list) notePosition(out, src, p);
  for (const [src, list] of journal) {
    for (const p of list) {
      const size = out.get(src)?.find((q) => q.ino === p.ino && q.fp === p.fp)?.size;
      notePosition(out, src, size === undefined ? p : { ...p, size: Math.max(size, p.off) });
    }
  }
  return out;
}
