/**
 * Baselines: the rendered desired config of every device, committed at
 * `baselines/<site>/<device>.cfg` so that a pull request shows the exact change on every
 * switch. Here they are compared with a fresh render (`render --check`), written
 * atomically (`render --write`), and diffed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { InputErrors, type ErrorCode, type InputProblem } from '../errors.js';
import type { Device } from '../inventory/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Renderer } from './renderer.js';

/** How a device's committed baseline compares with its fresh render. */
interface BaselineStatus {
  readonly device: Device;
  /** Relative to the project root: `baselines/<site>/<device>.cfg`. */
  readonly file: string;
  readonly state: 'same' | 'stale' | 'missing';
  /** The committed text (undefined when missing). */
  readonly committed: string | undefined;
  readonly rendered: string;
}

/** The baseline path of a device, relative to the project root. Names are path-safe (the inventory schema ensures it). */
function baselineFile(device: Device): string {
  return `baselines/${device.site}/${device.name}.cfg`;
}

/**
 * Renders `devices` and compares each with its committed baseline. Rendering problems of
 * all devices are collected and thrown together (InputErrors, TEMPLATE_*).
 */
export async function compareBaselines(renderer: Renderer, devices: readonly Device[]): Promise<BaselineStatus[]> {
  const rendered = renderAll(renderer, devices);
  const out: BaselineStatus[] = [];
  for (const { device, text } of rendered) {
    const file = baselineFile(device);
    const committed = await readOptional(join(renderer.inventory.root, file));
    const state = committed === undefined ? 'missing' : committed === text ? 'same' : 'stale';
    out.push({ device, file, state, committed, rendered: text });
  }
  return out;
}

/** Renders every device, or throws one InputErrors with every device's problem (same problem reported once, naming the devices). */
export function renderAll(renderer: Renderer, devices: readonly Device[]): { device: Device; text: string }[] {
  const ok: { device: Device; text: string }[] = [];
  const failures: { problem: InputProblem; code: ErrorCode }[] = [];
  for (const device of devices) {
    const r = renderer.tryRender(device);
    if (r.ok) ok.push({ device, text: r.text });
    else failures.push({ problem: r.problem, code: r.code });
  }
  if (failures.length > 0) throw new InputErrors(mergeRenderProblems(failures.map((f) => f.problem)), failures[0]!.code);
  return ok;
}

/**
 * One template mistake breaks every device that uses the template; report it once with
 * the devices it broke (`(rendering hq/a, hq/b and 3 more)`), not once per device.
 */
export function mergeRenderProblems(problems: readonly InputProblem[]): InputProblem[] {
  const groups = new Map<string, { problem: InputProblem; who: string[] }>();
  const out: InputProblem[] = [];
  for (const p of problems) {
    const m = / \(rendering ([^)]+)\)$/.exec(p.message);
    const base = m ? p.message.slice(0, m.index) : p.message;
    const key = `${p.location.file}:${p.location.line ?? ''}:${p.location.column ?? ''}\u0000${base}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { problem: { ...p, message: base }, who: m ? [m[1]!] : [] });
    else if (m) g.who.push(m[1]!);
  }
  for (const { problem, who } of groups.values()) {
    const shown = who.length <= 3 ? who.join(', ') : `${who.slice(0, 3).join(', ')} and ${who.length - 3} more`;
    out.push(who.length === 0 ? problem : { ...problem, message: `${problem.message} (rendering ${shown})` });
  }
  return out;
}

/** Writes a baseline atomically (readers see the old or the new file, never a part). */
export async function writeBaseline(root: string, status: BaselineStatus): Promise<void> {
  await writeFileAtomic(join(root, status.file), status.rendered);
}

/** A unified diff from the committed baseline to the rendered config. */
export function baselineDiff(status: BaselineStatus): string {
  return createTwoFilesPatch(
    status.committed === undefined ? '/dev/null' : status.file,
    status.file,
    status.committed ?? '',
    status.rendered,
    status.committed === undefined ? undefined : 'committed',
    'rendered',
  );
}

/**
 * Baseline files of `sites` that belong to no device of the inventory (left behind when a
 * device was removed); with `wholeFleet`, also folders of sites that no longer exist.
 */
export async function orphanBaselines(root: string, sites: readonly { readonly name: string; readonly devices: readonly Device[] }[], wholeFleet = false): Promise<string[]> {
  const out: string[] = [];
  if (wholeFleet) {
    const known = new Set(sites.map((s) => s.name));
    const dirs = await readdir(join(root, 'baselines'), { withFileTypes: true }).catch(() => []);
    for (const d of dirs.sort((a, b) => (a.name < b.name ? -1 : 1))) if (d.isDirectory() && !known.has(d.name)) out.push(`baselines/${d.name}/`);
  }
  for (const site of sites) {
    let names: string[];
    try {
      names = await readdir(join(root, 'baselines', site.name));
    } catch {
      continue;
    }
    const known = new Set(site.devices.map((d) => `${d.name}.cfg`));
    for (const n of names.sort()) if (n.endsWith('.cfg') && !known.has(n)) out.push(`baselines/${site.name}/${n}`);
  }
  return out;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
