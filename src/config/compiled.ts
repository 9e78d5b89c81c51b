/**
 * A platform's {@link ConfigRules} with the questions the engine asks of a line answered in
 * one place: is it a section, its idempotent key, its negation, the objects it defines or
 * refers to. Compiled once per rules object (cached).
 */
import type { ConfigRules, LineMatch, ListRule, ObjectRule, PersistentSectionRule, SectionRule, OrderedSectionRule } from '../platforms/config-rules.js';
import { expandTemplate, formatList, naturalKey, parseList } from './text.js';

/** An object a line defines or refers to: `kind` index, name, and the scope key that makes the name unique. */
export interface ObjectUse {
  readonly rule: ObjectRule;
  /** `kindIndex \0 scope \0 name`: equal keys name the same object. */
  readonly key: string;
  readonly name: string;
}

/** A list item template compiled to a regex (for collapsing typed commands). */
interface ItemPattern {
  readonly rule: ListRule;
  readonly regex: RegExp;
}

const cache = new WeakMap<ConfigRules, CompiledRules>();

/** Compiles (once) and returns the engine's view of `rules`. */
export function compile(rules: ConfigRules): CompiledRules {
  let c = cache.get(rules);
  if (!c) cache.set(rules, (c = new CompiledRules(rules)));
  return c;
}

function inScope(rule: LineMatch, parent: string | undefined): boolean {
  if (rule.within === undefined) return true;
  if (rule.within === null) return parent === undefined;
  return parent !== undefined && rule.within.test(parent);
}

function applies(rule: LineMatch, text: string, parent: string | undefined): boolean {
  return inScope(rule, parent) && rule.match.test(text);
}

function first<T extends LineMatch>(rules: readonly T[], text: string, parent: string | undefined): T | undefined {
  for (const r of rules) if (applies(r, text, parent)) return r;
  return undefined;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The engine's view of one platform's rules. */
export class CompiledRules {
  private readonly terminators: ReadonlySet<string>;
  private readonly items: readonly ItemPattern[];
  private readonly secrets: readonly RegExp[];

  constructor(readonly rules: ConfigRules) {
    this.terminators = new Set(rules.terminators);
    this.items = rules.lists
      .filter((r) => (r.mode ?? 'expand') === 'expand')
      .map((rule) => ({ rule, regex: new RegExp(`^${rule.item.split('{}').map(escapeRegex).join('(\\d+)')}$`) }));
    this.secrets = rules.secrets.map((r) => new RegExp(r.source, r.flags.includes('g') ? r.flags : `${r.flags}g`));
  }

  isVolatile(text: string): boolean {
    return this.rules.volatile.some((r) => r.test(text));
  }

  isComment(text: string): boolean {
    return this.rules.comments.some((p) => text.startsWith(p));
  }

  /** A line that only closes a section (`exit`, `exit-address-family`). */
  isTerminator(text: string): boolean {
    return this.terminators.has(text);
  }

  /** The delimiter when `text` opens a multi-line block, with what follows it on the same line. */
  blockStart(text: string): { delim: string; rest: string } | undefined {
    for (const b of this.rules.blocks) {
      const m = b.start.exec(text);
      const delim = m?.groups?.['delim'];
      if (m && delim) return { delim, rest: text.slice(m.index + m[0].length) };
    }
    return undefined;
  }

  section(text: string, parent: string | undefined): SectionRule | undefined {
    return first(this.rules.sections, text, parent);
  }

  /** What to type to leave the section `header` (whose parent header is `parent`). */
  exitFor(header: string, parent: string | undefined): string {
    return this.section(header, parent)?.exit ?? 'exit';
  }

  persistent(text: string, parent: string | undefined): PersistentSectionRule | undefined {
    return first(this.rules.persistent, text, parent);
  }

  ordered(text: string, parent: string | undefined): OrderedSectionRule | undefined {
    return first(this.rules.ordered, text, parent);
  }

  isDefault(text: string, parent: string | undefined): boolean {
    return first(this.rules.defaults, text, parent) !== undefined;
  }

  /** The lines a list line stands for (`vlan range 10-11` → `vlan 10`, `vlan 11`); `undefined` when not a list. */
  expandList(text: string, parent: string | undefined): { rule: ListRule; lines: string[] } | undefined {
    for (const rule of this.rules.lists) {
      if (!applies(rule, text, parent)) continue;
      const list = rule.match.exec(text)?.groups?.['list'];
      const items = list === undefined ? undefined : parseList(list);
      if (!items) continue;
      if (rule.mode === 'canonical') return { rule, lines: [rule.item.replace('{}', formatList(items))] };
      return { rule, lines: [...new Set(items)].sort((a, b) => a - b).map((n) => rule.item.replace('{}', String(n))) };
    }
    return undefined;
  }

  /** When `text` is one item of a collapsible list rule: the rule and the item. */
  listItem(text: string, parent: string | undefined): { rule: ListRule; item: number } | undefined {
    for (const p of this.items) {
      if (p.rule.collapsed === undefined) continue;
      const m = p.regex.exec(text);
      if (m && inScope(p.rule, parent)) return { rule: p.rule, item: Number(m[1]) };
    }
    return undefined;
  }

  /** Lines with the same key in the same section replace each other; `undefined` when the line is not idempotent. */
  idempotentKey(text: string, parent: string | undefined): string | undefined {
    const list = this.rules.idempotent;
    for (let i = 0; i < list.length; i++) {
      const r = list[i] as LineMatch;
      if (!applies(r, text, parent)) continue;
      const m = r.match.exec(text) as RegExpExecArray;
      return `${i}\0${m.slice(1).join('\0')}`;
    }
    return undefined;
  }

  /** The command that undoes `text`: a negation rule, else `X` for a line `no X`, else `no LINE`. */
  negate(text: string, parent: string | undefined): string {
    const r = first(this.rules.negations, text, parent);
    if (r) return expandTemplate(r.negate, r.match.exec(text) as RegExpExecArray, text);
    if (text.startsWith('no ')) return text.slice(3);
    return `no ${text}`;
  }

  /** The line a non-`no` removal command (`… remove 20`) removes. */
  removalTarget(command: string, parent: string | undefined): string | undefined {
    const r = first(this.rules.removals, command, parent);
    return r ? expandTemplate(r.removes, r.match.exec(command) as RegExpExecArray, command) : undefined;
  }

  /** Objects defined by a line at `path` (the headers of its section). */
  defines(text: string, path: readonly string[]): ObjectUse[] {
    return this.uses(text, path, 'define');
  }

  /** Objects a line at `path` refers to. */
  references(text: string, path: readonly string[]): ObjectUse[] {
    return this.uses(text, path, 'ref');
  }

  private uses(text: string, path: readonly string[], what: 'define' | 'ref'): ObjectUse[] {
    const parent = path.length ? path[path.length - 1] : undefined;
    const out: ObjectUse[] = [];
    const objects = this.rules.objects;
    for (let k = 0; k < objects.length; k++) {
      const o = objects[k] as ObjectRule;
      const rules = what === 'define' ? o.define : (o.references ?? []);
      for (const r of rules) {
        if (!applies(r, text, parent)) continue;
        const m = r.match.exec(text) as RegExpExecArray;
        const captured = m.slice(1).filter((g) => g !== undefined);
        const names = 'list' in r && r.list ? (parseList(captured[0] ?? '') ?? []).map(String) : [captured.join(' ')];
        const scope = o.scope === 'top' ? (path[0] ?? '') : o.scope === 'parent' ? path.join('\n') : '';
        for (const name of names) out.push({ rule: o, name, key: `${k}\0${scope}\0${name}` });
      }
    }
    return out;
  }

  isLate(text: string, parent: string | undefined): boolean {
    return first(this.rules.late, text, parent) !== undefined;
  }

  /** Sort key of a line in the normalised text: print rank, then natural order. */
  sortKey(text: string): string {
    const order = this.rules.printOrder;
    let rank = order.length;
    for (let i = 0; i < order.length; i++) {
      if ((order[i] as RegExp).test(text)) {
        rank = i;
        break;
      }
    }
    return String.fromCharCode(0x100 + rank) + naturalKey(text);
  }

  /** `line` with every secret replaced by `<masked>`. */
  mask(line: string): string {
    let out = line;
    for (const r of this.secrets) out = out.replace(r, (_all, keep: string) => `${keep}<masked>`);
    return out;
  }
}
