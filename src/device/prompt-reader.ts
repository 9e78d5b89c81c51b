/**
 * Reads a shell channel up to the next prompt: feeds output through the terminal model,
 * answers pager markers and questions on the way, keeps the masked transcript, and turns
 * silence into a DEVICE_TIMEOUT that says what it waited for and what it saw last.
 */
import type { CliRules } from '../platforms/cli-rules.js';
import { DeviceError, tail } from './errors.js';
import type { Masker } from './masking.js';
import { Screen } from './terminal.js';
import type { ShellChannel } from './transport.js';

/** A question seen on the current line: return the keys to send, an error to fail with, or undefined to keep waiting. */
export type QuestionHandler = (line: string) => string | DeviceError | undefined;

/** What one wait returned. */
export interface PromptMatch {
  /** Complete lines printed before the prompt (echo included). */
  readonly output: string;
  /** The prompt line. */
  readonly prompt: string;
  /** Hostname read from the prompt. */
  readonly hostname: string;
  /** A nudge (Enter) was sent during the wait: one more prompt may still be on its way. */
  readonly nudged: boolean;
}

/** Options of one wait. */
interface WaitOptions {
  readonly timeoutMs: number;
  /** What the caller waits for, for the timeout message (`the prompt after \`show version\``); built only on timeout. */
  readonly what: () => string;
  /** A prompt only counts once a line ended after the command (the echo): the old prompt is still on screen. */
  readonly afterNewline: boolean;
  readonly onQuestion?: QuestionHandler;
  /** Send a newline once if no prompt came within this many ms (devices that print nothing until Enter). */
  readonly nudgeAfterMs?: number;
}

const TRANSCRIPT_KEEP = 1 << 20;
/** How much of the end of the current line pager and question patterns look at. */
const TAIL = 256;

interface Waiter {
  readonly options: WaitOptions;
  readonly output: string[];
  sawNewline: boolean;
  answeredLine: string | undefined;
  resolve(match: PromptMatch): void;
  reject(err: DeviceError): void;
  timer: NodeJS.Timeout;
  nudge: NodeJS.Timeout | undefined;
  nudged: boolean;
}

/** The reading half of a CLI session. */
export class PromptReader {
  private readonly screen = new Screen();
  private transcriptParts: string[] = [];
  private transcriptSize = 0;
  private waiter: Waiter | undefined;
  /** Set when the channel closed: the transport error, or null for a plain close. */
  private closedCause: Error | null | undefined;
  /** Chunks received so far (to tell silence from output). */
  private received = 0;
  /** The last command sent (unmasked; mask before showing). */
  lastCommand: string | undefined;

  constructor(
    private readonly channel: ShellChannel,
    private readonly rules: CliRules,
    private readonly masker: Masker,
    private readonly where: { readonly host: string; readonly port: number; readonly platform: string },
  ) {
    channel.onData((text) => this.onData(text));
    channel.onClose((err) => this.onClose(err));
  }

  /** Sends `text` followed by the platform's newline, after moving the current line into the transcript. */
  sendLine(text: string): void {
    this.lastCommand = text;
    this.write(text + (this.rules.newline ?? '\n'));
  }

  /** Sends raw keys (pager answers, confirmations). */
  write(keys: string): void {
    if (this.closedCause !== undefined) return;
    // The prompt this line is typed after is history now; a fresh line holds the echo.
    const line = this.screen.currentLine();
    if (line !== '') {
      this.record(line);
      this.screen.setCurrentLine('');
    }
    this.channel.write(keys);
  }

  /** Waits for the next prompt. */
  waitForPrompt(options: WaitOptions): Promise<PromptMatch> {
    if (this.closedCause !== undefined) return Promise.reject(this.closedError());
    if (this.waiter !== undefined) return Promise.reject(new Error('PromptReader: concurrent waits'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        options,
        output: [],
        sawNewline: false,
        answeredLine: undefined,
        resolve,
        reject,
        timer: setTimeout(() => this.timeout(), options.timeoutMs),
        nudge: undefined,
        nudged: false,
      };
      if (options.nudgeAfterMs !== undefined) {
        waiter.nudge = setTimeout(() => {
          if (this.waiter !== waiter) return;
          waiter.nudged = true;
          this.channel.write(this.rules.newline ?? '\n');
        }, options.nudgeAfterMs);
      }
      this.waiter = waiter;
      // The prompt may already be on screen (the login banner arrived before the wait).
      this.check();
    });
  }

  /**
   * Waits until the device has been silent for `quietMs` (at most `maxMs`), then returns the
   * prompt on screen, if any. Used after a nudge: the Enter it sent makes the device print
   * one more prompt, and a command sent before that prompt arrived would take it for its own.
   */
  async settle(quietMs: number, maxMs: number): Promise<PromptMatch | undefined> {
    const started = performance.now();
    let seen = this.received;
    for (;;) {
      await new Promise((r) => setTimeout(r, quietMs));
      if (this.received === seen || performance.now() - started >= maxMs) break;
      seen = this.received;
    }
    const line = this.screen.currentLine();
    const match = this.rules.prompt.exec(line);
    return match === null ? undefined : { output: '', prompt: line, hostname: match[1] ?? '', nudged: false };
  }

  /** The masked transcript of the whole session so far. */
  transcript(): string {
    return this.masker.mask(this.transcriptParts.join('') + this.screen.currentLine());
  }

  /** The masked last lines of the transcript, for error messages. */
  tail(lines = 12): string {
    return tail(this.transcript(), lines);
  }

  private onData(text: string): void {
    this.received++;
    this.screen.feed(text);
    const committed = this.screen.takeCommitted();
    if (committed !== '') {
      this.record(committed);
      if (this.waiter !== undefined) {
        this.waiter.output.push(committed);
        this.waiter.sawNewline = true;
        this.waiter.answeredLine = undefined;
      }
    }
    this.check();
  }

  private check(): void {
    const w = this.waiter;
    if (w === undefined) return;
    const line = this.screen.currentLine();
    if (line === '') return;
    // Markers and questions sit at the end of the line: test only its tail, so a huge line
    // arriving in many chunks costs linear time, not quadratic.
    const end = line.length > TAIL ? line.slice(-TAIL) : line;
    const pager = this.rules.pager;
    if (pager !== undefined && pager.pattern.test(end)) {
      // Paging still on (or `terminal length 0` unknown): continue, and keep the marker out of the output.
      this.screen.setCurrentLine(line.replace(pager.pattern, ''));
      this.channel.write(pager.answer);
      return;
    }
    const match = this.rules.prompt.exec(line);
    if (match !== null && (w.sawNewline || !w.options.afterNewline)) {
      this.finish();
      w.resolve({ output: w.output.join(''), prompt: line, hostname: match[1] ?? '', nudged: w.nudged });
      return;
    }
    if (w.answeredLine === line) return; // answered already; waiting for the device to move on
    const answer = w.options.onQuestion?.(end) ?? this.platformConfirmation(end);
    if (answer instanceof DeviceError) {
      this.finish();
      w.reject(answer);
    } else if (answer !== undefined) {
      w.answeredLine = line;
      this.record(line);
      this.screen.setCurrentLine('');
      this.channel.write(answer);
    }
  }

  private platformConfirmation(line: string): string | undefined {
    for (const c of this.rules.confirmations) if (c.prompt.test(line)) return c.answer;
    return undefined;
  }

  private timeout(): void {
    const w = this.waiter;
    if (w === undefined) return;
    this.finish();
    const line = this.screen.currentLine();
    const lastCommand = this.lastCommand === undefined ? undefined : this.masker.mask(this.lastCommand);
    // What the device printed beyond echoing the command back.
    const printed = dropEcho(w.output.join(''), this.lastCommand ?? '') + line;
    let hint: string;
    if (printed.trim() === '') {
      hint = `The device printed nothing: it may be hung or busy. Raise commandTimeoutMs (now ${w.options.timeoutMs} ms) for slow commands, or reconnect.`;
    } else if (line.trim() !== '') {
      hint =
        `The last line \`${this.masker.mask(line.trim())}\` is not a prompt of platform ${this.where.platform}: ` +
        `if it is the device's prompt, fix cli.prompt (${String(this.rules.prompt)}); if it is a pager marker, set cli.pager; ` +
        `if it is a question, add a cli.confirmations entry.`;
    } else {
      hint = `Output stopped without a prompt: the device may still be working (raise commandTimeoutMs, now ${w.options.timeoutMs} ms), or its prompt does not match ${String(this.rules.prompt)}.`;
    }
    w.reject(
      new DeviceError('DEVICE_TIMEOUT', `no prompt within ${w.options.timeoutMs} ms: waited for ${w.options.what()} (a line matching ${String(this.rules.prompt)})`, {
        host: this.where.host,
        port: this.where.port,
        ...(lastCommand !== undefined ? { lastCommand } : {}),
        transcriptTail: this.tail(),
        hint,
      }),
    );
  }

  private onClose(cause?: Error): void {
    this.closedCause = cause ?? null;
    const w = this.waiter;
    if (w !== undefined) {
      this.finish();
      w.reject(this.closedError());
    }
  }

  /** The error of a closed channel, built when someone needs it (a normal close needs none). */
  private closedError(): DeviceError {
    const cause = this.closedCause ?? undefined;
    const lastCommand = this.lastCommand === undefined ? undefined : this.masker.mask(this.lastCommand);
    return new DeviceError('DEVICE_DISCONNECTED', cause === undefined ? 'the device closed the session' : `connection lost: ${cause.message}`, {
      host: this.where.host,
      port: this.where.port,
      ...(lastCommand !== undefined ? { lastCommand } : {}),
      transcriptTail: this.tail(),
      hint: 'The switch closed the connection: it may have rebooted, hit a session limit, or dropped the session on purpose. Check it and run again.',
      cause,
    });
  }

  private finish(): void {
    const w = this.waiter;
    if (w === undefined) return;
    clearTimeout(w.timer);
    if (w.nudge !== undefined) clearTimeout(w.nudge);
    this.waiter = undefined;
  }

  private record(text: string): void {
    this.transcriptParts.push(text);
    this.transcriptSize += text.length;
    if (this.transcriptSize > 2 * TRANSCRIPT_KEEP) {
      // Keep memory bounded on long sessions: the last MiB is what errors show anyway.
      const joined = this.transcriptParts.join('');
      const kept = joined.slice(joined.length - TRANSCRIPT_KEEP);
      this.transcriptParts = [`[… ${joined.length - kept.length} characters dropped …]\n`, kept];
      this.transcriptSize = kept.length;
    }
  }
}

/** `output` without its first line when that line is the echo of `command`. */
export function dropEcho(output: string, command: string): string {
  const nl = output.indexOf('\n');
  const first = nl < 0 ? output : output.slice(0, nl);
  if (first.trimEnd().endsWith(command.trim())) return nl < 0 ? '' : output.slice(nl + 1);
  return output;
}
