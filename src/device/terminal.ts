/**
 * A minimal terminal model for what switches print into a pty: `\r\n` line ends, lone `\r`
 * (cursor to column 0, then overwrite), backspaces, and ANSI escape sequences. Switches
 * erase a pager marker with `\r` + spaces + `\r`, or with backspaces, or with `ESC[K`; what
 * a human would see on the screen is what the session should parse, so this folds those
 * edits into plain lines instead of leaving control bytes in the config text.
 */

const ESC = '\x1b';
// Anything that needs the slow path: a lone CR, backspace, escape, bell.
// eslint-disable-next-line no-control-regex -- control bytes are what this file is about
const NEEDS_EMULATION = /[\r\b\x1b\x07\x00]/;

/** Cleans a stream of terminal output into lines; feed chunks in order. */
export class Screen {
  /** Committed text (complete lines, each ending in `\n`) not yet taken. */
  private committed: string[] = [];
  /** The current, uncommitted line (where a prompt or a pager marker sits). */
  private line = '';
  /** Cursor column within `line` (only moves away from the end after `\r` / `\b` / CSI). */
  private cursor = 0;
  /** An escape sequence or a `\r` cut by a chunk boundary, completed by the next chunk. */
  private carry = '';
  /** The current line was edited in place (`\r`, backspace, cursor movement). */
  private dirty = false;

  /** Feeds one chunk of decoded output. */
  feed(chunk: string): void {
    let text = this.carry + chunk;
    this.carry = '';
    // Hold back a trailing `\r` (its `\n` may be in the next chunk) and a cut escape sequence.
    const cut = incompleteTail(text);
    if (cut > 0) {
      this.carry = text.slice(text.length - cut);
      text = text.slice(0, text.length - cut);
    }
    text = text.replace(/\r+\n/g, '\n');
    if (!this.dirty && !NEEDS_EMULATION.test(text)) {
      this.appendPlain(text);
      return;
    }
    this.emulate(text);
  }

  /** The current line: a prompt, a pager marker or a question sits here. */
  currentLine(): string {
    return this.line;
  }

  /** Replaces the current line (used to drop a pager marker once answered). */
  setCurrentLine(text: string): void {
    this.line = text;
    this.cursor = text.length;
    this.dirty = true;
  }

  /** Returns the committed lines since the last call and forgets them. */
  takeCommitted(): string {
    const out = this.committed.join('');
    this.committed = [];
    return out;
  }

  /** Fast path: no control characters, cursor at end of line. */
  private appendPlain(text: string): void {
    const lastNl = text.lastIndexOf('\n');
    if (lastNl < 0) {
      this.line += text;
      this.cursor = this.line.length;
      return;
    }
    this.committed.push(this.line + text.slice(0, lastNl + 1));
    this.line = text.slice(lastNl + 1);
    this.cursor = this.line.length;
  }

  private emulate(text: string): void {
    let i = 0;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '\n') {
        this.commitLine();
        i++;
      } else if (c === '\r') {
        this.cursor = 0;
        this.dirty = true;
        i++;
      } else if (c === '\b') {
        if (this.cursor > 0) this.cursor--;
        this.dirty = true;
        i++;
      } else if (c === ESC) {
        i = this.escape(text, i);
      } else if (c === '\x07' || c === '\x00') {
        i++;
      } else {
        // Run of printable characters: overwrite from the cursor.
        let j = i + 1;
        // eslint-disable-next-line no-control-regex -- control bytes are what this file is about
        while (j < text.length && !/[\n\r\b\x1b\x07\x00]/.test(text[j] as string)) j++;
        this.write(text.slice(i, j));
        i = j;
      }
    }
  }

  private write(s: string): void {
    if (this.cursor === this.line.length) this.line += s;
    else this.line = this.line.slice(0, this.cursor) + s + this.line.slice(this.cursor + s.length);
    this.cursor += s.length;
  }

  private commitLine(): void {
    // A line edited in place (a pager marker overwritten with spaces) keeps trailing blanks
    // that the device never meant as content.
    this.committed.push((this.dirty ? this.line.trimEnd() : this.line) + '\n');
    this.line = '';
    this.cursor = 0;
    this.dirty = false;
  }

  /** Handles one escape sequence at `start`; returns the index after it. */
  private escape(text: string, start: number): number {
    const next = text[start + 1];
    if (next === '[') {
      let j = start + 2;
      while (j < text.length && !/[\x40-\x7e]/.test(text[j] as string)) j++;
      const params = text.slice(start + 2, j);
      const final = text[j];
      const n = Math.max(1, Number.parseInt(params, 10) || 1);
      this.dirty = true;
      if (final === 'K') {
        // Erase in line: 0 (default) = cursor to end, 1 = start to cursor, 2 = whole line.
        if (params === '' || params === '0') this.line = this.line.slice(0, this.cursor);
        else if (params === '2') this.line = ' '.repeat(this.cursor);
      } else if (final === 'D') this.cursor = Math.max(0, this.cursor - n);
      else if (final === 'C') {
        this.cursor += n;
        if (this.cursor > this.line.length) this.line = this.line.padEnd(this.cursor);
      } else if (final === 'G') {
        this.cursor = Math.max(0, n - 1);
        if (this.cursor > this.line.length) this.line = this.line.padEnd(this.cursor);
      }
      // Colours, cursor save/restore and the rest change nothing we parse.
      return j + 1;
    }
    if (next === ']') {
      // OSC: up to BEL or ESC \.
      const bel = text.indexOf('\x07', start);
      const st = text.indexOf(`${ESC}\\`, start);
      const end = bel < 0 ? st : st < 0 ? bel : Math.min(bel, st);
      return end < 0 ? text.length : end + (end === st ? 2 : 1);
    }
    // Two-byte sequences (ESC =, ESC >, ESC 7, ESC 8, ESC ( B …).
    if (next === '(' || next === ')') return start + 3;
    return start + 2;
  }
}

/** Length of a tail that cannot be interpreted yet: a final `\r`, or an unfinished escape sequence. */
function incompleteTail(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  if (text[n - 1] === '\r') return 1;
  const esc = text.lastIndexOf(ESC);
  if (esc < 0 || n - esc > 32) return 0;
  const next = text[esc + 1];
  if (next === undefined) return n - esc;
  if (next === '[') {
    for (let j = esc + 2; j < n; j++) if (/[\x40-\x7e]/.test(text[j] as string)) return 0;
    return n - esc;
  }
  if (next === ']') return text.indexOf('\x07', esc) < 0 && text.indexOf(`${ESC}\\`, esc) < 0 ? n - esc : 0;
  if ((next === '(' || next === ')') && esc + 2 >= n) return n - esc;
  return 0;
}
