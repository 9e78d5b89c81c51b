/**
 * Loads `rules/*.yml` (files in name order, rules in file order): YAML with positions,
 * the JSON Schema, then the checks a schema cannot express (regular expressions compile,
 * durations, `exec` lists, unique names). Every problem is collected with `file:line:col`
 * and reported together.
 */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputErrors, type InputProblem } from '../errors.js';
import { checkSchema, parseYaml, type PositionedYaml } from '../inventory/index.js';
import { compileRule, type CompiledRule, type RuleSpec } from './rules-compile.js';
import { rulesFileSchema } from './rules-schema.js';

/** Where events come from. */
export type InputSpec =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'syslog'; readonly proto: 'udp' | 'tcp'; readonly host: string; readonly port: number };

/** All rules of a project, compiled, with the inputs the files name. */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  readonly inputs: readonly InputSpec[];
  /** The files read, relative to the root. */
  readonly files: readonly string[];
}

/** A rules file's text and its name as shown to users. */
interface RulesSource {
  readonly file: string;
  readonly text: string;
}

/** Reads every `rules/*.yml` / `*.yaml` of the project (none: an empty list). */
async function readRulesSources(root: string): Promise<RulesSource[]> {
  const dir = join(root, 'rules');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('.')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return Promise.all(names.map(async (n) => ({ file: relative(root, join(dir, n)) || n, text: await readFile(join(dir, n), 'utf8') })));
}

/** Compiles rules from sources; relative input paths are resolved against `root`. */
export function compileRuleSources(root: string, sources: readonly RulesSource[]): { ruleSet: RuleSet; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const rules: CompiledRule[] = [];
  const inputs: InputSpec[] = [];
  const seen = new Map<string, string>();
  for (const src of sources) {
    const parsed = parseYaml(src.text, src.file);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const doc = parsed.doc;
    if (doc.value === undefined || doc.value === null) continue;
    const schemaProblems = checkSchema(doc, rulesFileSchema);
    problems.push(...schemaProblems);
    // Rules and inputs the schema found fault with are not checked further; the others are,
    // so one run reports everything.
    const bad = new Set(schemaProblems.map((p) => /^\/(rules|inputs)\/\d+/.exec(p.path ?? '')?.[0] ?? (p.path === '/' || p.path === '' ? '*' : p.path ?? '*')));
    if (bad.has('*') || bad.has('/rules') || bad.has('/inputs')) continue;
    const value = doc.value as { inputs?: Record<string, string>[]; rules?: RuleSpec[] };
    (value.inputs ?? []).forEach((inp, i) => {
      if (bad.has(`/inputs/${i}`)) return;
      const spec = toInput(root, inp);
      if (typeof spec === 'string') problems.push(at(doc, `/inputs/${i}`, spec));
      else inputs.push(spec);
    });
    (value.rules ?? []).forEach((spec, i) => {
      const pointer = `/rules/${i}`;
      if (bad.has(pointer)) return;
      const first = seen.get(spec.name);
      if (first !== undefined) {
        problems.push({ ...at(doc, `${pointer}/name`, `rule name "${spec.name}" is used twice`), hint: `first used at ${first}; names appear in decisions and must be unique` });
        return;
      }
      const place = doc.place(pointer).value;
      seen.set(spec.name, `${src.file}:${place.line}`);
      const compiled = compileRule(spec, { file: src.file, line: place.line, column: place.column });
      if ('problems' in compiled) {
        for (const p of compiled.problems) problems.push({ ...at(doc, `${pointer}/${p.field}`, p.message), ...(p.hint ? { hint: p.hint } : {}) });
      } else {
        rules.push(compiled.rule);
      }
    });
  }
  return { ruleSet: { rules, inputs, files: sources.map((s) => s.file) }, problems };
}

/** Loads and compiles the project's rules; throws RULES_INVALID listing every problem. */
export async function loadRules(root: string): Promise<RuleSet> {
  const { ruleSet, problems } = compileRuleSources(root, await readRulesSources(root));
  if (problems.length > 0) throw new InputErrors(problems, 'RULES_INVALID');
  return ruleSet;
}

/** The problems of the project's rules (none when valid) and how many rules it has; for `switchyard validate`. */
export async function validateRules(root: string): Promise<{ problems: InputProblem[]; rules: number }> {
  const { ruleSet, problems } = compileRuleSources(root, await readRulesSources(root));
  return { problems, rules: ruleSet.rules.length };
}

/** Parses `udp://HOST:PORT` / `tcp://HOST:PORT` (IPv6 in brackets). */
export function parseSyslogUrl(url: string): InputSpec | string {
  const m = /^(udp|tcp):\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]]+):(\d{1,5})$/.exec(url);
  if (!m) return `"${url}" must be udp://HOST:PORT or tcp://HOST:PORT`;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return `port ${port} is out of range (1-65535)`;
  return { kind: 'syslog', proto: m[1] as 'udp' | 'tcp', host: m[2]!.replace(/^\[|\]$/g, ''), port };
}

function toInput(root: string, inp: Record<string, string>): InputSpec | string {
  if (inp.file !== undefined) return { kind: 'file', path: isAbsolute(inp.file) ? inp.file : resolve(root, inp.file) };
  return parseSyslogUrl(inp.syslog!);
}

function at(doc: PositionedYaml, pointer: string, message: string): InputProblem {
  const place = doc.place(pointer);
  const pos = place.value;
  return { location: { file: doc.file, line: pos.line, column: pos.column }, path: pointer, message };
}
