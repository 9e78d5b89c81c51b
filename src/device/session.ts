/**
 * The CLI session above the transport: log in to the prompt, reach privileged mode, turn
 * paging off, and then run exec commands, push config commands one at a time (stopping at
 * the first one the device rejects), save, and read the running config and LLDP.
 */
import type { Platform } from '../platforms/types.js';
import { SwitchyardError } from '../errors.js';
import { CommandRejectedError, DeviceError } from './errors.js';
import { parseLldp, type LldpNeighbour } from './lldp.js';
import { Masker } from './masking.js';
import { PromptReader, dropEcho, type PromptMatch, type QuestionHandler } from './prompt-reader.js';
import { connectTransport, type Negotiated, type ShellChannel, type SshLogin, type Transport } from './transport.js';

/** How to reach and drive one device (host, port, username, password / privateKey, hostKey policy, preferredAlgorithms from SshLogin). */
export interface ConnectOptions extends SshLogin {
  /** Answer to `enable`'s `Password:`, where the platform asks for one. */
  readonly enableSecret?: string;
  readonly platform: Platform;
  /** TCP connect + key exchange + authentication. Default 15 s. */
  readonly connectTimeoutMs?: number;
  /** Longest wait for a prompt after a command. Default 30 s. */
  readonly commandTimeoutMs?: number;
  /** Extra strings to mask in transcripts and errors. */
  readonly secrets?: readonly string[];
}

/** An interactive CLI session with one device. */
export interface CliSession {
  /** Current hostname, read from the prompt. */
  readonly hostname: string;
  /** The server's host key as seen (`type base64`). */
  readonly hostKey: string;
  /** Key exchange, host-key and cipher algorithms the connection uses. */
  readonly negotiated: Negotiated;
  /** Runs an exec-mode command; returns its output without echo and prompt. Throws COMMAND_REJECTED on an error line. */
  run(command: string): Promise<string>;
  /** The running config as the device prints it. */
  showRunningConfig(): Promise<string>;
  /**
   * Enters config mode, sends the commands one at a time (each waits for the next prompt
   * and is checked for errors), and leaves config mode. Stops at the first rejected
   * command with COMMAND_REJECTED `{ command, index, output }`. `onCommand` is called after
   * the device accepted each command.
   */
  configure(commands: readonly string[], onCommand?: (index: number, command: string) => void): Promise<void>;
  /** Saves running to startup. */
  save(): Promise<void>;
  /** The device's LLDP neighbours. */
  readLldpNeighbours(): Promise<readonly LldpNeighbour[]>;
  /** The session transcript so far, secrets masked. */
  transcript(): string;
  close(): Promise<void>;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;
/** Wide enough that no switch wraps or side-scrolls a config line. */
const PTY = { cols: 511, rows: 24, term: 'vt100' } as const;
/** Sub-modes deeper than this would be a loop, not a config. */
const MAX_EXITS = 8;

/** Connects, logs in, reaches privileged mode and turns paging off. */
export async function openSession(options: ConnectOptions): Promise<CliSession> {
  const rules = options.platform.cli;
  const transport = await connectTransport({
    ...options,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    ...(rules.legacyAlgorithms !== undefined ? { legacyAlgorithms: rules.legacyAlgorithms } : {}),
  });
  try {
    const channel = await withTimeout(transport.openShell(PTY), options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, () =>
      new DeviceError('DEVICE_TIMEOUT', 'the device did not open a shell channel', { host: options.host, port: options.port }),
    );
    const session = new Session(transport, channel, options);
    await session.start();
    return session;
  } catch (err) {
    await transport.close();
    throw err;
  }
}

class Session implements CliSession {
  hostname = '';
  private readonly reader: PromptReader;
  private readonly masker: Masker;
  private readonly timeoutMs: number;
  private prompt = '';
  private queue: Promise<unknown> = Promise.resolve();
  private closing = false;

  constructor(
    private readonly transport: Transport,
    private readonly channel: ShellChannel,
    private readonly options: ConnectOptions,
  ) {
    this.masker = new Masker([options.password, options.enableSecret, ...(options.secrets ?? [])]);
    this.timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.reader = new PromptReader(channel, options.platform.cli, this.masker, { host: options.host, port: options.port, platform: options.platform.name });
  }

  get hostKey(): string {
    return this.transport.hostKey;
  }

  get negotiated(): Negotiated {
    return this.transport.negotiated;
  }

  private get rules() {
    return this.options.platform.cli;
  }

  /** Login: first prompt, `enable`, paging off. */
  async start(): Promise<void> {
    const first = await this.reader.waitForPrompt({
      timeoutMs: this.timeoutMs,
      what: () => 'the first prompt after login',
      afterNewline: false,
      nudgeAfterMs: Math.min(2000, Math.floor(this.timeoutMs / 3)),
    });
    this.seen(first);
    if (first.nudged) {
      // The Enter we sent to wake the device is answered by another prompt; let it arrive.
      const settled = await this.reader.settle(300, Math.min(3000, this.timeoutMs));
      if (settled !== undefined) this.seen(settled);
    }
    await this.enable();
    for (const command of this.rules.pagingOff) {
      // A platform without the command still works: the pager is answered as it comes.
      await this.exchange(command, 'exec');
    }
  }

  run(command: string): Promise<string> {
    return this.exclusive(async () => {
      this.assertTypable([command]);
      await this.leaveConfig();
      const output = await this.exchange(command, 'exec');
      this.throwIfRejected(command, 0, output);
      return output;
    });
  }

  showRunningConfig(): Promise<string> {
    return this.run(this.rules.showRunning);
  }

  configure(commands: readonly string[], onCommand?: (index: number, command: string) => void): Promise<void> {
    return this.exclusive(async () => {
      this.assertTypable(commands);
      await this.leaveConfig();
      const entered = await this.exchange(this.rules.configEnter, 'config');
      if (!this.inConfig()) {
        throw new DeviceError('COMMAND_REJECTED', `\`${this.rules.configEnter}\` did not reach config mode (prompt \`${this.prompt}\`): ${this.masker.mask(entered.trim())}`, {
          ...this.context(),
          hint: `Check that the account may configure the device, and that platform ${this.options.platform.name}'s cli.configPrompt matches its config prompt.`,
        });
      }
      for (let index = 0; index < commands.length; index++) {
        const command = commands[index] as string;
        const output = await this.exchange(command, 'config');
        if (this.rejected(output)) {
          // Leave config mode so the session stays usable (rollback reads the config next).
          await this.leaveConfig().catch(() => undefined);
          throw this.rejection(command, index, output);
        }
        onCommand?.(index, command);
      }
      await this.leaveConfig();
    });
  }

  save(): Promise<void> {
    return this.exclusive(async () => {
      await this.leaveConfig();
      const save = this.rules.save;
      const questions = save.confirmations ?? [];
      const output = await this.exchange(save.command, 'exec', (line) => questions.find((q) => q.prompt.test(line))?.answer);
      this.throwIfRejected(save.command, 0, output);
      if (save.success !== undefined && !save.success.test(output)) {
        throw new CommandRejectedError(
          { command: save.command, index: 0, output: this.masker.mask(output) },
          { ...this.context(), hint: `The device did not print what platform ${this.options.platform.name} prints on success (${String(save.success)}); the config may not be saved.` },
        );
      }
    });
  }

  async readLldpNeighbours(): Promise<readonly LldpNeighbour[]> {
    const lldp = this.rules.lldp;
    if (lldp === undefined) {
      throw new SwitchyardError('DEVICE_UNSUPPORTED', `platform ${this.options.platform.name} has no LLDP command`, {
        hint: 'identify this device by MAC, serial or DHCP option 82 instead',
      });
    }
    return parseLldp(await this.run(lldp.command), lldp.record);
  }

  transcript(): string {
    return this.reader.transcript();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // Ending the connection closes the shell with it (one disconnect, no channel-close round trip).
    await this.transport.close();
  }

  /**
   * Refuses, before anything is sent, a command that a terminal would not take as one line:
   * a newline would run a second, unchecked command; a tab completes, `^Z` leaves config mode.
   */
  private assertTypable(commands: readonly string[]): void {
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    const bad = commands.findIndex((c) => /[\x00-\x1f\x7f]/.test(c));
    if (bad < 0) return;
    throw new SwitchyardError('INPUT_INVALID', `command ${bad + 1} contains a control character (newline, tab or similar): ${JSON.stringify(this.masker.mask(commands[bad] as string))}`, {
      hint: 'Each command must be one line of printable text; check the template that produced it. Nothing was sent to the device.',
    });
  }

  /** Reaches privileged mode from `host>` where the platform has `enable`. */
  private async enable(): Promise<void> {
    const enable = this.rules.enable;
    const user = this.rules.userPrompt;
    if (enable === undefined || user === undefined || !user.test(this.prompt)) return;
    let asked = 0;
    await this.exchange(enable.command, 'exec', (line) => {
      if (!enable.passwordPrompt.test(line)) return undefined;
      asked++;
      if (this.options.enableSecret === undefined || asked > 1) {
        const problem = this.options.enableSecret === undefined ? '`enable` asks for a password and no enable secret is configured' : 'the enable secret was refused';
        return new DeviceError('DEVICE_AUTH', problem, { ...this.context(), hint: 'Set the enable secret in the credentials of this device (inventory `credentials.enable`).' });
      }
      return `${this.options.enableSecret}${this.rules.newline ?? '\n'}`;
    });
    if (user.test(this.prompt)) {
      throw new DeviceError('DEVICE_AUTH', 'enable failed: still at the unprivileged prompt', {
        ...this.context(),
        hint: 'Check the enable secret, or give the account the top privilege level.',
      });
    }
  }

  /** Sends one line and waits for the next prompt; returns the output without echo. */
  private async exchange(command: string, mode: 'exec' | 'config', onQuestion?: QuestionHandler): Promise<string> {
    if (this.closing) throw new DeviceError('DEVICE_DISCONNECTED', 'the session is closed', this.context());
    const previous = this.prompt;
    this.reader.sendLine(command);
    const match = await this.reader.waitForPrompt({
      timeoutMs: this.timeoutMs,
      what: () => `the ${mode === 'config' ? 'config-mode ' : ''}prompt after \`${this.masker.mask(command)}\` (last prompt \`${previous.trim()}\`)`,
      afterNewline: true,
      ...(onQuestion !== undefined ? { onQuestion } : {}),
    });
    this.seen(match);
    return dropEcho(match.output, command);
  }

  /** Leaves config mode (`end`, then `exit` while a sub-mode remains). */
  private async leaveConfig(): Promise<void> {
    if (!this.inConfig()) return;
    await this.exchange(this.rules.configExit, 'exec');
    for (let i = 0; i < MAX_EXITS && this.inConfig(); i++) await this.exchange('exit', 'exec');
  }

  private inConfig(): boolean {
    return this.rules.configPrompt.test(this.prompt);
  }

  private seen(match: PromptMatch): void {
    this.prompt = match.prompt;
    this.hostname = match.hostname;
  }

  private rejected(output: string): boolean {
    return multiline(this.rules.errorPatterns).some((p) => p.test(output));
  }

  private throwIfRejected(command: string, index: number, output: string): void {
    if (this.rejected(output)) throw this.rejection(command, index, output);
  }

  private rejection(command: string, index: number, output: string): CommandRejectedError {
    return new CommandRejectedError({ command: this.masker.mask(command), index, output: this.masker.mask(output) }, this.context());
  }

  private context(): { host: string; port: number; transcriptTail: string; lastCommand?: string } {
    const last = this.reader.lastCommand;
    return {
      host: this.options.host,
      port: this.options.port,
      transcriptTail: this.reader.tail(),
      ...(last !== undefined ? { lastCommand: this.masker.mask(last) } : {}),
    };
  }

  /** Runs operations one at a time: a CLI has one cursor. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const multilineCache = new WeakMap<readonly RegExp[], readonly RegExp[]>();

/**
 * The error patterns with the `m` flag, tested once against the whole output instead of
 * once per line (a running config is hundreds of lines); `^`/`$` still mean a line.
 */
function multiline(patterns: readonly RegExp[]): readonly RegExp[] {
  let compiled = multilineCache.get(patterns);
  if (compiled === undefined) {
    compiled = patterns.map((p) => new RegExp(p.source, `${p.flags.replace(/[gym]/g, '')}m`));
    multilineCache.set(patterns, compiled);
  }
  return compiled;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
