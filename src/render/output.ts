/**
 * Rendered configs are compared byte for byte (baselines in git, `render --check`), so
 * the output is normalised: `\n` line endings, no trailing whitespace (a switch never
 * prints any), no leading or trailing blank lines, exactly one final newline.
 */

/** Normalises rendered text into its canonical baseline form. */
export function normaliseOutput(text: string): string {
  // Regexes over the whole text: a few times faster than splitting every config into lines.
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const body = lf.replace(/[ \t\f\v]+$/gm, '').replace(/^\n+/, '').replace(/\n+$/, '');
  return body === '' ? '' : `${body}\n`;
}
