/**
 * The templates of a project, read once and parsed: every `*.hbs` under `templates/`,
 * sorted into device templates and partials, with syntax problems collected (not thrown)
 * so that `validate` reports all of them together.
 *
 * Layout (see docs/templates.md):
 *   templates/partials/NAME.hbs                 partial for every platform
 *   templates/<platform>/partials/NAME.hbs      partial for one platform (wins over the above)
 *   templates/<platform>/<role>.hbs, default.hbs
 *   templates/sites/<site>/<device>.hbs, <role>.hbs
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { InputProblem } from '../errors.js';
import { PLATFORMS, PLATFORM_FAMILIES } from '../platforms/index.js';

/** Platform folder names that template lookup uses: the registered platforms' names. */
const PLATFORM_FOLDERS: readonly string[] = Object.keys(PLATFORMS);

/** A partial call in a template, by name and place. */
export interface PartialRef {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

/** One parsed template file. */
export interface TemplateFile {
  /** Path relative to the project root, `/`-separated (`templates/fsos-s5850/core.hbs`). */
  readonly file: string;
  readonly source: string;
  /** Undefined when the file has a syntax error (reported in `problems`). */
  readonly ast: hbs.AST.Program | undefined;
  readonly partialRefs: readonly PartialRef[];
}

/** All templates of a project. */
export interface TemplateSet {
  /** Device templates by relative path. */
  readonly templates: ReadonlyMap<string, TemplateFile>;
  /** Partials for every platform, by partial name. */
  readonly partials: ReadonlyMap<string, TemplateFile>;
  /** Partials of one platform folder, by platform then name. */
  readonly platformPartials: ReadonlyMap<string, ReadonlyMap<string, TemplateFile>>;
  /** Syntax and layout problems found while reading. */
  readonly problems: readonly InputProblem[];
}

/** Reads and parses every template under `<root>/templates`. A missing folder is an empty set. */
export async function loadTemplates(root: string): Promise<TemplateSet> {
  const templates = new Map<string, TemplateFile>();
  const partials = new Map<string, TemplateFile>();
  const platformPartials = new Map<string, Map<string, TemplateFile>>();
  const problems: InputProblem[] = [];
  for (const rel of await listHbs(join(root, 'templates'), '')) {
    const file = `templates/${rel}`;
    const source = await readFile(join(root, file), 'utf8');
    const parsed = parse(file, source, problems);
    const parts = rel.split('/');
    const name = parts[parts.length - 1]!.replace(/\.hbs$/, '');
    if (parts[0] === 'partials') {
      partials.set(parts.slice(1).join('/').replace(/\.hbs$/, ''), parsed);
    } else if (parts.length >= 3 && parts[1] === 'partials' && parts[0] !== 'sites') {
      const byName = platformPartials.get(parts[0]!) ?? new Map<string, TemplateFile>();
      byName.set(parts.slice(2).join('/').replace(/\.hbs$/, ''), parsed);
      platformPartials.set(parts[0]!, byName);
    } else if ((parts[0] === 'sites' && parts.length === 3) || (parts.length === 2 && parts[0] !== 'sites')) {
      templates.set(file, parsed);
    } else {
      problems.push({ location: { file }, message: `template ${file} is never used: it is not where template lookup looks`, hint: `device templates live in templates/<platform>/${name}.hbs or templates/sites/<site>/${name}.hbs; partials in templates/partials/` });
      continue;
    }
    if (parts[0] !== 'sites' && parts[0] !== 'partials' && !PLATFORM_FOLDERS.includes(parts[0]!)) {
      problems.push({
        location: { file },
        message: `templates/${parts[0]}/ is not a platform folder, so ${file} is never used`,
        hint: `platform folders are named after the resolved platform: ${PLATFORM_FOLDERS.join(', ')}${familiesNote()}`,
      });
    }
  }
  return { templates, partials, platformPartials, problems };
}

/** What each family among the platform words resolves to, in brackets for the hint (empty without families). */
function familiesNote(): string {
  const families = Object.entries(PLATFORM_FAMILIES).map(([family, members]) => `${family} resolves to ${members.join(' or ')} by model`);
  return families.length === 0 ? '' : ` (${families.join('; ')})`;
}

async function listHbs(dir: string, prefix: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isDirectory()) out.push(...(await listHbs(join(dir, e.name), `${prefix}${e.name}/`)));
    else if (e.isFile() && e.name.endsWith('.hbs')) out.push(`${prefix}${e.name}`);
  }
  return out;
}

function parse(file: string, source: string, problems: InputProblem[]): TemplateFile {
  try {
    const ast = Handlebars.parse(source);
    return { file, source, ast, partialRefs: collectPartials(ast) };
  } catch (err) {
    problems.push(syntaxProblem(file, err));
    return { file, source, ast: undefined, partialRefs: [] };
  }
}

/** Handlebars reports parse errors as `Parse error on line N: …`, and block mismatches with a location. */
function syntaxProblem(file: string, err: unknown): InputProblem {
  const e = err as Error & { lineNumber?: number; column?: number };
  const hint = 'check the {{ }} braces and that every {{#block}} has its {{/block}}';
  if (e.lineNumber !== undefined) {
    const text = e.message.replace(/ - \d+:\d+$/, '');
    const mismatch = /^(\S+) doesn't match (\S+)$/.exec(text);
    const message = mismatch ? `{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}` : text;
    return { location: { file, line: e.lineNumber, column: (e.column ?? 0) + 1 }, message: `template syntax error: ${message}`, hint };
  }
  const m = /^Parse error on line (\d+):[\s\S]*?\n(Expecting [\s\S]*)$/.exec(e.message);
  if (m) {
    const got = /got '([^']+)'$/.exec(m[2]!)?.[1];
    const what = got === 'EOF' ? 'the template ends inside an unfinished {{…}} or block' : `unexpected ${describeToken(got)}`;
    return { location: { file, line: Number(m[1]) }, message: `template syntax error: ${what}`, hint };
  }
  return { location: { file }, message: `template syntax error: ${e.message}`, hint };
}

function describeToken(token: string | undefined): string {
  const words: Record<string, string> = { INVALID: 'characters inside {{ }}', CLOSE: '}}', OPEN: '{{', OPEN_ENDBLOCK: '{{/…}}', ID: 'name' };
  return token === undefined ? 'input' : (words[token] ?? token);
}

/** Static partial names a template calls (`{{> name}}`), with places, for checking before rendering. */
function collectPartials(ast: hbs.AST.Program): PartialRef[] {
  const refs: PartialRef[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const n = node as { type?: string; name?: { type?: string; original?: unknown }; loc?: hbs.AST.SourceLocation };
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && n.name?.type === 'PathExpression' && n.loc) {
      refs.push({ name: String(n.name.original), line: n.loc.start.line, column: n.loc.start.column + 1 });
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'loc' && typeof v === 'object') visit(v);
  };
  visit(ast);
  return refs;
}
