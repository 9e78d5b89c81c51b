/**
 * A template failure on its way up through nested partials and helpers: the innermost
 * place that knows the file, line or column fills it in, outer ones keep it.
 */
import Handlebars from 'handlebars';

/** A rendering failure with as much of its place as is known so far. */
export class TemplateFault extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly file: string | undefined = undefined,
    /** What was undefined, for strict-mode misses (`vars.snmp.community`). */
    readonly missing: string | undefined = undefined,
  ) {
    super(message);
  }
}

/** Turns any error thrown while `file` was rendering into a TemplateFault that names a file. */
export function faultIn(err: unknown, file: string, sourceOf: (file: string) => string | undefined): TemplateFault {
  if (err instanceof TemplateFault) {
    return err.file === undefined ? new TemplateFault(err.message, err.line, err.column, file, err.missing) : err;
  }
  if (err instanceof Handlebars.Exception || (err instanceof Error && 'lineNumber' in err)) {
    const e = err as Error & { lineNumber?: number; column?: number };
    const line = e.lineNumber;
    const column = e.column === undefined ? undefined : e.column + 1;
    const strict = /^"(.+?)" not defined in /.exec(e.message);
    if (strict && line !== undefined && column !== undefined) {
      const path = pathAt(sourceOf(file), line, column) ?? strict[1]!;
      return new TemplateFault(`"${path}" is not defined`, line, column, file, path);
    }
    return new TemplateFault(e.message.replace(/ - \d+:\d+$/, ''), line, column, file);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TemplateFault(message, undefined, undefined, file);
}

/** The path expression that starts at `line`:`column` (1-based) of `source`. */
function pathAt(source: string | undefined, line: number, column: number): string | undefined {
  const text = source?.split('\n')[line - 1]?.slice(column - 1);
  const m = text === undefined ? null : /^[@\w.$/[\]-]+/.exec(text);
  return m ? m[0] : undefined;
}
