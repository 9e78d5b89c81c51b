/**
 * One rule, compiled: regular expressions built once, defaults applied, and a `matches`
 * test that runs per DHCPACK event. `pattern:` and `contains:` see the event's line: one
 * visible line (a hostname's line break ends the hostname, so text smuggled after it is
 * never matched) of at most MAX_LINE characters plus a marker, so a hostile 10 kB
 * hostname cannot make a rule's regex slow.
 */
import { isAbsolute } from 'node:path';
import type { SourceLocation } from '../errors.js';
import type { LeaseEvent } from './types.js';
import { MATCH_FIELDS } from './rules-schema.js';
import { parseDuration } from './values.js';

/** The action words of a rule. */
export type RuleAction = 'reconcile' | 'provision' | 'exec' | 'log';

/** A rule as written in YAML (after the schema check). */
export interface RuleSpec {
  readonly name: string;
  readonly description?: string;
  readonly match?: Readonly<Partial<Record<(typeof MATCH_FIELDS)[number], string>>>;
  readonly pattern?: string;
  readonly contains?: string;
  readonly ignore_case?: boolean;
  readonly action: RuleAction;
  readonly exec?: readonly string[];
  readonly timeout?: string | number;
  readonly message?: string;
  readonly suppress?: string | number;
  readonly continue?: boolean;
}

/** A compiled rule. */
export interface CompiledRule {
  readonly name: string;
  readonly action: RuleAction;
  /** SEC's continue=TakeNext: later rules are tried after this one matched. */
  readonly continue: boolean;
  /** Per-device window in which further matches are suppressed (0: none). */
  readonly suppressMs: number;
  readonly exec?: readonly string[];
  readonly timeoutMs: number;
  readonly message?: string;
  readonly location: SourceLocation;
  matches(event: LeaseEvent): boolean;
}

/** A problem in one field of a rule. */
interface RuleProblem {
  readonly field: string;
  readonly message: string;
  readonly hint?: string;
}

/** Repeated ACKs of one device (boot sequences, renewals) collapse within this window unless a rule says otherwise. */
const DEFAULT_SUPPRESS_MS = 60_000;
/** How long an `exec` action may run unless the rule says otherwise. */
const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

type FieldOf = (e: LeaseEvent) => string;
const FIELD: Readonly<Record<(typeof MATCH_FIELDS)[number], FieldOf>> = {
  type: (e) => e.type,
  ip: (e) => e.ip,
  mac: (e) => e.mac,
  hostname: (e) => e.hostname ?? '',
  circuitId: (e) => e.circuitId ?? '',
  circuit_id: (e) => e.circuitId ?? '',
  relay: (e) => e.relay ?? '',
  iface: (e) => e.iface ?? '',
  source: (e) => e.source,
  server: (e) => e.server ?? '',
};

/** Compiles `spec`; returns every problem found instead when it is not usable. */
export function compileRule(spec: RuleSpec, location: SourceLocation): { rule: CompiledRule } | { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const flags = spec.ignore_case ? 'i' : '';
  const tests: ((e: LeaseEvent) => boolean)[] = [];
  const regex = (source: string, field: string): RegExp | undefined => {
    try {
      return new RegExp(source, flags);
    } catch (err) {
      problems.push({ field, message: `not a valid regular expression: ${(err as Error).message}`, hint: 'rules use JavaScript regular expressions (close to Perl/SEC RegExp)' });
      return undefined;
    }
  };
  for (const [field, source] of Object.entries(spec.match ?? {}) as [(typeof MATCH_FIELDS)[number], string][]) {
    const re = regex(source, `match/${field}`);
    const get = FIELD[field];
    if (re) tests.push((e) => re.test(get(e)));
  }
  if (spec.pattern !== undefined) {
    const re = regex(spec.pattern, 'pattern');
    if (re) tests.push((e) => re.test(e.line));
  }
  if (spec.contains !== undefined) {
    const needle = spec.ignore_case ? spec.contains.toLowerCase() : spec.contains;
    tests.push(spec.ignore_case ? (e) => e.line.toLowerCase().includes(needle) : (e) => e.line.includes(needle));
  }
  if (spec.action === 'exec') {
    if (spec.exec === undefined) problems.push({ field: 'action', message: 'action exec needs an `exec:` list (program and arguments)', hint: "e.g. exec: ['/usr/local/bin/notify', '--quiet']" });
    else if (!isAbsolute(spec.exec[0]!)) {
      problems.push({ field: 'exec/0', message: `program "${spec.exec[0]}" must be an absolute path`, hint: 'the program runs without a shell and with a minimal PATH; write /usr/local/bin/…' });
    }
  } else if (spec.exec !== undefined) {
    problems.push({ field: 'exec', message: `\`exec:\` only applies to action exec (this rule's action is ${spec.action})` });
  }
  const suppressMs = spec.suppress === undefined ? (spec.action === 'log' ? 0 : DEFAULT_SUPPRESS_MS) : parseDuration(spec.suppress);
  if (suppressMs === undefined) problems.push({ field: 'suppress', message: `"${String(spec.suppress)}" is not a duration`, hint: 'write 30s, 10m, 1h or 0' });
  const timeoutMs = spec.timeout === undefined ? DEFAULT_EXEC_TIMEOUT_MS : parseDuration(spec.timeout);
  if (timeoutMs === undefined || timeoutMs === 0) problems.push({ field: 'timeout', message: `"${String(spec.timeout)}" is not a usable timeout`, hint: 'write 30s, 5m, …' });
  if (problems.length > 0) return { problems };
  // An event marked invalid (an address no lease can be for) is refused, never acted on:
  // no rule matches it, whatever the engine does before the rules.
  const test = tests.length === 0 ? undefined : tests.length === 1 ? tests[0]! : (e: LeaseEvent) => tests.every((t) => t(e));
  const matches = test === undefined ? (e: LeaseEvent) => e.invalid === undefined : (e: LeaseEvent) => e.invalid === undefined && test(e);
  return {
    rule: {
      name: spec.name,
      action: spec.action,
      continue: spec.continue === true,
      suppressMs: suppressMs!,
      ...(spec.exec ? { exec: [...spec.exec] } : {}),
      timeoutMs: timeoutMs!,
      ...(spec.message !== undefined ? { message: spec.message } : {}),
      location,
      matches,
    },
  };
}
