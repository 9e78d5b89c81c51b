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
  | { readonly kind: 'kw'; readonly words: readonly string[] }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'WORD' | 'LINE' | 'IP' | 'PREFIX' | 'VLANS' | 'HASH' | 'IF' | 'PORT' };

/** One command of one mode, as data. `E` is the dialect's effect type. */
export interface RuleSpec<E extends string = string> {
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

/** A rule compiled into matchers; optional groups become separate variants. */
export interface CompiledRule<E extends string = string> {
  readonly spec: RuleSpec<E>;
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
  | { readonly kind: 'ok'; readonly rule: CompiledRule<E>; readonly values: readonly string[]; readonly negated: boolean }
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
  return { kind: 'kw', words: tok.split('|') };
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
export function compileRules<E extends string>(specs: readonly RuleSpec<E>[]): CompiledRule<E>[] {
  const out: CompiledRule<E>[] = [];
  specs.forEach((spec, rank) => {
    for (const variant of expandOptional(spec.p)) {
      const matchers = variant.map(parseMatcher);
      out.push({ spec, rank, matchers, key: Math.min(spec.key ?? matchers.length, matchers.length) });
    }
  });
  return out;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

type TokenMatch = { readonly value: string; readonly kw?: { readonly exact: boolean } };

/** Keyword matches of one token: the exact word, or every word it is a prefix of (the caller decides ambiguity). */
function matchKeyword(words: readonly string[], text: string): TokenMatch[] {
  const lower = text.toLowerCase();
  const exact = words.find((w) => w.toLowerCase() === lower);
  if (exact !== undefined) return [{ value: exact, kw: { exact: true } }];
  return words.filter((w) => w.toLowerCase().startsWith(lower)).map((w) => ({ value: w, kw: { exact: false } }));
}

function matchToken(m: Matcher, text: string, ctx: TokenContext): TokenMatch | undefined {
  switch (m.kind) {
    case 'kw':
      return undefined; // handled by matchKeyword

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

interface Candidate<E extends string> {
  readonly rule: CompiledRule<E>;
  readonly values: string[];
  /** Set when a LINE matcher took the rest of the input. */
  done: boolean;
}

/**
 * Matches `tokens` against `rules`. With `negated`, the tokens follow a `no` and a rule
 * matches when at least its key tokens are given (`no description` whatever followed it).
 */
export function matchRules<E extends string>(
  rules: readonly CompiledRule<E>[],
  tokens: readonly InputToken[],
  line: string,
  ctx: TokenContext,
  negated = false,
): MatchResult<E> {
  let alive: Candidate<E>[] = rules.map((rule) => ({ rule, values: [], done: false }));
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const next: { c: Candidate<E>; kw?: { exact: boolean; word: string } }[] = [];
    const finished: Candidate<E>[] = [];
    for (const c of alive) {
      if (c.done) {
        finished.push(c);
        continue;
      }
      const m = c.rule.matchers[i];
      if (m === undefined) continue;
      if (m.kind === 'LINE') {
        next.push({ c: { rule: c.rule, values: [...c.values, line.slice(tok.start).trim()], done: true } });
        continue;
      }
      const hits = m.kind === 'kw' ? matchKeyword(m.words, tok.text) : [matchToken(m, tok.text, ctx)];
      for (const r of hits) {
        if (r === undefined) continue;
        next.push({ c: { rule: c.rule, values: [...c.values, r.value], done: false }, kw: r.kw ? { ...r.kw, word: r.value } : undefined });
      }
    }
    let kept = next;
    const kws = next.filter((x) => x.kw);
    if (kws.some((x) => x.kw!.exact)) {
      kept = next.filter((x) => !x.kw || x.kw.exact);
    } else if (kws.length === next.length && new Set(kws.map((x) => x.kw!.word.toLowerCase())).size > 1 && finished.length === 0) {
      return { kind: 'ambiguous', text: line.slice(0, tok.start + tok.text.length).trim() };
    }
    if (kept.length === 0 && finished.length === 0) return { kind: 'invalid', offset: tok.start };
    alive = [...finished, ...kept.map((x) => x.c)];
  }
  const n = tokens.length;
  const complete = alive.filter((c) => c.done || (negated ? n >= c.rule.key : c.rule.matchers.length === n));
  if (complete.length === 0) return { kind: 'incomplete' };
  // Prefer an exact-length rule over one whose LINE swallowed the rest; then rule order.
  complete.sort((a, b) => Number(a.done) - Number(b.done) || a.rule.rank - b.rule.rank);
  const best = complete[0]!;
  return { kind: 'ok', rule: best.rule, values: best.values, negated };
}
