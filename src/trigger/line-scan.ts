/**
 * Finds the lines worth parsing in a buffer of log bytes without decoding the rest. A
 * DHCP server's log is mostly DISCOVER/OFFER/REQUEST lines; searching the raw bytes for
 * the few keywords (a native memmem per keyword) and decoding only the lines around the
 * hits is what makes replay run at millions of lines per second.
 */

/** Keywords as byte strings, ready for Buffer.indexOf. */
export function keywordBytes(keywords: readonly string[]): Buffer[] {
  return keywords.map((k) => Buffer.from(k, 'utf8'));
}

/**
 * Calls `fn(lineStart, lineEnd)` (lineEnd at the `\n`, exclusive) for every line within
 * `buf[start, end)` that contains one of `keywords`, in order, each line once. `end` must
 * be at a line boundary (just after a `\n`, or the end of complete data).
 */
export function forEachCandidateLine(buf: Buffer, start: number, end: number, keywords: readonly Buffer[], fn: (lineStart: number, lineEnd: number) => void): void {
  const next = keywords.map((k) => indexIn(buf, k, start, end));
  let pos = start;
  for (;;) {
    let hit = -1;
    for (let i = 0; i < next.length; i++) {
      let n = next[i]!;
      if (n !== -1 && n < pos) {
        n = indexIn(buf, keywords[i]!, pos, end);
        next[i] = n;
      }
      if (n !== -1 && (hit === -1 || n < hit)) hit = n;
    }
    if (hit === -1) return;
    const lineStart = hit === start ? start : Math.max(start, buf.lastIndexOf(10, hit - 1) + 1);
    let lineEnd = buf.indexOf(10, hit);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    fn(lineStart, lineEnd);
    pos = lineEnd + 1;
    if (pos >= end) return;
  }
}

function indexIn(buf: Buffer, needle: Buffer, from: number, end: number): number {
  const i = buf.indexOf(needle, from);
  return i === -1 || i + needle.length > end ? -1 : i;
}

/** Decodes a line, dropping a trailing `\r` (CRLF logs). */
export function decodeLine(buf: Buffer, lineStart: number, lineEnd: number): string {
  const end = lineEnd > lineStart && buf[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
  return buf.toString('utf8', lineStart, end);
}
