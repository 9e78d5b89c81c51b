/**
 * `<state>/offsets.json`: where each tailed input was read up to (a list per input: a
 * rotated file still being drained first, then the current file), and the option 82
 * records still waiting for their ACK. Written atomically, and only with positions whose
 * events are already in the journal; at start it is merged with the journal's positions
 * (the furthest wins), which covers a crash between a journal commit and this write.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { notePosition, type FilePos } from './journal.js';
import type { Option82Entry } from './parse-line.js';

/** The file name in the state folder. */
export const OFFSETS_FILE = 'offsets.json';

/** Contents of offsets.json. */
export interface SavedOffsets {
  readonly version: 1;
  readonly files: Readonly<Record<string, readonly FilePos[]>>;
  readonly option82: readonly Option82Entry[];
}

/** Reads offsets.json (missing or unreadable: nothing saved). */
export async function readOffsets(stateDir: string): Promise<SavedOffsets> {
  try {
    const data = JSON.parse(await readFile(join(stateDir, OFFSETS_FILE), 'utf8')) as Partial<SavedOffsets>;
    if (data.version !== 1 || typeof data.files !== 'object' || data.files === null) throw new Error('unknown format');
    return { version: 1, files: data.files, option82: Array.isArray(data.option82) ? data.option82 : [] };
  } catch {
    return { version: 1, files: {}, option82: [] };
  }
}

/** Writes offsets.json atomically (mode 0600). */
export async function writeOffsets(stateDir: string, offsets: SavedOffsets): Promise<void> {
  await writeFileAtomic(join(stateDir, OFFSETS_FILE), `${JSON.stringify(offsets)}\n`, { mode: 0o600 });
}

/** Saved positions merged with the journal's committed ones: the furthest per file wins. */
export function mergePositions(saved: Readonly<Record<string, readonly FilePos[]>>, journal: ReadonlyMap<string, readonly FilePos[]>): Map<string, FilePos[]> {
  const out = new Map<string, FilePos[]>();
  for (const [src, list] of Object.entries(saved)) for (const p of list) notePosition(out, src, p);
  for (const [src, list] of journal) for (const p of list) notePosition(out, src, p);
  return out;
}
