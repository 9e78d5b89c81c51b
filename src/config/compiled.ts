/**
 * A platform's {@link ConfigRules} with the questions the engine asks of a line answered in
 * one place: is it a section, its idempotent key, its negation, the objects it defines or
 * refers to. Compiled once per rules object (cached).
 */
import type {
  ConfigRules,
  LineMatch,
  ListRule,
  NegationRule,
  ObjectRule,
  OrderedSectionRule,
  PersistentSectionRule,
  ReferenceRule,
  RemovalRule,
  SectionRule,
} from '../platforms/config-rules.js';
import { byNumber, expandTemplate, formatList, isAscending, naturalKey, parseList } from './text.js';

/** An object a line defines or refers to: `kind` index, name, and the scope key that makes the name unique. */
interface ObjectUse {
  readonly rule: ObjectRule;
  /** `kindIndex \0 scope \0 name`: equal keys name the same object. */
  readonly key: string;
  readonly name: string;
}

/** Receives the objects a line defines (`def`) or refers to, one call per object. */
export interface UseSink {
  use(rule: ObjectRule, key: string, name: string, def: boolean): void;
}

/** Collects uses into an array (made on the first one). */
class UseList implements UseSink {
  out: ObjectUse[] | undefined;
  use(rule: ObjectRule, key: string, name: string): void {
    (this.out ??= []).push({ rule, key, name });
  }
}

/** A list item template compiled to a regex (for collapsing typed commands). */
interface ItemPattern {
  readonly rule: ListRule;
  readonly scope: Prepared<ListRule>;
  /** The item's text before its number: most lines are turned away by it before the regex. */
  readonly head: string;
  readonly regex: RegExp;
}

const cache = new WeakMap<ConfigRules, CompiledRules>();

const NO_USES: readonly ObjectUse[] = Object.freeze([]);

/** Compiles (once) and returns the engine's view of `rules`. */
export function compile(rules: ConfigRules): CompiledRules {
  let c = cache.get(rules);
  if (!c) cache.set(rules, (c = new CompiledRules(rules)));
  return c;
}

/**
 * The literal text every match of `re` starts with (`^switchport trunk allowed vlan add `
 * → `switchport trunk allowed vlan add `), or '' when unknown. Lets most lines be turned
 * away by `startsWith` before a regex runs: configs have 200k lines and rules run on each.
 */
function literalPrefix(re: RegExp): string {
  if (!re.source.startsWith('^') || /[im]/.test(re.flags)) return '';
  const src = re.source;
  let out = '';
  for (let i = 1; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      out += next;
      i++;
      continue;
    }
    if ('^$.|?*+()[]{}'.includes(ch)) {
      // A quantifier makes the character before it optional.
      if ('?*{'.includes(ch)) out = out.slice(0, -1);
      break;
    }
    out += ch;
  }
  return out;
}

/** A rule with the literal prefixes of its patterns, for a cheap first test. */
interface Prepared<T extends LineMatch> {
  readonly rule: T;
  readonly prefix: string;
  readonly withinPrefix: string;
}

function prepare<T extends LineMatch>(rules: readonly T[]): Prepared<T>[] {
  return rules.map((rule) => ({ rule, prefix: literalPrefix(rule.match), withinPrefix: rule.within ? literalPrefix(rule.within) : '' }));
}

function inScope(p: Prepared<LineMatch>, parent: string | undefined): boolean {
  const w = p.rule.within;
  if (w === undefined) return true;
  if (w === null) return parent === undefined;
  return parent !== undefined && parent.startsWith(p.withinPrefix) && w.test(parent);
}

function applies(p: Prepared<LineMatch>, text: string, parent: string | undefined): boolean {
  return text.startsWith(p.prefix) && inScope(p, parent) && p.rule.match.test(text);
}

function first<T extends LineMatch>(rules: readonly Prepared<T>[], text: string, parent: string | undefined): T | undefined {
  for (let i = 0; i < rules.length; i++) {
    const p = rules[i] as Prepared<T>;
    if (applies(p, text, parent)) return p.rule;
  }
  return undefined;
}

/** Number of capture groups of `re` (an alternative that matches the empty text reveals them). */
function groupCount(re: RegExp): number {
  // Same flags (a `u` rule compiles differently), minus those that make exec stateful.
  return (new RegExp(`${re.source}|`, re.flags.replace(/[gy]/g, '')).exec('') as RegExpExecArray).length - 1;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The engine's view of one platform's rules. */
export class CompiledRules {
  private readonly terminators: ReadonlySet<string>;
  /** Length of the longest terminator: longer lines are not looked up. */
  private readonly terminatorMax: number;
  /** Comment prefixes without blanks or line breaks: testable on the raw source. */
  private readonly plain: readonly string[];
  /** Every comment prefix is plain. */
  readonly plainComments: boolean;
  private readonly items: readonly ItemPattern[];
  private readonly secrets: readonly RegExp[];
  /** Capture groups of each idempotent rule, and the key of a rule without any. */
  private readonly idempotentGroups: readonly number[];
  private readonly idempotentPlain: readonly string[];
  private readonly p: {
    readonly sections: Prepared<SectionRule>[];
    readonly persistent: Prepared<PersistentSectionRule>[];
    readonly ordered: Prepared<OrderedSectionRule>[];
    readonly defaults: Prepared<LineMatch>[];
    readonly lists: Prepared<ListRule>[];
    readonly idempotent: Prepared<LineMatch>[];
    readonly negations: Prepared<NegationRule>[];
    readonly removals: Prepared<RemovalRule>[];
    readonly late: Prepared<LineMatch>[];
    readonly objects: { readonly define: Prepared<LineMatch>[]; readonly references: Prepared<ReferenceRule>[] }[];
  };

  constructor(readonly rules: ConfigRules) {
    this.p = {
      sections: prepare(rules.sections),
      persistent: prepare(rules.persistent),
      ordered: prepare(rules.ordered),
      defaults: prepare(rules.defaults),
      lists: prepare(rules.lists),
      idempotent: prepare(rules.idempotent),
      negations: prepare(rules.negations),
      removals: prepare(rules.removals),
      late: prepare(rules.late),
      objects: rules.objects.map((o) => ({ define: prepare(o.define), references: prepare(o.references ?? []) })),
    };
    this.terminators = new Set(rules.terminators);
    this.terminatorMax = Math.max(0, ...rules.terminators.map((t) => t.length));
    this.plain = rules.comments.filter((p) => p !== '' && !/\s/.test(p));
    this.plainComments = this.plain.length === rules.comments.length;
    this.items = rules.lists
      .filter((r) => (r.mode ?? 'expand') === 'expand')
      .map((rule) => ({
        rule,
        scope: prepare([rule])[0] as Prepared<ListRule>,
        head: rule.item.split('{}')[0] as string,
        regex: new RegExp(`^${rule.item.split('{}').map(escapeRegex).join('(\\d+)')}$`),
      }));
    this.idempotentGroups = rules.idempotent.map((r) => groupCount(r.match));
    this.idempotentPlain = rules.idempotent.map((_r, i) => `${i}\0`);
    this.secrets = rules.secrets.map((r) => new RegExp(r.source, r.flags.includes('g') ? r.flags : `${r.flags}g`));
  }

  isVolatile(text: string): boolean {
    const volatile = this.rules.volatile;
    for (let i = 0; i < volatile.length; i++) if ((volatile[i] as RegExp).test(text)) return true;
    return false;
  }

  /**
   * True when the line whose first non-blank character is at `at` in `source` is a comment,
   * for the prefixes without blanks (the others: {@link plainComments} is false and
   * {@link isComment} must be asked of the normalised text).
   */
  commentAt(source: string, at: number): boolean {
    const plain = this.plain;
    for (let i = 0; i < plain.length; i++) if (source.startsWith(plain[i] as string, at)) return true;
    return false;
  }

  isComment(text: string): boolean {
    const comments = this.rules.comments;
    for (let i = 0; i < comments.length; i++) if (text.startsWith(comments[i] as string)) return true;
    return false;
  }

  /** A line that only closes a section (`exit`, `exit-address-family`). */
  isTerminator(text: string): boolean {
    return text.length <= this.terminatorMax && this.terminators.has(text);
  }

  /** The delimiter when `text` opens a multi-line block, with what follows it on the same line. */
  blockStart(text: string): { delim: string; rest: string } | undefined {
    const blocks = this.rules.blocks;
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i] as (typeof blocks)[number];
      const m = b.start.exec(text);
      const delim = m?.groups?.['delim'];
      if (m && delim) return { delim, rest: text.slice(m.index + m[0].length) };
    }
    return undefined;
  }

  section(text: string, parent: string | undefined): SectionRule | undefined {
    return first(this.p.sections, text, parent);
  }

  /** What to type to leave the section `header` (whose parent header is `parent`). */
  exitFor(header: string, parent: string | undefined): string {
    return this.section(header, parent)?.exit ?? 'exit';
  }

  persistent(text: string, parent: string | undefined): PersistentSectionRule | undefined {
    return first(this.p.persistent, text, parent);
  }

  ordered(text: string, parent: string | undefined): OrderedSectionRule | undefined {
    return first(this.p.ordered, text, parent);
  }

  isDefault(text: string, parent: string | undefined): boolean {
    return first(this.p.defaults, text, parent) !== undefined;
  }

  /** The lines a list line stands for (`vlan range 10-11` → `vlan 10`, `vlan 11`); `undefined` when not a list. */
  expandList(text: string, parent: string | undefined): { rule: ListRule; lines: string[] } | undefined {
    const lists = this.p.lists;
    for (let i = 0; i < lists.length; i++) {
      const p = lists[i] as Prepared<ListRule>;
      if (!applies(p, text, parent)) continue;
      const rule = p.rule;
      const list = rule.match.exec(text)?.groups?.['list'];
      const items = list === undefined ? undefined : parseList(list);
      if (!items) continue;
      if (rule.mode === 'canonical') return { rule, lines: [rule.item.replace('{}', formatList(items))] };
      const sorted = isAscending(items) ? items : [...new Set(items)].sort(byNumber);
      // `item` is cut around its `{}` once, not searched per item (an item without `{}` stands for itself).
      const at = rule.item.indexOf('{}');
      const head = rule.item.slice(0, at);
      const tail = rule.item.slice(at + 2);
      const lines: string[] = [];
      for (const n of sorted) lines.push(at < 0 ? rule.item : head + n + tail);
      return { rule, lines };
    }
    return undefined;
  }

  /** When `text` adds to or removes from a canonical list (`… vlan add 30`): the rule, the change and its items. */
  listChange(text: string, parent: string | undefined): { rule: ListRule; adds: boolean; items: number[] } | undefined {
    const lists = this.p.lists;
    for (let i = 0; i < lists.length; i++) {
      const p = lists[i] as Prepared<ListRule>;
      const rule = p.rule;
      if (rule.mode !== 'canonical' || !inScope(p, parent)) continue;
      for (let pass = 0; pass < 2; pass++) {
        const adds = pass === 0;
        const list = (adds ? rule.extendedBy : rule.shrunkBy)?.exec(text)?.groups?.['list'];
        const items = list === undefined ? undefined : parseList(list);
        if (items) return { rule, adds, items };
      }
    }
    return undefined;
  }

  /** The items of a canonical list line of `rule`, or `undefined` when `text` is not one. */
  listItems(rule: ListRule, text: string): number[] | undefined {
    const list = rule.match.exec(text)?.groups?.['list'];
    return list === undefined ? undefined : parseList(list);
  }

  /** When `text` is one item of a collapsible list rule: the rule and the item. */
  listItem(text: string, parent: string | undefined): { rule: ListRule; item: number } | undefined {
    const patterns = this.items;
    for (let i = 0; i < patterns.length; i++) {
      const p = patterns[i] as ItemPattern;
      if (p.rule.collapsed === undefined || !text.startsWith(p.head)) continue;
      const m = p.regex.exec(text);
      if (m && inScope(p.scope, parent)) return { rule: p.rule, item: Number(m[1]) };
    }
    return undefined;
  }

  /** Lines with the same key in the same section replace each other; `undefined` when the line is not idempotent. */
  idempotentKey(text: string, parent: string | undefined): string | undefined {
    const list = this.p.idempotent;
    for (let i = 0; i < list.length; i++) {
      const p = list[i] as Prepared<LineMatch>;
      if (!applies(p, text, parent)) continue;
      // A rule without groups gives every line one key: no second match needed.
      if (!this.idempotentGroups[i]) return this.idempotentPlain[i];
      const m = p.rule.match.exec(text) as RegExpExecArray;
      return `${i}\0${m.slice(1).join('\0')}`;
    }
    return undefined;
  }

  /** The command that undoes `text`: a negation rule, else `X` for a line `no X`, else `no LINE`. */
  negate(text: string, parent: string | undefined): string {
    const r = first(this.p.negations, text, parent);
    if (r) return expandTemplate(r.negate, r.match.exec(text) as RegExpExecArray, text);
    if (text.startsWith('no ')) return text.slice(3);
    return `no ${text}`;
  }

  /** The line a non-`no` removal command (`… remove 20`) removes. */
  removalTarget(command: string, parent: string | undefined): string | undefined {
    const r = first(this.p.removals, command, parent);
    return r ? expandTemplate(r.removes, r.match.exec(command) as RegExpExecArray, command) : undefined;
  }

  /** Objects defined by a line at `path` (the headers of its section). */
  defines(text: string, path: readonly string[]): readonly ObjectUse[] {
    const sink = new UseList();
    this.scanUses(text, path, true, false, sink);
    return sink.out ?? NO_USES;
  }

  /** Objects a line at `path` refers to. */
  references(text: string, path: readonly string[]): readonly ObjectUse[] {
    const sink = new UseList();
    this.scanUses(text, path, false, true, sink);
    return sink.out ?? NO_USES;
  }

  /**
   * The keys of the objects a line at `path` defines and refers to, in one pass over the
   * rules and without an {@link ObjectUse} per object: what ordering asks of every command.
   */
  objectKeys(text: string, path: readonly string[], into: UseSink): void {
    this.scanUses(text, path, true, true, into);
  }

  private scanUses(text: string, path: readonly string[], defs: boolean, refs: boolean, sink: UseSink): void {
    const parent = path.length ? path[path.length - 1] : undefined;
    const objects = this.rules.objects;
    for (let k = 0; k < objects.length; k++) {
      const o = objects[k] as ObjectRule;
      const prepared = this.p.objects[k] as (typeof this.p.objects)[number];
      for (let pass = 0; pass < 2; pass++) {
        const def = pass === 0;
        if (def ? !defs : !refs) continue;
        const rules: readonly Prepared<LineMatch | ReferenceRule>[] = def ? prepared.define : prepared.references;
        for (let i = 0; i < rules.length; i++) {
          const pr = rules[i] as Prepared<LineMatch | ReferenceRule>;
          if (!applies(pr, text, parent)) continue;
          const r = pr.rule;
          const m = r.match.exec(text) as RegExpExecArray;
          const scope = o.scope === 'top' ? (path[0] ?? '') : o.scope === 'parent' ? path.join('\n') : '';
          if ('list' in r && r.list) {
            // A list of names: the first group that took part.
            let first = '';
            for (let g = 1; g < m.length; g++) {
              const part = m[g];
              if (part !== undefined) {
                first = part;
                break;
              }
            }
            for (const n of parseList(first) ?? []) {
              const name = String(n);
              sink.use(o, `${k}\0${scope}\0${name}`, name, def);
            }
          } else {
            // The captured groups that took part, joined by spaces.
            let name: string | undefined;
            for (let g = 1; g < m.length; g++) {
              const part = m[g];
              if (part !== undefined) name = name === undefined ? part : `${name} ${part}`;
            }
            name ??= '';
            sink.use(o, `${k}\0${scope}\0${name}`, name, def);
          }
        }
      }
    }
  }

  isLate(text: string, parent: string | undefined): boolean {
    return first(this.p.late, text, parent) !== undefined;
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
