/**
 * `switchyard rules import-sec`: converts a SEC (simple event correlator) rules file into
 * a `rules/*.yml` file, and names by line every construct it could not carry over.
 *
 * Supported: rule types Single, SingleWithScript, SingleWithSuppress; ptype RegExp and
 * SubStr; continue TakeNext/DontCont/EndMatch; desc; rem; window; actions logonly, write
 * (to standard output), shellcmd; script. A SEC `script=`/`shellcmd` becomes an `exec`
 * action (argv, no shell) when it has no shell syntax and no match variables; with
 * `actions: 'native'` a rule that matches a factory switch's DHCPACK becomes `provision`
 * and any other `reconcile` — the seed's main-script.py and compare.sh did exactly that.
 */
import { parseDuration } from './values.js';

/** A construct that was not converted, by line. */
interface SecProblem {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** The outcome of a conversion. */
interface SecConversion {
  /** The rules file, ready to write. */
  readonly yaml: string;
  readonly rules: number;
  readonly unconverted: readonly SecProblem[];
}

/** Options of {@link convertSec}. */
interface SecOptions {
  /** Name of the SEC file as shown in comments and problems. */
  readonly file: string;
  /** `exec` (default): scripts stay programs. `native`: they become provision/reconcile. */
  readonly actions?: 'exec' | 'native';
}

interface Field {
  readonly value: string;
  readonly line: number;
}

interface SecRule {
  readonly line: number;
  readonly fields: Map<string, Field>;
  readonly rems: string[];
}

/** A DHCPACK of a factory-new switch; a rule matching it is the seed's "new switch" rule. */
const FACTORY_LINE = 'Nov 27 20:50:41 dhcp dhcpd[1]: DHCPACK on 192.0.2.10 to 00:00:5e:00:53:01 (Switch) via eth0';

/** Parses and converts SEC rules text. */
export function convertSec(text: string, options: SecOptions): SecConversion {
  const problems: SecProblem[] = [];
  const rules = parseSec(text, problems);
  const out: string[] = [
    `# Converted from ${options.file} by \`switchyard rules import-sec\` (actions: ${options.actions ?? 'exec'}).`,
    '# Rules are tried in order; a match stops the search unless the rule has `continue: true`.',
    '# Switchyard collapses repeated matches for one device within a rule\'s `suppress` window',
    '# (60s unless set), and runs an `exec` program without a shell, event data in SWITCHYARD_* variables.',
    'rules:',
  ];
  const names = new Set<string>();
  let count = 0;
  for (const rule of rules) {
    const converted = convertRule(rule, options, names, problems);
    if (converted === undefined) continue;
    out.push(...converted.lines);
    count += converted.count;
  }
  if (count === 0) out[out.length - 1] = 'rules: []';
  return { yaml: `${out.join('\n')}\n`, rules: count, unconverted: problems.sort((a, b) => a.line - b.line) };
}

function parseSec(text: string, problems: SecProblem[]): SecRule[] {
  const rules: SecRule[] = [];
  let current: SecRule | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let raw = lines[i]!;
    // A backslash at the end continues the field on the next line.
    while (/\\\s*$/.test(raw) && i + 1 < lines.length) raw = raw.replace(/\\\s*$/, '') + lines[++i]!.trimStart();
    if (/^\s*#/.test(raw) || raw.trim() === '') {
      current = undefined;
      continue;
    }
    const m = /^\s*([A-Za-z0-9]+)\s*=\s*(.*?)\s*$/.exec(raw);
    if (m === null) {
      problems.push({ line: lineNo, text: raw.trim(), reason: 'not a keyword=value line' });
      continue;
    }
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    if (key === 'label') {
      problems.push({ line: lineNo, text: raw.trim(), reason: 'labels (GoTo targets) are not supported' });
      current = undefined;
      continue;
    }
    if (current === undefined) {
      current = { line: lineNo, fields: new Map(), rems: [] };
      rules.push(current);
    }
    if (key === 'rem') current.rems.push(value);
    else current.fields.set(key, { value, line: lineNo });
  }
  return rules;
}

interface Converted {
  readonly lines: string[];
  readonly count: number;
}

function convertRule(rule: SecRule, options: SecOptions, names: Set<string>, problems: SecProblem[]): Converted | undefined {
  const f = (k: string): Field | undefined => rule.fields.get(k);
  const skip = (field: Field | undefined, reason: string): undefined => {
    problems.push({ line: field?.line ?? rule.line, text: field ? `${keyAt(rule, field)}=${field.value}` : `rule at line ${rule.line}`, reason: `${reason}; rule not converted` });
    return undefined;
  };
  const type = f('type');
  const kind = type?.value.toLowerCase();
  if (kind !== 'single' && kind !== 'singlewithscript' && kind !== 'singlewithsuppress') {
    return skip(type, type ? `rule type ${type.value} is not supported (Single, SingleWithScript, SingleWithSuppress are)` : 'rule without type=');
  }
  const context = f('context');
  if (context) return skip(context, 'contexts are not supported (the rule would match more than it did in SEC)');
  const ptype = f('ptype');
  const pattern = f('pattern');
  if (!ptype || !pattern) return skip(ptype ?? pattern, 'rule without ptype= or pattern=');
  const match = convertPattern(ptype, pattern);
  if ('reason' in match) return skip(match.field, match.reason);

  const cont = f('continue');
  let continues = false;
  if (cont) {
    const c = cont.value.toLowerCase();
    if (c === 'takenext') continues = true;
    else if (c === 'endmatch') continues = false;
    else if (c !== 'dontcont') problems.push({ line: cont.line, text: `continue=${cont.value}`, reason: 'GoTo is not supported; converted as DontCont' });
  }
  for (const k of ['varmap', 'action2', 'shell']) {
    const x = f(k);
    if (x) problems.push({ line: x.line, text: `${k}=${x.value}`, reason: `${k} is not supported; ignored` });
  }

  // Actions: a message from logonly/write, programs from script= and shellcmd.
  let message: string | undefined;
  const programs: { argv: string[]; from: string; field: Field }[] = [];
  const script = f('script');
  if (kind === 'singlewithscript') {
    if (!script) return skip(type, 'SingleWithScript without script=');
    const argv = splitCommand(script.value);
    if (typeof argv === 'string') return skip(script, argv);
    programs.push({ argv, from: 'script', field: script });
  }
  const action = f('action');
  for (const part of action ? splitActions(action.value) : []) {
    const word = part.split(/\s+/, 1)[0]!.toLowerCase();
    const rest = part.slice(word.length).trim();
    if (word === 'none') continue;
    if (word === 'logonly') message = rest || f('desc')?.value;
    else if (word === 'write' && rest.split(/\s+/, 1)[0] === '-') message = rest.slice(1).trim() || f('desc')?.value;
    else if (word === 'shellcmd') {
      const argv = splitCommand(rest);
      if (typeof argv === 'string') problems.push({ line: action!.line, text: part, reason: `${argv}; action not converted` });
      else programs.push({ argv, from: 'shellcmd', field: action! });
    } else {
      problems.push({ line: action!.line, text: part, reason: `action ${word} is not supported; dropped` });
    }
  }
  if (message !== undefined && /[$%][{\d.a-zA-Z+]/.test(message)) {
    problems.push({ line: action!.line, text: message, reason: 'SEC variables ($1, %s, …) are not substituted in messages; kept as text' });
  }

  const desc = f('desc')?.value;
  const base = uniqueName(slug(desc) || `sec-rule-${rule.line}`, names);
  const window = f('window');
  let suppress: string | undefined;
  if (kind === 'singlewithsuppress') {
    const ms = window ? parseDuration(window.value) : undefined;
    if (ms === undefined) return skip(window ?? type, 'SingleWithSuppress without a numeric window=');
    suppress = `${Math.round(ms / 1000)}s`;
  }

  const native = options.actions === 'native';
  const lines: string[] = [''];
  lines.push(`  # ${options.file}:${rule.line} type=${type!.value}`);
  for (const r of rule.rems) lines.push(`  # rem: ${oneLine(r)}`);
  const emit = (name: string, actionLines: string[], cont: boolean): void => {
    lines.push(`  - name: ${q(name)}`);
    if (desc !== undefined) lines.push(`    description: ${q(desc)}`);
    lines.push(...match.yaml);
    lines.push(...actionLines);
    if (message !== undefined) lines.push(`    message: ${q(message)}`);
    if (suppress !== undefined) lines.push(`    suppress: ${suppress}`);
    if (cont) lines.push('    continue: true');
  };
  if (programs.length === 0) {
    emit(base, ['    action: log'], continues);
    return { lines, count: 1 };
  }
  programs.forEach((p, i) => {
    const name = i === 0 ? base : uniqueName(`${base}-${i + 1}`, names);
    const last = i === programs.length - 1;
    let actionLines: string[];
    if (native && p.from === 'script') {
      const act = match.test(FACTORY_LINE) ? 'provision' : 'reconcile';
      actionLines = [`    # SEC ran ${oneLine(p.argv.join(' '))}; Switchyard's ${act} action does its job natively.`, `    action: ${act}`];
    } else {
      actionLines = [
        `    # SEC ran this through a shell; here it runs without one. \`action: reconcile\` or \`provision\``,
        `    # replaces a script that checked or configured the switch (see import-sec --actions native).`,
        '    action: exec',
        `    exec: [${p.argv.map(q).join(', ')}]`,
      ];
    }
    // Several programs of one SEC rule become consecutive rules; all but the last continue.
    emit(name, actionLines, last ? continues : true);
  });
  return { lines, count: programs.length };
}

type PatternResult = { yaml: string[]; test: (line: string) => boolean } | { reason: string; field: Field };

function convertPattern(ptype: Field, pattern: Field): PatternResult {
  const t = ptype.value.toLowerCase().replace(/1$/, '');
  if (t === 'substr') {
    const needle = pattern.value.replace(/\\([tnrs0\\])/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', s: ' ', '0': '', '\\': '\\' })[c]!);
    if (needle === '') return { reason: 'empty SubStr pattern', field: pattern };
    return { yaml: [`    contains: ${q(needle)}`], test: (l) => l.includes(needle) };
  }
  if (t !== 'regexp') return { reason: `ptype ${ptype.value} is not supported (RegExp and SubStr are)`, field: ptype };
  let src = pattern.value;
  let ignoreCase = false;
  if (src.startsWith('(?i)')) {
    ignoreCase = true;
    src = src.slice(4);
  }
  const posix: Record<string, string> = { alnum: 'A-Za-z0-9', alpha: 'A-Za-z', digit: '0-9', space: '\\s', upper: 'A-Z', lower: 'a-z', xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', word: '\\w' };
  src = src
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$')
    .replace(/\[:(\w+):\]/g, (m, name: string) => posix[name] ?? m);
  let re: RegExp;
  try {
    re = new RegExp(src, ignoreCase ? 'i' : '');
  } catch (err) {
    return { reason: `Perl regular expression not usable here: ${(err as Error).message}`, field: pattern };
  }
  const yaml = [`    pattern: ${q(src)}`];
  if (ignoreCase) yaml.push('    ignore_case: true');
  return { yaml, test: (l) => re.test(l) };
}

/** Splits a SEC action list at top-level `;`. */
function splitActions(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      cur += value[++i];
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ';' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') parts.push(cur.trim());
  return parts.filter((p) => p !== '');
}

/** A command line as argv, or why it cannot run without a shell. */
function splitCommand(cmd: string): string[] | string {
  if (/[$%]/.test(cmd)) return 'it uses SEC or shell variables (event data must not reach a command line; read SWITCHYARD_* variables instead)';
  if (/[|&;<>()`'"\\*?[\]{}~]/.test(cmd)) return 'it needs a shell (pipes, redirections, quotes or globs)';
  const argv = cmd.trim().split(/\s+/);
  if (argv.length === 0 || argv[0] === '') return 'empty command';
  if (!argv[0]!.startsWith('/')) return `program "${argv[0]}" is not an absolute path`;
  return argv;
}

function keyAt(rule: SecRule, field: Field): string {
  for (const [k, v] of rule.fields) if (v === field) return k;
  return '?';
}

function slug(text: string | undefined): string {
  return (text ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function uniqueName(name: string, names: Set<string>): string {
  let n = name;
  for (let i = 2; names.has(n); i++) n = `${name}-${i}`;
  names.add(n);
  return n;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** A YAML single-quoted scalar (safe for any text on one line). */
function q(text: string): string {
  return `'${oneLine(text).replace(/'/g, "''")}'`;
}
