/**
 * Rendered configs are compared byte for byte (baselines in git, `render --check`), so
 * the output is normalised: `\n` line endings, no trailing whitespace (a switch never
 * prints any), no leading or trailing blank lines, exactly one final newline.
 */

/** Normalises rendered text into its canonical baseline form. */
export function normaliseOutput(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) lines[i] = lines[i]!.trimEnd();
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return start === end ? '' : `${lines.slice(start, end).join('\n')}\n`;
}
