/**
 * The operator's endpoints file (`--endpoints FILE`, written by `switchyard lab`): JSON
 * `{ KEY: "HOST:PORT" | { "host": HOST, "port": PORT } }`. A KEY is a device name of the
 * inventory (reconcile reaches that device there) or a DHCP address, IPv4 (provisioning
 * and the LLDP look-up reach the switch that got that lease there).
 *
 * Every key is checked against the inventory: a misspelt name that was ignored would send
 * the team's credentials to the device's real management address instead of where the
 * operator meant. Every problem of the file is reported at once, at its line and column.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { InputErrors, SwitchyardError, type InputProblem } from '../errors.js';
import { checkHost, parseYaml, pointerSegment, type Inventory, type PositionedYaml } from '../inventory/index.js';
import type { Endpoint } from './connect.js';

const FORM_HINT = 'write "HOST:PORT" (an IPv6 host in brackets: "[::1]:2222") or {"host": "HOST", "port": PORT}';
const KEY_HINT = 'keys are device names of the inventory, or DHCP addresses (IPv4) for watch and trigger';
const DEFAULT_PORT = 22;

/** Reads and checks an endpoints file against `inventory`; throws ENDPOINTS_INVALID listing every problem. */
export async function loadEndpoints(path: string, inventory: Pick<Inventory, 'byName' | 'devices'>): Promise<Map<string, Endpoint>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SwitchyardError('USAGE', `cannot read endpoints file ${path}: ${(err as Error).message}`, {
      hint: 'start the simulated switches with `switchyard lab --site S`, which writes the file, or write it by hand: {"DEVICE": "HOST:PORT"}',
      cause: err,
    });
  }
  const data = parseJson(text, path);
  // JSON is YAML: the positioned reader gives each key's line and column, and refuses a
  // key written twice (JSON.parse would silently keep the last).
  const parsed = parseYaml(text, path);
  if (!parsed.ok) throw new InputErrors([parsed.problem], 'ENDPOINTS_INVALID');
  const doc = parsed.doc;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputErrors([{ location: { file: path, line: 1, column: 1 }, message: 'expected a JSON object of DEVICE or DHCP-ADDRESS → "HOST:PORT"' }], 'ENDPOINTS_INVALID');
  }

  const problems: InputProblem[] = [];
  const names = inventory.devices.map((d) => d.name);
  const map = new Map<string, Endpoint>();
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const pointer = `/${pointerSegment(key)}`;
    const wrongKey = inventory.byName(key) === undefined ? keyProblem(key, names) : undefined;
    if (wrongKey !== undefined) problems.push({ location: locate(doc, pointer, true), ...wrongKey });
    const endpoint = endpointOf(value, (sub, message, hint, atKey) => {
      const at = pointer + sub;
      problems.push({ location: locate(doc, at, atKey), path: at, message, ...(hint !== undefined ? { hint } : {}) });
    });
    if (endpoint !== undefined && wrongKey === undefined) map.set(key, endpoint);
  }
  if (problems.length > 0) throw new InputErrors(problems, 'ENDPOINTS_INVALID');
  return map;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const offset = /at position (\d+)/.exec(message);
    const location = offset ? { file: path, ...positionOf(text, Number(offset[1])) } : { file: path };
    throw new InputErrors([{ location, message: `not JSON: ${message}` }], 'ENDPOINTS_INVALID');
  }
}

/** Why `key` (not an inventory device) is wrong: a malformed address or an unknown name. */
function keyProblem(key: string, names: readonly string[]): { message: string; hint: string } | undefined {
  if (/^[\d.]+$/.test(key)) {
    // DHCP servers log addresses as canonical dotted quads; `192.0.2.061` would never match one.
    if (isIP(key) === 4) return undefined;
    const parts = key.split('.');
    const decimal = parts.length === 4 && parts.every((p) => p !== '' && p.length <= 3 && Number(p) <= 255) ? parts.map(Number).join('.') : undefined;
    return {
      message: `"${key}" is not an IPv4 address in dotted-quad form`,
      hint: decimal !== undefined ? `write ${decimal}` : 'write four numbers 0-255 without leading zeros, e.g. 192.0.2.61',
    };
  }
  const close = closestNames(key, names);
  return { message: `"${key}" is not a device of the inventory`, hint: close.length > 0 ? `did you mean ${close.join(' or ')}? ${KEY_HINT}` : KEY_HINT };
}

type Report = (sub: string, message: string, hint?: string, atKey?: boolean) => void;

/** The endpoint `value` describes, or undefined after reporting why it describes none. */
function endpointOf(value: unknown, report: Report): Endpoint | undefined {
  if (typeof value === 'string') {
    const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d+)$/.exec(value);
    if (!m) {
      report('', `"${value}" is not HOST:PORT`, FORM_HINT);
      return undefined;
    }
    const bracketed = m[1] !== undefined;
    const host = m[1] ?? m[2]!;
    let hostOk: boolean;
    if (bracketed) {
      hostOk = isIP(host) === 6;
      if (!hostOk) report('', `"[${host}]": only an IPv6 address goes in brackets`, FORM_HINT);
    } else {
      hostOk = hostChecked(host, '', report);
    }
    const port = portChecked(Number(m[3]), '', report);
    return hostOk && port !== undefined ? { host, port } : undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report('', `expected "HOST:PORT" or {"host", "port"}, not ${kindOf(value)}`, FORM_HINT);
    return undefined;
  }
  const fields = value as Record<string, unknown>;
  let ok = true;
  for (const k of Object.keys(fields)) {
    if (k === 'host' || k === 'port') continue;
    report(`/${pointerSegment(k)}`, `unknown field "${k}"`, 'allowed here: host, port', true);
    ok = false;
  }
  const host = fields.host;
  if (host === undefined) {
    report('', '"host" is missing');
    ok = false;
  } else if (typeof host !== 'string') {
    report('/host', `host must be a string (got ${kindOf(host)})`);
    ok = false;
  } else {
    ok = hostChecked(host, '/host', report) && ok;
  }
  const raw = fields.port ?? DEFAULT_PORT;
  let port: number | undefined;
  if (typeof raw === 'number') port = portChecked(raw, '/port', report);
  else report('/port', `port must be a whole number 1-65535 (got ${kindOf(raw)} ${JSON.stringify(raw)})`);
  return ok && port !== undefined ? { host: host as string, port } : undefined;
}

function hostChecked(host: string, sub: string, report: Report): boolean {
  const problem = checkHost(host);
  if (problem !== undefined) report(sub, problem);
  return problem === undefined;
}

function portChecked(port: number, sub: string, report: Report): number | undefined {
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  report(sub, `port ${port} is not a TCP port (1-65535)`);
  return undefined;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function locate(doc: PositionedYaml, pointer: string, atKey = false): { file: string; line: number; column: number } {
  const place = doc.place(pointer);
  const pos = atKey ? (place.key ?? place.value) : place.value;
  return { file: doc.file, line: pos.line, column: pos.column };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The inventory names nearest to `name` (case ignored), when near enough to be a slip. */
function closestNames(name: string, names: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 4));
  let best = limit + 1;
  let found: string[] = [];
  for (const n of names) {
    const d = editDistance(wanted, n.toLowerCase(), best);
    if (d < best) {
      best = d;
      found = [n];
    } else if (d === best && d <= limit) {
      found.push(n);
    }
  }
  return found.slice(0, 3);
}

/** Levenshtein distance of `a` and `b`, or a value above `bound` once it must exceed it. */
function editDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > bound) return bound + 1;
    prev = row;
  }
  return prev[b.length]!;
}
