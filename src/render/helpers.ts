/**
 * The helpers a switch config template needs. Each is a plain function (unit-tested on
 * its own); registration wraps it so that a failure names the template line it was
 * called from.
 */
import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import { cidr, ipAddr, netmask, network, prefixLen, wildcard } from './ip.js';
import { portRange } from './ports.js';
import { vlanExpand, vlanList } from './vlans.js';
import { TemplateFault } from './fault.js';


/** Indents every non-empty line of `text` by `n` spaces (block form: the block's content). */
export function indent(n: unknown, text: unknown): string {
  const count = Number(n);
  if (!Number.isInteger(count) || count < 0) throw new Error(`indent width ${String(n)} is not a whole number`);
  const pad = ' '.repeat(count);
  return String(text ?? '')
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** Joins a list with `sep` (default `,`). */
export function join(list: unknown, sep: unknown): string {
  if (!Array.isArray(list)) throw new Error(`${JSON.stringify(list)} is not a list`);
  return list.map(String).join(typeof sep === 'string' ? sep : ',');
}

/** Equality that treats `10` and `"10"` alike (YAML map keys are strings). */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const mixed = (typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number');
  return mixed && String(a) === String(b);
}

/** `value` unless it is undefined, null or empty; then `fallback`. */
export function fallback(value: unknown, otherwise: unknown): unknown {
  return value === undefined || value === null || value === '' ? otherwise : value;
}

type Plain = (...args: unknown[]) => unknown;

/** The helpers by name: positional arguments only (Handlebars' options object is stripped). */
const HELPERS: Readonly<Record<string, Plain>> = Object.freeze({
  vlanList: (v) => vlanList(v),
  vlanExpand: (v) => vlanExpand(v),
  portRange: (v) => portRange(v),
  ipAddr: (v) => ipAddr(v),
  prefixLen: (v) => prefixLen(v),
  netmask: (v) => netmask(v),
  wildcard: (v) => wildcard(v),
  network: (v) => network(v),
  cidr: (a, l) => cidr(a, l),
  join: (l, s) => join(l, s),
  eq: (a, b) => eq(a, b),
  default: (v, o) => fallback(v, o),
});

/** Registers the helpers on a Handlebars environment. */
export function registerHelpers(env: typeof Handlebars): void {
  for (const [name, fn] of Object.entries(HELPERS)) {
    env.registerHelper(name, (...args: unknown[]) => {
      const options = args.pop() as HelperOptions & { loc?: { start: { line: number; column: number } } };
      return guarded(name, options, () => fn(...args));
    });
  }
  // `{{indent 2 text}}` or `{{#indent 2}}…{{/indent}}`.
  env.registerHelper('indent', function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as HelperOptions & { loc?: { start: { line: number; column: number } } };
    return guarded('indent', options, () => indent(args[0], typeof options.fn === 'function' ? options.fn(this) : args[1]));
  });
}

function guarded(name: string, options: { loc?: { start: { line: number; column: number } } }, run: () => unknown): unknown {
  try {
    return run();
  } catch (err) {
    // Failures inside a block helper's content already carry their own place.
    if (err instanceof TemplateFault || (err instanceof Error && 'lineNumber' in err)) throw err;
    const start = options.loc?.start;
    throw new TemplateFault(`${name}: ${(err as Error).message}`, start?.line, start === undefined ? undefined : start.column + 1);
  }
}
