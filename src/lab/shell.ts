/**
 * The terminal side of a simulated session: character echo and line editing, the pager,
 * the fault knobs that act per command (hang, drop, latency, reject), and the command
 * log. An interactive shell channel and a one-shot exec channel share it.
 */
import type { LabCommandRecord, LabFaults } from './types.js';
import type { LabCliSession, Reply } from './cli-session.js';

/** What a channel needs from its device. */
export interface ChannelHost {
  /** The device's fault knobs as they are now (tests change them live). */
  faults(): LabFaults;
  record(r: LabCommandRecord): void;
  /** Counts a config-mode command; false when the drop fault says the connection must go now. */
  countConfigCommand(): boolean;
  /** Drops the TCP connection without a goodbye (the drop fault). */
  dropConnection(): void;
  /** Ends this session cleanly (logout). */
  logout(): void;
  /** Restores startup and ends every session of the device (reload). */
  reload(): void;
  readonly pager: string;
  /** A banner printed before the first prompt (IOS: the motd). */
  banner(): string | undefined;
}

/** Minimal writable side of an ssh2 channel. */
interface ChannelLike {
  write(data: string): boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs one command through the fault knobs and the session; resolves to the reply, or undefined when the session must stop answering. */
async function runCommand(host: ChannelHost, session: LabCliSession, id: number, line: string): Promise<Reply | undefined> {
  const f = host.faults();
  const command = line.trim();
  const answering = session.answering();
  const mode: LabCommandRecord['mode'] = session.inConfig() ? 'config' : 'exec';
  if (f.hang) return undefined;
  if (!answering && command !== '' && mode === 'config' && !host.countConfigCommand()) {
    host.record({ time: Date.now(), session: id, mode, command, rejected: true });
    host.dropConnection();
    return undefined;
  }
  if (f.latencyMs) await sleep(f.latencyMs);
  const rejectedByFault = !answering && command !== '' && (f.rejectCommands ?? []).includes(command);
  const reply = rejectedByFault ? session.invalid(0) : session.input(line);
  // Answers to questions (file names, passwords) are no commands and are not logged.
  if (!answering && command !== '') host.record({ time: Date.now(), session: id, mode, command, rejected: reply.rejected });
  return reply;
}

/** The switch's end of an interactive shell on a pty: echo, line editing, pager, prompts (src/device's `ShellChannel` is the client's end). */
export class LabShellChannel {
  private buffer = '';
  private queue = '';
  private busy = false;
  private stuck = false;
  private skipLf = false;
  private escape = 0;
  private paging: { lines: readonly string[]; at: number } | undefined;

  constructor(
    private readonly host: ChannelHost,
    private readonly channel: ChannelLike,
    private readonly session: LabCliSession,
    private readonly id: number,
  ) {}

  /** Prints the banner and the first prompt (nothing at all when the device hangs). */
  start(): void {
    if (this.host.faults().hang) {
      this.stuck = true;
      return;
    }
    const banner = this.host.banner();
    this.channel.write(`\r\n${banner ? `${banner.split('\n').join('\r\n')}\r\n` : ''}${this.session.prompt()}`);
  }

  /** Feeds received bytes. */
  data(chunk: string): void {
    if (this.stuck) return;
    this.queue += chunk;
    this.pump();
  }

  private pump(): void {
    while (!this.busy && !this.stuck && this.queue.length > 0) {
      const c = this.queue[0]!;
      this.queue = this.queue.slice(1);
      this.key(c);
    }
  }

  private key(c: string): void {
    if (this.host.faults().hang) {
      // A hung switch neither echoes nor answers, now or later.
      this.stuck = true;
      return;
    }
    if (this.skipLf && c === '\n') {
      this.skipLf = false;
      return;
    }
    this.skipLf = c === '\r';
    if (this.escape > 0) {
      // Swallow terminal escape sequences (arrow keys): ESC [ X.
      this.escape = c === '[' && this.escape === 2 ? 1 : 0;
      return;
    }
    if (c === '\x1b') {
      this.escape = 2;
      return;
    }
    if (this.paging) return this.pagerKey(c);
    const expects = this.session.expects();
    if (expects === 'key') {
      this.channel.write('\r\n');
      this.submit(c === '\r' || c === '\n' ? '' : c);
      return;
    }
    if (c === '\r' || c === '\n') {
      this.channel.write('\r\n');
      const line = this.buffer;
      this.buffer = '';
      this.submit(line);
    } else if (c === '\x7f' || c === '\b') {
      if (this.buffer.length > 0) {
        this.buffer = this.buffer.slice(0, -1);
        if (expects === 'line') this.channel.write('\b \b');
      }
    } else if (c === '\x1a') {
      // Ctrl-Z: leave config mode, as `end` does.
      this.channel.write('^Z\r\n');
      this.buffer = '';
      this.submit(this.session.inConfig() ? 'end' : '');
    } else if (c === '\x03') {
      if (this.session.inBanner()) {
        const line = `${this.buffer}\x03`;
        this.buffer = '';
        this.channel.write('^C\r\n');
        this.submit(line);
        return;
      }
      this.buffer = '';
      this.channel.write(`^C\r\n${this.session.prompt()}`);
    } else if (c >= ' ') {
      this.buffer += c;
      if (expects === 'line') this.channel.write(c);
    }
  }

  private submit(line: string): void {
    this.busy = true;
    runCommand(this.host, this.session, this.id, line).then(
      (reply) => {
        if (reply === undefined) {
          this.stuck = true;
          return;
        }
        this.show(reply);
      },
      () => {
        this.stuck = true;
      },
    );
  }

  private show(reply: Reply): void {
    const len = this.session.pageLength;
    if (reply.paged && len > 0 && reply.out.length > len) {
      this.paging = { lines: reply.out, at: 0 };
      this.page(len);
      return;
    }
    this.finish(reply.out, reply.close);
  }

  private page(count: number): void {
    const p = this.paging!;
    const chunk = p.lines.slice(p.at, p.at + count);
    p.at += chunk.length;
    this.channel.write(chunk.map((l) => `${l}\r\n`).join(''));
    if (p.at >= p.lines.length) {
      this.paging = undefined;
      this.finish([], undefined);
      return;
    }
    this.channel.write(this.host.pager);
    this.busy = false;
    this.pump();
  }

  private pagerKey(c: string): void {
    const marker = this.host.pager;
    // Erase the marker the way Cisco-like CLIs do: backspaces, blanks, backspaces.
    const bs = '\b'.repeat(marker.length);
    this.channel.write(`${bs}${' '.repeat(marker.length)}${bs}`);
    this.busy = true;
    if (c === ' ') this.page(this.session.pageLength);
    else if (c === '\r' || c === '\n') this.page(1);
    else {
      this.paging = undefined;
      this.finish([], undefined);
    }
  }

  private finish(out: readonly string[], close: Reply['close']): void {
    this.channel.write(out.map((l) => `${l}\r\n`).join(''));
    if (close === 'logout') {
      this.stuck = true;
      this.host.logout();
      return;
    }
    if (close === 'reload') {
      this.stuck = true;
      this.host.reload();
      return;
    }
    this.channel.write(this.session.prompt());
    this.busy = false;
    this.pump();
  }
}

/** Runs an exec request (`ssh host 'show version'`): each line as a command, output without echo or prompt. Resolves to the exit status. */
export async function runExec(host: ChannelHost, channel: ChannelLike, session: LabCliSession, id: number, command: string, eol: string): Promise<number | undefined> {
  session.pageLength = 0;
  session.showsPrompt = false;
  let status = 0;
  for (const line of command.split(/\r?\n/)) {
    const reply = await runCommand(host, session, id, line);
    if (reply === undefined) return undefined;
    channel.write(reply.out.map((l) => `${l}${eol}`).join(''));
    if (reply.rejected) status = 1;
    if (reply.close === 'reload') {
      host.reload();
      return undefined;
    }
    if (reply.close) break;
  }
  return status;
}
