/**
 * The one error base of Switchyard. Every error a user can act on carries a stable `code`
 * (match on it, never on message text), a message saying what went wrong, and where it
 * helps a `hint` saying what to try next. Input errors carry a source location.
 *
 * The CLI's single top-level catch prints a SwitchyardError without a stack; anything
 * else is a bug and is reported as one.
 */

/** A place in a user's file: 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** Stable error codes. Add new ones here; never rename one (scripts match on them). */
export type ErrorCode =
  | 'USAGE'
  | 'INPUT_INVALID' // one or more problems in the user's project (inventory, templates, rules)
  | 'INVENTORY_YAML'
  | 'INVENTORY_SCHEMA'
  | 'INVENTORY_REFERENCE'
  | 'UNKNOWN_SITE'
  | 'UNKNOWN_DEVICE'
  | 'UNKNOWN_PLATFORM'
  | 'TEMPLATE_SYNTAX'
  | 'TEMPLATE_RENDER'
  | 'TEMPLATE_NOT_FOUND'
  | 'SECRET_UNRESOLVED'
  | 'BASELINE_STALE'
  | 'CONFIG_PARSE'
  | 'DEVICE_CONNECT'
  | 'DEVICE_AUTH'
  | 'DEVICE_HOSTKEY'
  | 'DEVICE_TIMEOUT'
  | 'DEVICE_DISCONNECTED'
  | 'COMMAND_REJECTED'
  | 'LOCK_HELD'
  | 'RULES_INVALID'
  | 'STATE_IO'
  | 'NOT_CONVERGED'
  | 'DEVICE_UNSUPPORTED'
  | 'CONFIG_PREDICT' // a command the config engine's model of the device would refuse
  | 'ENDPOINTS_INVALID'; // problems in an --endpoints file (unknown device, malformed address or port)

interface SwitchyardErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
  readonly location?: SourceLocation;
}

/** Base class of every error Switchyard reports to a user. */
export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(code: ErrorCode, message: string, options: SwitchyardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }
}

/** One problem found in user input, reported together with its siblings. */
export interface InputProblem {
  readonly location: SourceLocation;
  /** JSON pointer into the loaded document, e.g. `/devices/sw1/mgmt/host`; may be empty. */
  readonly path?: string;
  readonly message: string;
  readonly hint?: string;
}

/** Formats `file:line:col` (omitting what is unknown). */
export function formatLocation(loc: SourceLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
  }
  return s;
}

/** Formats one problem as users see it: `file:line:col  /json/path  message` (+ hint line). */
export function formatProblem(p: InputProblem): string {
  const head = [formatLocation(p.location), p.path, p.message].filter((x) => x !== undefined && x !== '').join('  ');
  return p.hint ? `${head}\n    hint: ${p.hint}` : head;
}

/**
 * All problems found in one pass over the user's input. Collected, sorted by place, and
 * thrown once, so a user fixes everything in one go instead of one error per run.
 */
export class InputErrors extends SwitchyardError {
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[], code: ErrorCode = 'INPUT_INVALID') {
    const sorted = [...problems].sort(compareProblems);
    super(code, sorted.map(formatProblem).join('\n'));
    this.problems = sorted;
  }
}

function compareProblems(a: InputProblem, b: InputProblem): number {
  return (
    a.location.file.localeCompare(b.location.file) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    a.message.localeCompare(b.message)
  );
}
