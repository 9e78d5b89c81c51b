/**
 * A small interactive SSH client for the simulator's integration tests, on ssh2's own
 * Client: log in, open a shell with a pty, type lines, wait for text. Independent of
 * src/device on purpose: the simulator is tested on its own, the way a terminal sees it.
 */
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig, KeyboardInteractiveAuthMethod } from 'ssh2';

/** Options of {@link connect}. */
interface ConnectOptions {
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Offer only keyboard-interactive (answering `Password:`), not the password method. */
  readonly keyboardInteractive?: boolean;
  /** Expected host key line (`ssh-ed25519 AAAA…`); the connection fails on another key. */
  readonly hostKey?: string;
  readonly timeoutMs?: number;
}

/** Connects and authenticates; rejects with the ssh2 error (e.g. authentication failure). */
export function connect(options: ConnectOptions): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('ready', () => resolve(client));
    // The first error settles the attempt; later ones (a reset after a refused login,
    // a server that drops the connection on purpose) are the test's to observe, not crashes.
    client.on('error', reject);
    const expected = options.hostKey?.split(' ')[1];
    const config: ConnectConfig = {
      host: '127.0.0.1',
      port: options.port,
      username: options.username,
      readyTimeout: options.timeoutMs ?? 5000,
      hostVerifier: (key: Buffer) => expected === undefined || key.toString('base64') === expected,
    };
    if (options.keyboardInteractive) {
      const method: KeyboardInteractiveAuthMethod = {
        type: 'keyboard-interactive',
        username: options.username,
        prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => options.password)),
      };
      config.authHandler = [method];
    } else {
      config.password = options.password;
    }
    client.connect(config);
  });
}

/** An interactive shell: everything received is kept; `expect` waits for a pattern. */
export class Shell {
  /** All text received since the shell opened. */
  text = '';
  private consumed = 0;
  private closed = false;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly client: ssh2.Client,
    readonly channel: ClientChannel,
  ) {
    channel.on('data', (d: Buffer) => this.push(d.toString('latin1')));
    channel.on('close', () => {
      this.closed = true;
      this.push('');
    });
  }

  /** Opens a shell with a pty on a connected client. */
  static open(client: ssh2.Client): Promise<Shell> {
    return new Promise((resolve, reject) => {
      client.shell({ term: 'vt100', rows: 24, cols: 80 }, (err, channel) => (err ? reject(err) : resolve(new Shell(client, channel))));
    });
  }

  /** Connects, logs in, opens a shell and waits for the first prompt. */
  static async login(options: ConnectOptions, prompt: RegExp = /[>#] ?$/): Promise<Shell> {
    const shell = await Shell.open(await connect(options));
    await shell.expect(prompt);
    return shell;
  }

  private push(s: string): void {
    this.text += s;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** True once the server closed the channel. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends raw text. */
  send(text: string): void {
    this.channel.write(text);
  }

  /** Waits until the unconsumed text matches `re`; returns the text up to the end of the match and consumes it. */
  async expect(re: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.text.slice(this.consumed);
      const m = re.exec(rest);
      if (m) {
        const upto = rest.slice(0, m.index + m[0].length);
        this.consumed += upto.length;
        return upto;
      }
      if (this.closed) throw new Error(`channel closed while waiting for ${re}; got ${JSON.stringify(rest.slice(-300))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for ${re}; got ${JSON.stringify(rest.slice(-300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the channel closes. */
  async closedWithin(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`channel still open after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Types a command and waits for its echo and the next prompt; returns the output lines
   * between them (CR LF split, without the echo and the prompt).
   */
  async command(line: string, prompt: RegExp = /\r\n[^\r\n]*[>#] ?$/, timeoutMs = 5000): Promise<string[]> {
    this.send(`${line}\r`);
    const got = await this.expect(prompt, timeoutMs);
    const lines = got.split('\r\n');
    // First element is the echo, last the prompt.
    return lines.slice(1, -1);
  }

  /** Ends the connection. */
  end(): void {
    this.client.end();
  }
}
