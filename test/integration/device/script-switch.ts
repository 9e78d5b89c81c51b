/**
 * A small scripted SSH switch for the session's own tests: an ssh2 server on loopback
 * whose CLI quirks are switchable (ANSI colour, backspace-erased pager, lone `\r`, an
 * enable secret, a keyboard-interactive login) — behaviour the simulator in src/lab does
 * not have to reproduce. It records every authentication attempt, so a test can prove
 * that no password reached a server whose host key was refused.
 */
import ssh2 from 'ssh2';
import type { Connection } from 'ssh2';
import type { AddressInfo } from 'node:net';
import { generateHostKey } from '../../../src/lab/index.js';

const { Server, utils } = ssh2;

/** One authentication attempt the server saw. */
export interface AuthAttempt {
  readonly method: string;
  readonly username: string;
  readonly password?: string;
}

/** Quirks of the scripted CLI. */
export interface ScriptOptions {
  hostname?: string;
  users?: Record<string, string>;
  /** OpenSSH public key lines accepted for `publickey` authentication (any user). */
  authorizedKeys?: string[];
  /** Start at `NAME>`; `enable` asks `Password:` and wants this secret. */
  enableSecret?: string;
  /** Offer only keyboard-interactive (no `password` method). */
  keyboardInteractiveOnly?: boolean;
  /** Paging on until `terminal length 0`; `pageLines` lines per page. */
  pageLines?: number;
  /** How the pager marker is erased after a space: `cr` (`\r` + spaces + `\r`), `backspace`, `ansi` (`\r ESC[K`). */
  pagerErase?: 'cr' | 'backspace' | 'ansi';
  /** Ignore `terminal length 0` (an image without it): only the pager fallback helps. */
  noPagingCommand?: boolean;
  /** Colour the prompt with ANSI SGR sequences and send a bell now and then. */
  ansiNoise?: boolean;
  /** Lines of `show running-config` besides the hostname. */
  configLines?: number;
  /** Split every write into chunks of this many characters (chunk boundaries everywhere). */
  chunk?: number;
  /** More host keys the server offers (PEM/OpenSSH private keys), e.g. an ECDSA key next to ed25519. */
  extraHostKeys?: string[];
  /** Print the banner and first prompt only after this many ms (a slow login). */
  bannerDelayMs?: number;
  /** Print nothing at login until a key is pressed. */
  silentUntilEnter?: boolean;
  /** Listen on this port (0 or absent: a free one), e.g. to take over a stopped device's address. */
  port?: number;
}

/** A running scripted switch. */
export interface ScriptSwitch {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `ssh-ed25519 AAAA…` */
  readonly hostKey: string;
  readonly auth: AuthAttempt[];
  readonly received: string[];
  hostname: string;
  stop(): Promise<void>;
}

/** Starts a scripted switch; `hostKeyPem` reuses a key (a restarted device keeps its key). */
export async function startScriptSwitch(options: ScriptOptions = {}, hostKeyPem?: string): Promise<ScriptSwitch & { hostKeyPem: string }> {
  // Not ssh2's generateKeyPairSync directly: about 1 key in 256 it makes cannot be parsed back.
  const pem = hostKeyPem ?? generateHostKey().privateKey;
  const parsed = utils.parseKey(pem);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  const hostKey = `${key.type} ${key.getPublicSSH().toString('base64')}`;
  const users = options.users ?? { netops: 'pw' };
  const state: ScriptSwitch & { hostKeyPem: string } = {
    host: '127.0.0.1',
    port: 0,
    hostKey,
    hostKeyPem: pem,
    auth: [],
    received: [],
    hostname: options.hostname ?? 'SW1',
    stop: async () => {
      for (const c of conns) c.end();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const conns = new Set<Connection>();
  const server = new Server({ hostKeys: [pem, ...(options.extraHostKeys ?? [])] }, (client) => {
    conns.add(client);
    (client as unknown as { setNoDelay(v: boolean): void }).setNoDelay(true);
    client.on('close', () => conns.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password') {
        state.auth.push({ method: 'password', username: ctx.username, password: ctx.password });
        if (options.keyboardInteractiveOnly) return ctx.reject(['keyboard-interactive']);
        return users[ctx.username] === ctx.password ? ctx.accept() : ctx.reject();
      }
      if (ctx.method === 'keyboard-interactive') {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
          state.auth.push({ method: 'keyboard-interactive', username: ctx.username, password: answers[0] ?? '' });
          if (users[ctx.username] === answers[0]) ctx.accept();
          else ctx.reject();
        });
        return;
      }
      state.auth.push({ method: ctx.method, username: ctx.username });
      if (ctx.method === 'publickey') {
        const offered = `${ctx.key.algo} ${ctx.key.data.toString('base64')}`;
        const match = (options.authorizedKeys ?? []).find((k) => k.split(' ').slice(0, 2).join(' ') === offered);
        if (match !== undefined) {
          if (ctx.signature === undefined) return ctx.accept(); // "would this key do?"
          const pub = utils.parseKey(match);
          const key = Array.isArray(pub) ? pub[0] : pub;
          if (!(key instanceof Error) && ctx.blob !== undefined && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
        }
      }
      ctx.reject(options.keyboardInteractiveOnly ? ['keyboard-interactive'] : ['publickey', 'password', 'keyboard-interactive']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('pty', (ok) => ok?.());
        session.on('shell', (ok) => {
          const stream = ok();
          runShell(state, options, (s) => write(stream, s, options.chunk), () => stream.close(), (cb) => stream.on('data', cb));
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  (state as { port: number }).port = (server.address() as AddressInfo).port;
  return state;
}

function write(stream: { write(s: string): unknown }, s: string, chunk?: number): void {
  if (chunk === undefined) {
    stream.write(s);
    return;
  }
  for (let i = 0; i < s.length; i += chunk) stream.write(s.slice(i, i + chunk));
}

function runShell(
  state: ScriptSwitch,
  o: ScriptOptions,
  out: (s: string) => void,
  close: () => void,
  onData: (cb: (d: Buffer) => void) => void,
): void {
  let privileged = o.enableSecret === undefined;
  let paging = o.pageLines !== undefined;
  let mode: 'exec' | 'config' | 'config-if' = 'exec';
  let awaiting: 'enable-password' | 'pager' | 'confirm' | undefined;
  let lastWasCr = false;
  let pending: string[] = [];
  let buffer = '';
  const prompt = (): string => {
    const p = `${state.hostname}${mode === 'config' ? '(config)' : mode === 'config-if' ? '(config-if)' : ''}${privileged ? '#' : '>'}`;
    return o.ansiNoise ? `\x1b[1;32m${p}\x1b[0m` : p;
  };
  const runningConfig = (): string[] => {
    const lines = ['Building configuration...', '!', `hostname ${state.hostname}`, '!', 'username netops privilege 4 secret 5 $1$sy4rd$X3XcBgPr7bQvTbOIFcSTn/', '!'];
    for (let i = 1; i <= (o.configLines ?? 40); i++) lines.push(`interface eth-0-${i}`, ` description port ${i}`, '!');
    lines.push('snmp-server community s3cr3t-comm read-only', 'end');
    return lines;
  };
  const page = (): void => {
    const n = o.pageLines ?? 20;
    const now = pending.slice(0, n);
    pending = pending.slice(n);
    out(now.map((l) => `${l}\r\n`).join(''));
    if (pending.length > 0) {
      awaiting = 'pager';
      out(o.ansiNoise ? '\x1b[7m --More-- \x1b[m' : ' --More-- ');
    } else {
      awaiting = undefined;
      out(prompt());
    }
  };
  const print = (lines: string[]): void => {
    if (paging && lines.length > (o.pageLines ?? 20)) {
      pending = lines;
      page();
      return;
    }
    out(lines.map((l) => `${l}\r\n`).join('') + prompt());
  };
  const command = (line: string): void => {
    state.received.push(line);
    const cmd = line.trim();
    if (awaiting === 'enable-password') {
      awaiting = undefined;
      out('\r\n');
      if (cmd === o.enableSecret) privileged = true;
      else out('% Bad secrets\r\n');
      out(prompt());
      return;
    }
    out(`${line}\r\n`); // echo
    if (o.ansiNoise && cmd.length % 3 === 0) out('\x07');
    if (cmd === '') return out(prompt());
    if (cmd === 'enable') {
      if (privileged) return out(prompt());
      awaiting = 'enable-password';
      return out('Password: ');
    }
    if (cmd === 'terminal length 0') {
      if (!o.noPagingCommand) paging = false;
      else return out("                 ^\r\n% Invalid input detected at '^' marker.\r\n" + prompt());
      return out(prompt());
    }
    if (cmd === 'show running-config') return print(runningConfig());
    if (cmd === 'configure terminal' && privileged) {
      mode = 'config';
      return out('Enter configuration commands, one per line.  End with CNTL/Z.\r\n' + prompt());
    }
    if (cmd === 'end') {
      mode = 'exec';
      return out(prompt());
    }
    if (cmd === 'exit') {
      if (mode === 'exec') return close();
      mode = mode === 'config-if' ? 'config' : 'exec';
      return out(prompt());
    }
    if (mode !== 'exec') {
      const host = /^hostname (\S+)$/.exec(cmd);
      if (host) state.hostname = host[1] as string;
      else if (/^interface \S+$/.test(cmd)) mode = 'config-if';
      else if (cmd === 'clear everything') {
        awaiting = 'confirm';
        return out('This will erase everything. Continue? [confirm]');
      }
      else if (!/^(description .*|shutdown|no shutdown|ntp server \S+)$/.test(cmd)) {
        return out(`${' '.repeat(state.hostname.length + 8)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n` + prompt());
      }
      return out(prompt());
    }
    if (cmd === 'write') return out('Building configuration...\r\n[OK]\r\n' + prompt());
    if (cmd === 'show hang') return; // never answers
    return out(`${' '.repeat(state.hostname.length + 1)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n` + prompt());
  };
  const erase = (): string => {
    const marker = ' --More-- ';
    if (o.pagerErase === 'backspace') return '\b'.repeat(marker.length) + ' '.repeat(marker.length) + '\b'.repeat(marker.length);
    if (o.pagerErase === 'ansi') return '\r\x1b[K';
    return '\r' + ' '.repeat(marker.length) + '\r';
  };
  // Like a real CLI, input typed before the login banner is processed after it, in order.
  let ready = o.bannerDelayMs === undefined;
  let early = '';
  const input = (text: string): void => {
    for (const ch of text) {
      if (awaiting === 'pager') {
        if (ch === ' ') {
          out(erase());
          page();
        } else if (ch === 'q') {
          pending = [];
          awaiting = undefined;
          out(erase() + prompt());
        }
        continue;
      }
      const crlf = ch === '\n' && lastWasCr;
      lastWasCr = ch === '\r';
      if (crlf) continue;
      if (awaiting === 'confirm') {
        if (ch === '\r' || ch === '\n') {
          awaiting = undefined;
          state.received.push('<confirmed>');
          out('\r\n' + prompt());
        }
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        const line = buffer;
        buffer = '';
        command(line);
      } else if (ch === '\x7f' || ch === '\b') buffer = buffer.slice(0, -1);
      else buffer += ch;
    }
  };
  onData((d) => {
    if (ready) input(d.toString('utf8'));
    else early += d.toString('utf8');
  });
  const banner = (): void => out(`\r\nWelcome to the scripted switch\r\n\r\n${prompt()}`);
  if (o.silentUntilEnter) return;
  if (o.bannerDelayMs !== undefined) {
    setTimeout(() => {
      banner();
      // Then, a line at a time as a busy CPU would, the keys typed meanwhile.
      const drain = (): void => {
        const line = /^[^\r\n]*[\r\n]/.exec(early)?.[0];
        if (line === undefined) {
          ready = true;
          const rest = early;
          early = '';
          if (rest !== '') input(rest);
          return;
        }
        early = early.slice(line.length);
        input(line);
        setTimeout(drain, 40);
      };
      setTimeout(drain, 40);
    }, o.bannerDelayMs);
  } else banner();
}
