/**
 * The one place that wraps Handlebars. A Renderer holds one Handlebars environment per
 * platform (helpers, partials with the platform's own partials winning) and compiles
 * each template once, so rendering a large fleet costs one template call per device.
 *
 * Templates run in strict mode: a variable the inventory does not define is an error
 * naming the template file and line, never an empty string in a switch config.
 */
import Handlebars from 'handlebars';
import { InputErrors, type ErrorCode, type InputProblem } from '../errors.js';
import type { Device, Inventory } from '../inventory/index.js';
import { faultIn, type TemplateFault } from './fault.js';
import { registerHelpers } from './helpers.js';
import { normaliseOutput } from './output.js';
import { loadTemplates, type TemplateFile, type TemplateSet } from './template-set.js';

type Env = typeof Handlebars;
type Compiled = (context: unknown, options?: unknown) => string;

const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

/** The outcome of rendering one device. */
export type RenderResult =
  | { readonly ok: true; readonly text: string; readonly template: string }
  | { readonly ok: false; readonly problem: InputProblem; readonly code: ErrorCode };

/** Renders devices of one inventory with one project's templates. */
export interface Renderer {
  readonly inventory: Inventory;
  readonly templates: TemplateSet;
  /** The template file that renders `device`; throws TEMPLATE_NOT_FOUND naming the paths tried. */
  templateFor(device: Device): string;
  /** The desired config of `device`; throws InputErrors (TEMPLATE_*) with the template's file and line. */
  render(device: Device): string;
  /** Like `render`, but a failure is a result (for validating a whole fleet). */
  tryRender(device: Device): RenderResult;
}

/** Reads the project's templates and returns a renderer; throws InputErrors on template syntax problems. */
export async function openRenderer(inventory: Inventory): Promise<Renderer> {
  const templates = await loadTemplates(inventory.root);
  if (templates.problems.length > 0) throw new InputErrors(templates.problems, 'TEMPLATE_SYNTAX');
  return createRenderer(inventory, templates);
}

/** Template lookup order for a device, most specific first (documented in docs/templates.md). */
export function templateCandidates(device: Device): string[] {
  const out = [`templates/sites/${device.site}/${device.name}.hbs`];
  if (device.role !== undefined) out.push(`templates/sites/${device.site}/${device.role}.hbs`, `templates/${device.platform}/${device.role}.hbs`);
  out.push(`templates/${device.platform}/default.hbs`);
  return out;
}

/** Builds a renderer over already loaded templates (syntax problems make the affected devices fail). */
export function createRenderer(inventory: Inventory, templates: TemplateSet): Renderer {
  const envs = new Map<string, Env>();
  const compiled = new Map<string, Compiled>();
  const sources = new Map<string, string>();
  for (const t of templates.templates.values()) sources.set(t.file, t.source);
  for (const t of templates.partials.values()) sources.set(t.file, t.source);
  for (const m of templates.platformPartials.values()) for (const t of m.values()) sources.set(t.file, t.source);
  const sourceOf = (file: string): string | undefined => sources.get(file);

  const envFor = (platform: string): Env => {
    let env = envs.get(platform);
    if (env !== undefined) return env;
    const created = Handlebars.create();
    registerHelpers(created);
    const own = templates.platformPartials.get(platform);
    for (const [name, t] of templates.partials) if (!own?.has(name)) created.registerPartial(name, partialFn(created, t, sourceOf));
    if (own) for (const [name, t] of own) created.registerPartial(name, partialFn(created, t, sourceOf));
    envs.set(platform, created);
    env = created;
    return env;
  };

  const templateFor = (device: Device): string => {
    const tried = templateCandidates(device);
    const hit = tried.find((f) => templates.templates.has(f));
    if (hit === undefined) {
      throw new InputErrors([{ location: device.source, message: `no template for ${device.name} (platform ${device.platform}, role ${device.role ?? 'none'})`, hint: `create one of: ${tried.join(', ')}` }], 'TEMPLATE_NOT_FOUND');
    }
    return hit;
  };

  const compile = (device: Device, file: string): Compiled | RenderResult => {
    const key = `${device.platform}\u0000${file}`;
    const hit = compiled.get(key);
    if (hit !== undefined) return hit;
    const t = templates.templates.get(file)!;
    if (t.ast === undefined) {
      const problem = templates.problems.find((p) => p.location.file === file)!;
      return { ok: false, problem, code: 'TEMPLATE_SYNTAX' };
    }
    const env = envFor(device.platform);
    const missing = missingPartial(t, env, templates, device.platform);
    if (missing !== undefined) return { ok: false, problem: missing, code: 'TEMPLATE_SYNTAX' };
    const fn = env.compile(t.ast, COMPILE_OPTIONS) as Compiled;
    compiled.set(key, fn);
    return fn;
  };

  const tryRender = (device: Device): RenderResult => {
    let file: string;
    try {
      file = templateFor(device);
    } catch (err) {
      return { ok: false, problem: (err as InputErrors).problems[0]!, code: 'TEMPLATE_NOT_FOUND' };
    }
    const fn = compile(device, file);
    if (typeof fn !== 'function') return fn;
    try {
      return { ok: true, text: normaliseOutput(fn(renderContext(inventory, device))), template: file };
    } catch (err) {
      const fault = faultIn(err, file, sourceOf);
      return { ok: false, problem: faultProblem(fault, file, device), code: 'TEMPLATE_RENDER' };
    }
  };

  return {
    inventory,
    templates,
    templateFor,
    tryRender,
    render(device: Device): string {
      const r = tryRender(device);
      if (!r.ok) throw new InputErrors([r.problem], r.code);
      return r.text;
    },
  };
}

/**
 * What a template sees: the device's identity and port-map entries, its merged vars, its
 * site, the team's user name (never a secret), and its downlinks — the devices whose
 * uplink is this device — so a core template can render the trunks toward its access
 * switches from the port map.
 */
function renderContext(inventory: Inventory, device: Device): Record<string, unknown> {
  return {
    device: {
      name: device.name,
      site: device.site,
      platform: device.platform,
      groups: device.groups,
      mgmt: device.mgmt,
      ...optional({ model: device.model, role: device.role, mac: device.mac, serial: device.serial, uplink: device.uplink, circuitId: device.circuitId, description: device.description }),
    },
    vars: device.vars,
    site: { name: device.site, vars: inventory.site(device.site).vars },
    credentials: { username: device.credentials.username },
    downlinks: inventory.downlinks(device.name).map((d) => ({
      name: d.name,
      port: d.uplink!.port,
      mgmt: d.mgmt,
      vars: d.vars,
      ...optional({ localPort: d.uplink!.localPort, model: d.model, role: d.role, circuitId: d.circuitId }),
    })),
  };
}

/** Keeps only the defined fields: in strict mode a template touching an absent one fails, as it should. */
function optional(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

/** A partial compiled on first use whose failures name the partial's own file. */
function partialFn(env: Env, t: TemplateFile, sourceOf: (f: string) => string | undefined): Compiled | string {
  if (t.ast === undefined) return t.source; // reported as a syntax problem already
  let fn: Compiled | undefined;
  const ast = t.ast;
  return (context: unknown, options?: unknown): string => {
    fn ??= env.compile(ast, COMPILE_OPTIONS) as Compiled;
    try {
      return fn(context, options);
    } catch (err) {
      throw faultIn(err, t.file, sourceOf);
    }
  };
}

/** The first `{{> name}}` in a template or the partials it reaches that names no partial of its platform. */
function missingPartial(t: TemplateFile, env: Env, set: TemplateSet, platform: string): InputProblem | undefined {
  const seen = new Set<string>();
  const queue: TemplateFile[] = [t];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    if (seen.has(cur.file)) continue;
    seen.add(cur.file);
    for (const ref of cur.partialRefs) {
      if (ref.name === '@partial-block') continue;
      if (!(ref.name in env.partials)) {
        const known = Object.keys(env.partials).sort();
        return {
          location: { file: cur.file, line: ref.line, column: ref.column },
          message: `unknown partial "${ref.name}"`,
          hint: `partials for ${platform}: ${known.join(', ') || '(none)'} (templates/partials/*.hbs, templates/${platform}/partials/*.hbs)`,
        };
      }
      const next = set.platformPartials.get(platform)?.get(ref.name) ?? set.partials.get(ref.name);
      if (next !== undefined) queue.push(next);
    }
  }
  return undefined;
}

function faultProblem(fault: TemplateFault, file: string, device: Device): InputProblem {
  const location = { file: fault.file ?? file, ...(fault.line !== undefined ? { line: fault.line } : {}), ...(fault.column !== undefined ? { column: fault.column } : {}) };
  const who = `${device.site}/${device.name}`;
  if (fault.missing !== undefined) return { location, message: `${fault.message} (rendering ${who})`, hint: missingHint(fault.missing) };
  return { location, message: `${fault.message} (rendering ${who})` };
}

/** Inventory spelling of the device fields a template sees under other names. */
const YAML_NAMES: Readonly<Record<string, string>> = {
  'device.uplink.localPort': 'uplink.local_port',
  'device.circuitId': 'circuit_id',
  'device.uplink': 'uplink',
  'device.model': 'model',
  'device.role': 'role',
  'device.mac': 'mac',
  'device.serial': 'serial',
};

function missingHint(path: string): string {
  if (path.startsWith('vars.')) {
    return `define ${path.slice(5)} under vars: in the inventory (defaults, a group, the site or the device), or guard it with {{#if ${path}}}`;
  }
  const yamlName = YAML_NAMES[path];
  if (yamlName !== undefined) return `set ${yamlName} on the device in the inventory, or guard it with {{#if ${path}}}`;
  return `guard optional values with {{#if ${path}}} … {{/if}}`;
}
