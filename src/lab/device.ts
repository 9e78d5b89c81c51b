/**
 * One simulated device: its running and startup configuration, accounts, command log
 * and fault knobs, served by its own ssh2 server on loopback with a persisted host key.
 */
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel } from 'ssh2';
import type { LabCommandRecord, LabDevice, LabDeviceSpec, LabFaults, LabLogin } from './types.js';
import type { Dialect, DeviceFacts } from './dialect.js';
import { portCount } from './dialect.js';
import { getDialect } from './dialects/index.js';
import { ConfigState, printConfig } from './config-state.js';
import { LabCliSession, loadConfigText, type SessionHost } from './cli-session.js';
import { LabShellChannel, runExec, type ChannelHost } from './shell.js';
import { verifyMd5Crypt } from './md5-crypt.js';
import type { HostKey } from './host-key.js';
import { factoryConfig } from './factory.js';
import { SwitchyardError } from '../errors.js';

const AUTH_METHODS: AuthContext['method'][] = ['password', 'keyboard-interactive'];

/** A simulated device and its SSH server. */
export class SimulatedDevice implements LabDevice {
  readonly host = '127.0.0.1' as const;
  readonly hostKey: string;
  readonly commands: LabCommandRecord[] = [];
  readonly logins: LabLogin[] = [];
  saves = 0;
  faults: LabFaults;
  port = 0;
  private readonly dialect: Dialect;
  private readonly ports: number;
  private runningState: ConfigState;
  private startupState: ConfigState;
  private readonly startedAt = Date.now();
  private sessionCounter = 0;
  private configCommands = 0;
  private dropSetting: number | undefined;
  private readonly connections = new Set<Connection>();
  private server: ssh2.Server | undefined;

  constructor(
    readonly spec: LabDeviceSpec,
    private readonly key: HostKey,
  ) {
    this.hostKey = key.publicLine;
    this.faults = { ...spec.faults };
    this.dialect = getDialect(spec.platform);
    this.ports = portCount(spec.model);
    this.runningState = new ConfigState();
    const text = spec.factory || spec.config === undefined ? factoryConfig(spec.platform, spec) : spec.config;
    const problems = loadConfigText(this.runningState, this.dialect, this.ports, text, () => this.facts());
    if (problems.length > 0) {
      throw new SwitchyardError(
        'CONFIG_PARSE',
        `simulated ${spec.platform} device ${spec.name} refuses ${problems.length} line(s) of its config:\n` +
          problems.map((p) => `  line ${p.line}: ${p.text.trim()}  (${p.message})`).join('\n'),
        { hint: 'the simulator accepts only commands of its grammar (docs/simulator.md); fix the config or extend the dialect' },
      );
    }
    this.startupState = this.runningState.clone();
  }

  running(): string {
    return `${printConfig(this.runningState, this.dialect).join('\n')}\n`;
  }

  startup(): string {
    return `${printConfig(this.startupState, this.dialect).join('\n')}\n`;
  }

  /** What show commands print about the device. */
  facts(): DeviceFacts {
    return {
      spec: this.spec,
      hostname: this.runningState?.hostname ?? 'Switch',
      uptimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000),
      lldp: this.spec.lldp ?? [],
    };
  }

  /** Starts the SSH server; resolves once it listens. */
  async listen(): Promise<void> {
    const server = new ssh2.Server({ hostKeys: [this.key.privateKey] }, (client) => this.onClient(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.spec.port ?? 0, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  /** Stops the server and drops every connection. */
  async stop(): Promise<void> {
    for (const c of this.connections) destroy(c);
    this.connections.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The privilege a login gets, or undefined when the password is wrong. */
  authenticate(username: string, password: string): number | undefined {
    const top = this.dialect.topPrivilege;
    const builtin = this.spec.users?.find((u) => u.username === username);
    if (builtin) return builtin.password === password ? top : undefined;
    const user = this.runningState.users.get(username);
    if (!user?.hash || !verifyMd5Crypt(password, user.hash)) return undefined;
    // FSOS and IOS default a configured account without `privilege` to level 1.
    return user.privilege ?? 1;
  }

  private sessionHost(): SessionHost {
    // Functions, not values: `reload` swaps the state objects under live sessions.
    return {
      dialect: this.dialect,
      ports: this.ports,
      config: () => this.runningState,
      startupConfig: () => this.startupState,
      facts: () => this.facts(),
      save: () => {
        this.startupState = this.runningState.clone();
        this.saves++;
      },
    };
  }

  private channelHost(client: Connection, channel: ServerChannel): ChannelHost {
    return {
      faults: () => this.faults,
      record: (r) => this.commands.push(r),
      countConfigCommand: () => this.countConfigCommand(),
      dropConnection: () => destroy(client),
      logout: () => endAfterFlush(client, channel),
      reload: () => this.reload(client, channel),
      pager: this.dialect.pager,
      banner: () => this.runningState.banner,
    };
  }

  private countConfigCommand(): boolean {
    const limit = this.faults.dropAfterConfigCommands;
    // A changed knob starts a new count, whether the faults object was replaced or mutated.
    if (limit !== this.dropSetting) {
      this.dropSetting = limit;
      this.configCommands = 0;
    }
    if (limit === undefined) return true;
    if (this.configCommands >= limit) return false;
    this.configCommands++;
    return true;
  }

  /** Reload: running config back to startup, every session dropped (the asking one after its output). */
  private reload(client?: Connection, channel?: ServerChannel): void {
    this.runningState = this.startupState.clone();
    for (const c of this.connections) {
      if (c === client && channel) endAfterFlush(c, channel);
      else c.end();
    }
  }

  private onClient(client: Connection): void {
    this.connections.add(client);
    // As sshd and a switch's CLI do in effect: small writes (echo, output, prompt) go out
    // at once instead of waiting ~40 ms for the client's delayed ACK.
    // (ssh2's server Connection has setNoDelay; @types/ssh2 does not declare it.)
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on('close', () => this.connections.delete(client));
    // A client that vanishes mid-handshake is its own business.
    client.on('error', () => undefined);
    let privilege: number | undefined;
    client.on('authentication', (ctx) => {
      const attempt = (method: LabLogin['method'], password: string): number | undefined => {
        const granted = this.faults.refuseAuth ? undefined : this.authenticate(ctx.username, password);
        this.logins.push({ time: Date.now(), method, username: ctx.username, password, accepted: granted !== undefined });
        return granted;
      };
      if (ctx.method === 'password') {
        privilege = attempt('password', ctx.password);
        return privilege === undefined ? ctx.reject(AUTH_METHODS) : ctx.accept();
      }
      if (ctx.method === 'keyboard-interactive' && !this.faults.refuseAuth) {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
          privilege = attempt('keyboard-interactive', answers[0] ?? '');
          if (privilege === undefined) ctx.reject(AUTH_METHODS);
          else ctx.accept();
        });
        return;
      }
      ctx.reject(AUTH_METHODS);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        let pty = false;
        session.on('pty', (ok) => {
          pty = true;
          ok?.();
        });
        session.on('window-change', (ok) => ok?.());
        session.on('env', (ok) => ok?.());
        session.on('shell', (ok) => {
          const channel = ok();
          const id = ++this.sessionCounter;
          const shell = new LabShellChannel(this.channelHost(client, channel), channel, new LabCliSession(this.sessionHost(), privilege ?? 1), id);
          channel.on('data', (d: Buffer) => shell.data(d.toString('latin1')));
          channel.on('error', () => undefined);
          shell.start();
        });
        session.on('exec', (ok, _reject, info) => {
          const channel = ok();
          const id = ++this.sessionCounter;
          channel.on('error', () => undefined);
          const cli = new LabCliSession(this.sessionHost(), privilege ?? 1);
          runExec(this.channelHost(client, channel), channel, cli, id, info.command, pty ? '\r\n' : '\n').then(
            (status) => {
              if (status === undefined) return;
              channel.exit(status);
              channel.end();
            },
            () => channel.destroy(),
          );
        });
      });
    });
  }
}

/**
 * Ends a session the way a switch does: end-of-file and close on the channel, after its
 * output. The client then hangs up itself; a disconnect sent at once would make OpenSSH
 * exit before it prints the last output. A client that lingers is cut after a grace time.
 */
function endAfterFlush(client: Connection, channel: ServerChannel): void {
  channel.exit(0);
  channel.end();
  const timer = setTimeout(() => client.end(), 2000);
  timer.unref();
  client.once('close', () => clearTimeout(timer));
}

/** Cuts a connection without an SSH goodbye, as a dying switch or network would. */
function destroy(client: Connection): void {
  const sock = (client as unknown as { _sock?: { destroy(): void } })._sock;
  if (sock) sock.destroy();
  else client.end();
}
