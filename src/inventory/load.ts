/**
 * Loads a project's inventory: `inventory/defaults.yml`, `inventory/groups.yml` and one
 * file per site in `inventory/sites/`. Each file is parsed with positions, checked
 * against its schema, then devices are resolved (defaults → groups → site → device) and
 * the fleet-wide rules run. Every problem of every file is collected and thrown once.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { InputErrors, SwitchyardError, type ErrorCode, type InputProblem, type SourceLocation } from '../errors.js';
import { checkReferences, declaredDevices, locate, type DeviceEntry } from './cross-references.js';
import { createInventory } from './fleet.js';
import { normaliseMac } from './mac.js';
import { mergeLayers } from './merge.js';
import { choosePlatform, isPlatformWord, platformWordsHint, suggestedPlatformWords } from './platform.js';
import { checkSchema } from './schema-check.js';
import { defaultsSchema, groupsSchema, siteSchema } from './schemas.js';
import type { Credentials, Device, Inventory, SecretRef, Site } from './types.js';
import { parseYaml, pointerSegment, type PositionedYaml } from './yaml-positions.js';

const SITE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Credentials as written in YAML. */
interface RawCredentials {
  readonly username?: string;
  readonly password?: SecretRef;
  readonly enable?: SecretRef;
  readonly private_key?: string;
}

/** What every level (defaults, group, site, device) may set. */
interface RawLayer {
  readonly platform?: string;
  readonly credentials?: RawCredentials;
  readonly factory?: RawCredentials;
  readonly vars?: Record<string, unknown>;
}

interface RawDevice extends RawLayer {
  readonly model?: string;
  readonly role?: string;
  readonly groups?: readonly string[];
  readonly mac?: string;
  readonly serial?: string;
  readonly mgmt: { readonly host: string; readonly port?: number };
  readonly uplink?: { readonly device: string; readonly port: string; readonly local_port?: string };
  readonly circuit_id?: string;
  readonly description?: string;
}

interface RawSite extends RawLayer {
  readonly site?: string;
  readonly devices: Readonly<Record<string, RawDevice>>;
}

/** Problems found so far, by kind (the thrown error's code names the earliest stage that failed). */
class Problems {
  readonly yaml: InputProblem[] = [];
  readonly schema: InputProblem[] = [];
  readonly reference: InputProblem[] = [];

  throwIfAny(): void {
    const all = [...this.yaml, ...this.schema, ...this.reference];
    if (all.length === 0) return;
    const code: ErrorCode = this.yaml.length ? 'INVENTORY_YAML' : this.schema.length ? 'INVENTORY_SCHEMA' : 'INVENTORY_REFERENCE';
    throw new InputErrors(all, code);
  }
}

/** Loads, validates and resolves the inventory under `root`; throws InputErrors listing every problem. */
export async function loadInventory(root: string): Promise<Inventory> {
  const abs = resolve(root);
  const siteFiles = await listSiteFiles(abs);
  const problems = new Problems();

  const defaultsDoc = await readDoc(abs, 'inventory/defaults.yml', true, problems);
  const groupsDoc = await readDoc(abs, 'inventory/groups.yml', true, problems);
  // Devices resolved without their defaults or groups would only produce follow-up noise.
  const baseParsed = problems.yaml.length === 0;
  // Read and parse the site files concurrently; results keep file order.
  const parsed = await Promise.all(siteFiles.map((f) => readDoc(abs, `inventory/sites/${f}`, false, problems)));
  const siteDocs = parsed.filter((d): d is PositionedYaml => d !== undefined);

  // An empty defaults or groups file is an empty mapping, not an error.
  const defaultsOk = (defaultsDoc?.value == null || schemaOk(defaultsDoc, defaultsSchema, problems)) && baseParsed;
  const groupsOk = (groupsDoc?.value == null || schemaOk(groupsDoc, groupsSchema, problems)) && baseParsed;
  const defaults = (defaultsDoc?.value ?? {}) as RawLayer;
  const groups = (groupsDoc?.value ?? {}) as Readonly<Record<string, RawLayer>>;
  if (defaultsDoc && defaultsOk) checkPlatformWord(defaultsDoc, '', defaults.platform, problems);
  if (groupsDoc && groupsOk) for (const [g, layer] of Object.entries(groups)) checkPlatformWord(groupsDoc, `/${pointerSegment(g)}`, layer.platform, problems);

  const entries: DeviceEntry[] = [];
  const sites: Site[] = [];
  const siteFile = new Map<string, string>();
  for (const doc of siteDocs) {
    const name = basename(doc.file, extname(doc.file));
    const other = siteFile.get(name);
    if (other !== undefined) {
      problems.reference.push({ location: { file: doc.file, line: 1, column: 1 }, message: `site ${name} is already defined by ${other}`, hint: 'keep one file per site' });
      continue;
    }
    siteFile.set(name, doc.file);
    if (!SITE_NAME.test(name)) {
      // The site name becomes a folder name (baselines/<site>/, templates/sites/<site>/).
      problems.reference.push({ location: { file: doc.file, line: 1, column: 1 }, message: `site file name "${name}" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`, hint: 'rename the file' });
      continue;
    }
    const before = problems.schema.length;
    const docOk = schemaOk(doc, siteSchema, problems);
    const badDevices = devicesWithProblems(problems.schema.slice(before));
    const siteLevelOk = docOk || problems.schema.slice(before).every((p) => p.path?.startsWith('/devices/'));
    const raw = doc.value as RawSite;
    if (siteLevelOk && raw.site !== undefined && raw.site !== name) {
      addProblem(problems.reference, doc, '/site', `site "${raw.site}" does not match the file name ${name}.yml`, `rename the file to ${raw.site}.yml or write site: ${name}`);
    }
    if (siteLevelOk) checkPlatformWord(doc, '', raw.platform, problems);
    const built: Device[] = [];
    for (const e of declaredDevices(doc, name)) {
      const rawDevice = siteLevelOk && !badDevices.has(e.pointer) ? raw.devices[e.name] : undefined;
      entries.push(rawDevice === undefined ? e : { ...e, raw: rawDevice });
      if (rawDevice === undefined || !defaultsOk || !groupsOk) continue;
      const device = buildDevice(abs, e, rawDevice, raw, defaults, groups, problems);
      if (device !== undefined) built.push(device);
    }
    if (siteLevelOk) sites.push(Object.freeze({ name, file: doc.file, vars: raw.vars ?? {}, devices: Object.freeze(built) }));
  }
  problems.reference.push(...checkReferences(entries, groupsOk ? new Set(Object.keys(groups)) : undefined, normaliseMac));
  problems.throwIfAny();

  sites.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return createInventory(abs, Object.freeze(sites), Object.freeze(Object.keys(groups)));
}

async function listSiteFiles(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(root, 'inventory', 'sites'));
  } catch (err) {
    throw new SwitchyardError('INPUT_INVALID', `no inventory in ${root}: inventory/sites/ is missing`, {
      hint: 'run switchyard in the project root, or pass --root DIR',
      cause: err,
    });
  }
  const files = names.filter((n) => /\.ya?ml$/.test(n)).sort();
  if (files.length === 0) {
    throw new SwitchyardError('INPUT_INVALID', `no sites in ${join(root, 'inventory', 'sites')}`, { hint: 'add one file per site, e.g. inventory/sites/hq.yml' });
  }
  return files;
}

async function readDoc(root: string, rel: string, optional: boolean, problems: Problems): Promise<PositionedYaml | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, rel), 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SwitchyardError('INPUT_INVALID', `cannot read ${rel}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = parseYaml(text, rel);
  if (!parsed.ok) {
    problems.yaml.push(parsed.problem);
    return undefined;
  }
  return parsed.doc;
}

function schemaOk(doc: PositionedYaml, schema: object, problems: Problems): boolean {
  const found = checkSchema(doc, schema);
  problems.schema.push(...found);
  return found.length === 0;
}

/** Pointers (`/devices/<name>`) of the devices that have schema problems of their own. */
function devicesWithProblems(found: readonly InputProblem[]): Set<string> {
  const out = new Set<string>();
  for (const p of found) {
    const m = /^\/devices\/[^/]+/.exec(p.path ?? '');
    if (m) out.add(m[0]);
  }
  return out;
}

function checkPlatformWord(doc: PositionedYaml, pointer: string, platform: string | undefined, problems: Problems): void {
  if (platform === undefined || isPlatformWord(platform)) return;
  addProblem(problems.reference, doc, `${pointer}/platform`, `unknown platform "${platform}"`, platformWordsHint());
}

function addProblem(list: InputProblem[], doc: PositionedYaml, pointer: string, message: string, hint?: string, atKey = false): void {
  const location = locate(doc, pointer, atKey);
  list.push(hint === undefined ? { location, path: pointer, message } : { location, path: pointer, message, hint });
}

/** Resolves one device: precedence defaults → groups (as listed) → site → device. */
function buildDevice(
  root: string,
  e: DeviceEntry,
  raw: RawDevice,
  site: RawSite,
  defaults: RawLayer,
  groups: Readonly<Record<string, RawLayer>>,
  problems: Problems,
): Device | undefined {
  checkPlatformWord(e.doc, e.pointer, raw.platform, problems);
  const groupNames = raw.groups ?? [];
  const layers: RawLayer[] = [defaults, ...groupNames.map((g) => groups[g]).filter((l): l is RawLayer => l !== undefined), site, raw];
  let family: string | undefined;
  for (const l of layers) if (l.platform !== undefined) family = l.platform;
  if (family === undefined) {
    addProblem(problems.reference, e.doc, e.pointer, `device ${e.name} has no platform`, `set platform: ${suggestedPlatformWords()} in inventory/defaults.yml, a group, the site or the device`, true);
    return undefined;
  }
  if (!isPlatformWord(family)) return undefined; // reported where the platform word is written
  const choice = choosePlatform(family, raw.model);
  if (!choice.ok) {
    // A missing model is reported at the device, a wrong one at its value.
    const atModel = raw.model !== undefined;
    addProblem(problems.reference, e.doc, atModel ? `${e.pointer}/model` : e.pointer, choice.message, choice.hint, !atModel);
    return undefined;
  }
  const platform = choice.platform;
  const credentials = mergeCredentials(root, layers.map((l) => l.credentials));
  if (credentials === undefined) {
    addProblem(problems.reference, e.doc, e.pointer, `device ${e.name} has no credentials.username`, 'set credentials: { username: …, password: { env: … } } in inventory/defaults.yml', true);
    return undefined;
  }
  const factory = mergeCredentials(root, layers.map((l) => l.factory));
  const mac = raw.mac === undefined ? undefined : normaliseMac(raw.mac);
  const uplink = raw.uplink && {
    device: raw.uplink.device,
    port: raw.uplink.port,
    ...(raw.uplink.local_port !== undefined ? { localPort: raw.uplink.local_port } : {}),
  };
  const device = {
    name: e.name,
    site: e.site,
    platformFamily: family,
    platform,
    groups: Object.freeze([...groupNames]),
    mgmt: Object.freeze({ host: raw.mgmt.host, port: raw.mgmt.port ?? 22 }),
    credentials,
    vars: deepFreeze(mergeLayers(layers.map((l) => l.vars))),
    ...(raw.model !== undefined ? { model: raw.model } : {}),
    ...(raw.role !== undefined ? { role: raw.role } : {}),
    ...(mac !== undefined ? { mac } : {}),
    ...(raw.serial !== undefined ? { serial: raw.serial } : {}),
    ...(uplink !== undefined ? { uplink: Object.freeze(uplink) } : {}),
    ...(raw.circuit_id !== undefined ? { circuitId: raw.circuit_id } : {}),
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    ...(factory !== undefined ? { factory } : {}),
  };
  // Positions cost a second parse of the file, so the device's place is found when asked for.
  let source: SourceLocation | undefined;
  Object.defineProperty(device, 'source', { enumerable: true, get: () => (source ??= locate(e.doc, e.pointer, true)) });
  return Object.freeze(device) as Device;
}

/** Field-wise merge of credential layers; `undefined` when no layer names a user. */
function mergeCredentials(root: string, layers: readonly (RawCredentials | undefined)[]): Credentials | undefined {
  const merged: { username?: string; password?: SecretRef; enable?: SecretRef; privateKey?: string } = {};
  for (const l of layers) {
    if (l === undefined) continue;
    if (l.username !== undefined) merged.username = l.username;
    if (l.password !== undefined) merged.password = l.password;
    if (l.enable !== undefined) merged.enable = l.enable;
    if (l.private_key !== undefined) merged.privateKey = isAbsolute(l.private_key) ? l.private_key : resolve(root, l.private_key);
  }
  if (merged.username === undefined) return undefined;
  return Object.freeze({ ...merged, username: merged.username });
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
