/**
 * The grammar of a simulated CLI: command patterns as data, compiled once, and a matcher
 * that answers like a Cisco-style parser — unique keyword prefixes expand (`sh run`),
 * a token that fits nothing gets the caret, a known command cut short is incomplete, a
 * prefix of two keywords is ambiguous. Nothing outside the grammar is accepted.
 *
 * Pattern language (tokens separated by spaces):
 *   word        a keyword, matched case-insensitively by unique prefix, printed as written
 *   a|b         one of several keywords
 *   <lo-hi>     an integer in range
 *   WORD        any one token            LINE  the rest of the line (at least one token)
 *   IP          IPv4 address             PREFIX  IPv4 address/length
 *   VLANS       VLAN list (10,20,30-32)  HASH  an MD5-crypt hash ($1$salt$…)
 *   IF          an interface name of the dialect (normalised: `gi0/1` → GigabitEthernet0/1)
 *   PORT        a unit/port pair of the dialect (`1/5`)
 *   [ … ]       an optional group (expanded into variants when compiled)
 */
import { parseVlanList, collapseVlanList } from './vlan-list.js';
import { isMd5CryptHash } from './md5-crypt.js';

/** Dialect hooks the matcher needs for interface tokens. */
export interface TokenContext {
  /** Canonical interface name for a typed one, or undefined when not an interface of this device. */
  normaliseInterface(text: string): string | undefined;
  /** Canonical `unit/port` for a typed one, or undefined. */
  normalisePort(text: string): string | undefined;
}

type Matcher =
  | { readonly kind: 'kw'; readonly words: readonly string[]; readonly lower: readonly string[]; readonly id: string }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'WORD' | 'LINE' | 'IP' | 'PREFIX' | 'VLANS' | 'HASH' | 'IF' | 'PORT' };

/** One command of one mode, as data. `E` is the dialect's effect type. */
export interface CommandSpec<E extends string = string> {
  /** The pattern (see the module comment). */
  readonly p: string;
  /** What executing it does; interpreted by the session (`set` stores the line). */
  readonly do?: E;
  /** How many leading pattern tokens identify the line (a new value replaces the old; `no` needs only these). Default: all. */
  readonly key?: number;
  /** Whether a `no` form exists (config modes). Default true in config modes. */
  readonly no?: boolean;
  /** Top-level ordering category of the printed line or section. */
  readonly cat?: string;
  /** The mode a section command enters. */
  readonly enter?: string;
  /** Exec commands that need privileged (`#`) mode. */
  readonly priv?: boolean;
  /** Sections printed even when they have no children (ACLs). */
  readonly keepEmpty?: boolean;
}

/** A command spec compiled into matchers; optional groups become separate variants. */
export interface CompiledCommand<E extends string = string> {
  readonly spec: CommandSpec<E>;
  /** Position of the rule in its mode's list: the print order of child lines. */
  readonly rank: number;
  readonly matchers: readonly Matcher[];
  readonly key: number;
}

/** A token of the input line with its character offset (for the caret). */
export interface InputToken {
  readonly text: string;
  readonly start: number;
}

/** Outcome of matching one line. */
export type MatchResult<E extends string = string> =
  | { readonly kind: 'ok'; readonly rule: CompiledCommand<E>; readonly values: readonly string[]; readonly negated: boolean }
  | { readonly kind: 'invalid'; readonly offset: number }
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'ambiguous'; readonly text: string };

/** Splits a line into tokens with offsets. */
export function tokenize(line: string): InputToken[] {
  const out: InputToken[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ text: m[0], start: m.index });
  return out;
}

function parseMatcher(tok: string): Matcher {
  const range = /^<(\d+)-(\d+)>$/.exec(tok);
  if (range) return { kind: 'int', min: Number(range[1]), max: Number(range[2]) };
  if (['WORD', 'LINE', 'IP', 'PREFIX', 'VLANS', 'HASH', 'IF', 'PORT'].includes(tok)) {
    return { kind: tok as 'WORD' };
  }
  if (!/^[A-Za-z0-9][\w.-]*(\|[A-Za-z0-9][\w.-]*)*$/.test(tok)) throw new Error(`grammar: bad token ${tok}`);
  const words = tok.split('|');
  return { kind: 'kw', words, lower: words.map((w) => w.toLowerCase()), id: tok };
}

/** Expands `[ … ]` groups (not nested) into every variant, longest first. */
function expandOptional(pattern: string): string[][] {
  const parts = pattern.match(/\[[^\]]*\]|[^\s[\]]+/g) ?? [];
  let variants: string[][] = [[]];
  for (const part of parts) {
    if (part.startsWith('[')) {
      const inner = part.slice(1, -1).trim().split(/\s+/);
      variants = variants.flatMap((v) => [[...v, ...inner], v]);
    } else {
      variants = variants.map((v) => [...v, part]);
    }
  }
  return variants;
}

/** Compiles a mode's rule list. */
export function compileRules<E extends string>(specs: readonly CommandSpec<E>[]): CompiledCommand<E>[] {
  const out: CompiledCommand<E>[] = [];
  specs.forEach((spec, rank) => {
    for (const variant of expandOptional(spec.p)) {
      const matchers = variant.map(parseMatcher);
      out.push({ spec, rank, matchers, key: Math.min(spec.key ?? matchers.length, matchers.length) });
    }
  });
  return out;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

type TokenMatch = { readonly value: string; readonly kw?: { readonly exact: boolean; readonly word: string } };

/** Keyword matches of one token: the exact word, or every word it is a prefix of (the caller decides ambiguity). */
function matchKeyword(m: Extract<Matcher, { kind: 'kw' }>, lower: string): TokenMatch[] {
  const exact = m.lower.indexOf(lower);
  if (exact >= 0) return [{ value: m.words[exact]!, kw: { exact: true, word: m.words[exact]! } }];
  const out: TokenMatch[] = [];
  m.lower.forEach((w, i) => {
    if (w.startsWith(lower)) out.push({ value: m.words[i]!, kw: { exact: false, word: m.words[i]! } });
  });
  return out;
}

function matchToken(m: Exclude<Matcher, { kind: 'kw' }>, text: string, ctx: TokenContext): TokenMatch | undefined {
  switch (m.kind) {
    case 'int': {
      if (!/^\d{1,10}$/.test(text)) return undefined;
      const n = Number(text);
      return n >= m.min && n <= m.max ? { value: String(n) } : undefined;
    }
    case 'WORD':
      return { value: text };
    case 'IP':
      return IPV4.test(text) ? { value: text } : undefined;
    case 'PREFIX': {
      const [ip, len, extra] = text.split('/');
      if (extra !== undefined || ip === undefined || len === undefined || !IPV4.test(ip) || !/^\d{1,2}$/.test(len) || Number(len) > 32) return undefined;
      return { value: `${ip}/${Number(len)}` };
    }
    case 'VLANS': {
      const ids = parseVlanList(text);
      return ids ? { value: collapseVlanList(ids) } : undefined;
    }
    case 'HASH':
      return isMd5CryptHash(text) ? { value: text } : undefined;
    case 'IF': {
      const v = ctx.normaliseInterface(text);
      return v === undefined ? undefined : { value: v };
    }
    case 'PORT': {
      const v = ctx.normalisePort(text);
      return v === undefined ? undefined : { value: v };
    }
    case 'LINE':
      return undefined; // handled by the caller: it takes the rest of the line
  }
}

/** A rule still in the race, with the canonical values matched so far (a linked list: no copying per token). */
interface Candidate<E extends string> {
  readonly rule: CompiledCommand<E>;
  readonly value: string;
  readonly prev: Candidate<E> | undefined;
  readonly length: number;
  /** Set when a LINE matcher took the rest of the input. */
  readonly done: boolean;
  readonly kw: TokenMatch['kw'];
}

function valuesOf<E extends string>(c: Candidate<E>): string[] {
  const out = new Array<string>(c.length);
  for (let x: Candidate<E> | undefined = c; x; x = x.prev) out[x.length - 1] = x.value;
  return out;
}

/** Rules of a mode grouped by their first keyword, so a line starts with a few candidates, not all. */
interface FirstWordIndex<E extends string> {
  readonly words: readonly string[];
  readonly byWord: ReadonlyMap<string, readonly CompiledCommand<E>[]>;
  /** Rules whose first token is an argument (`10 permit …`): always candidates. */
  readonly others: readonly CompiledCommand<E>[];
}

const indexes = new WeakMap<readonly CompiledCommand<string>[], FirstWordIndex<string>>();

function firstWordIndex<E extends string>(rules: readonly CompiledCommand<E>[]): FirstWordIndex<E> {
  let idx = indexes.get(rules) as FirstWordIndex<E> | undefined;
  if (idx) return idx;
  const byWord = new Map<string, CompiledCommand<E>[]>();
  const others: CompiledCommand<E>[] = [];
  for (const r of rules) {
    const m = r.matchers[0];
    if (m?.kind !== 'kw') {
      others.push(r);
      continue;
    }
    for (const w of m.lower) {
      const list = byWord.get(w) ?? [];
      if (!list.includes(r)) list.push(r);
      byWord.set(w, list);
    }
  }
  idx = { words: [...byWord.keys()], byWord, others };
  indexes.set(rules, idx as FirstWordIndex<string>);
  return idx;
}

/** The rules that can match a line starting with `first`, in rule order. */
function candidatesFor<E extends string>(rules: readonly CompiledCommand<E>[], first: string | undefined): readonly CompiledCommand<E>[] {
  if (first === undefined) return rules;
  const idx = firstWordIndex(rules);
  const lower = first.toLowerCase();
  const picked = new Set<CompiledCommand<E>>(idx.others);
  const exact = idx.byWord.get(lower);
  for (const w of exact ? [lower] : idx.words.filter((x) => x.startsWith(lower))) for (const r of idx.byWord.get(w)!) picked.add(r);
  return picked.size === rules.length ? rules : rules.filter((r) => picked.has(r));
}

/**
 * Matches `tokens` against `rules`. With `negated`, the tokens follow a `no` and a rule
 * matches when at least its key tokens are given (`no description` whatever followed it).
 */
export function matchRules<E extends string>(
  rules: readonly CompiledCommand<E>[],
  tokens: readonly InputToken[],
  line: string,
  ctx: TokenContext,
  negated = false,
): MatchResult<E> {
  let alive: (Candidate<E> | { readonly rule: CompiledCommand<E>; readonly start: true })[] = candidatesFor(rules, tokens[0]?.text).map((rule) => ({
    rule,
    start: true as const,
  }));
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const lower = tok.text.toLowerCase();
    // Many rules share a keyword at a position: match each keyword set once per token.
    const kwCache = new Map<string, TokenMatch[]>();
    const next: Candidate<E>[] = [];
    const finished: Candidate<E>[] = [];
    for (const c of alive) {
      const prev = 'start' in c ? undefined : c;
      if (prev?.done) {
        finished.push(prev);
        continue;
      }
      const m = c.rule.matchers[i];
      if (m === undefined) continue;
      if (m.kind === 'LINE') {
        next.push({ rule: c.rule, value: line.slice(tok.start).trim(), prev, length: i + 1, done: true, kw: undefined });
        continue;
      }
      let hits: (TokenMatch | undefined)[];
      if (m.kind === 'kw') {
        let cached = kwCache.get(m.id);
        if (!cached) kwCache.set(m.id, (cached = matchKeyword(m, lower)));
        hits = cached;
      } else {
        hits = [matchToken(m, tok.text, ctx)];
      }
      for (const r of hits) {
        if (r !== undefined) next.push({ rule: c.rule, value: r.value, prev, length: i + 1, done: false, kw: r.kw });
      }
    }
    let kept = next;
    let exact = false;
    let allKw = true;
    const words = new Set<string>();
    for (const x of next) {
      if (x.done || !x.kw) {
        allKw = false;
        continue;
      }
      if (x.kw.exact) exact = true;
      words.add(x.kw.word.toLowerCase());
    }
    if (exact) {
      kept = next.filter((x) => !x.kw || x.kw.exact);
    } else if (allKw && words.size > 1 && finished.length === 0) {
      return { kind: 'ambiguous', text: line.slice(0, tok.start + tok.text.length).trim() };
    }
    if (kept.length === 0 && finished.length === 0) return { kind: 'invalid', offset: tok.start };
    alive = finished.length ? [...finished, ...kept] : kept;
  }
  const n = tokens.length;
  const complete: Candidate<E>[] = [];
  for (const c of alive) {
    if ('start' in c) continue;
    if (c.done || (negated ? n >= c.rule.key : c.rule.matchers.length === n)) complete.push(c);
  }
  if (complete.length === 0) return { kind: 'incomplete' };
  // Prefer an exact-length rule over one whose LINE swallowed the rest; then rule order.
  complete.sort((a, b) => Number(a.done) - Number(b.done) || a.rule.rank - b.rule.rank);
  const best = complete[0]!;
  return { kind: 'ok', rule: best.rule, values: valuesOf(best), negated };
}
