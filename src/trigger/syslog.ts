/**
 * Syslog reception: RFC 3164 and RFC 5424 messages over UDP (one per datagram) and TCP
 * (RFC 6587 octet counting or newline framing, detected per frame). A message is turned
 * into the line a log file would hold, so the same parsers and raw-line rules apply.
 * Loopback by default: syslog has no authentication, and a lease event makes Switchyard
 * log into switches.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { TriggerLogger } from './types.js';

/** A received message as a log line, with the time its header gave (if any). */
export interface SyslogLine {
  readonly line: string;
  readonly time?: number;
}

const PRI = /^<(\d{1,3})>/;
const V5424 = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) /;

/** Converts one syslog message (with or without `<PRI>`) into a log line. */
export function syslogToLine(message: string): SyslogLine {
  let s = message.replace(/[\r\n\0]+$/, '');
  const pri = PRI.exec(s);
  if (pri) s = s.slice(pri[0].length);
  const v = V5424.exec(s);
  if (v === null) return { line: s }; // RFC 3164 (or a bare message): already a log line
  const [, timestamp, host, app, procid] = v as unknown as [string, string, string, string, string];
  let rest = s.slice(v[0].length);
  rest = skipStructuredData(rest);
  if (rest.startsWith('\ufeff')) rest = rest.slice(1);
  const tag = app === '-' ? '' : `${app}${procid === '-' ? '' : `[${procid}]`}: `;
  const hostPart = host !== '-' && /^[\w.-]+$/.test(host) ? `${host} ` : '';
  const time = timestamp === '-' ? undefined : Date.parse(timestamp);
  const line = timestamp === '-' ? `${tag}${rest}` : `${timestamp} ${hostPart}${tag}${rest}`;
  return time === undefined || Number.isNaN(time) ? { line } : { line, time };
}

/** Skips RFC 5424 STRUCTURED-DATA (`-` or `[id k="v" …]…`, with `\"`, `\]`, `\\` escapes) and the space after it. */
function skipStructuredData(s: string): string {
  if (s.startsWith('-')) return s.slice(s.startsWith('- ') ? 2 : 1);
  let i = 0;
  while (s[i] === '[') {
    let inQuotes = false;
    for (i++; i < s.length; i++) {
      const c = s[i];
      if (c === '\\' && inQuotes) i++;
      else if (c === '"') inQuotes = !inQuotes;
      else if (c === ']' && !inQuotes) break;
    }
    i++;
  }
  return s[i] === ' ' ? s.slice(i + 1) : s.slice(i);
}

/** A running listener. */
export interface SyslogListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Options of {@link listenSyslog}. */
export interface SyslogOptions {
  readonly proto: 'udp' | 'tcp';
  readonly host: string;
  readonly port: number;
  readonly onLine: (line: SyslogLine, source: string) => void;
  readonly log: TriggerLogger;
  /** Open TCP connections at most (further ones are closed at once). */
  readonly maxConnections?: number;
}

/** Starts a UDP or TCP syslog listener. */
export async function listenSyslog(options: SyslogOptions): Promise<SyslogListener> {
  return options.proto === 'udp' ? listenUdp(options) : listenTcp(options);
}

async function listenUdp(options: SyslogOptions): Promise<SyslogListener> {
  const sock: UdpSocket = createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
  let source = `syslog:udp://${options.host}:${options.port}`;
  sock.on('message', (msg) => {
    // A datagram is at most 64 kB and already in memory: it is decoded whole. Cutting it here
    // would cut a long hostname's ` via …` and leave the lease undecided; the parsers cut
    // each field instead.
    for (const part of msg.toString('utf8').split('\n')) {
      if (part.trim() !== '') options.onLine(syslogToLine(part), source);
    }
  });
  sock.on('error', (err) => options.log({ level: 'warn', msg: 'syslog UDP error', error: err.message }));
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(options.port, options.host, () => {
      sock.off('error', reject);
      resolve();
    });
  });
  source = `syslog:udp://${options.host}:${sock.address().port}`;
  return {
    port: sock.address().port,
    close: () => new Promise<void>((r) => sock.close(() => r())),
  };
}

async function listenTcp(options: SyslogOptions): Promise<SyslogListener> {
  const sockets = new Set<Socket>();
  let source = `syslog:tcp://${options.host}:${options.port}`;
  const server: Server = createServer((sock) => {
    if (sockets.size >= (options.maxConnections ?? 64)) {
      sock.destroy();
      return;
    }
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    const framer = new SyslogFramer((m) => options.onLine(syslogToLine(m), source));
    sock.on('data', (chunk: Buffer) => {
      if (!framer.push(chunk)) {
        options.log({ level: 'warn', msg: 'syslog TCP frame too long; connection closed', peer: sock.remoteAddress });
        sock.destroy();
      }
    });
    sock.on('end', () => framer.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : options.port;
  source = `syslog:tcp://${options.host}:${port}`;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/**
 * Splits a TCP byte stream into messages: `LEN SP MSG` (octet counting) when a frame
 * starts with digits and a space, else up to the next newline. Each frame decides anew,
 * as RFC 6587 allows senders to be detected per message.
 */
export class SyslogFramer {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onMessage: (message: string) => void, private readonly maxFrame = 64 * 1024) {}

  /** Adds bytes; returns false when a frame exceeds the limit (the caller drops the connection). */
  push(chunk: Buffer): boolean {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      let i = 0;
      while (i < this.buf.length && i < 10 && this.buf[i]! >= 0x30 && this.buf[i]! <= 0x39) i++;
      if (i > 0 && i < this.buf.length && this.buf[i] === 0x20) {
        const len = Number(this.buf.toString('latin1', 0, i));
        if (len > this.maxFrame) return false;
        if (this.buf.length < i + 1 + len) return true;
        this.emit(this.buf.subarray(i + 1, i + 1 + len));
        this.buf = this.buf.subarray(i + 1 + len);
        continue;
      }
      if (i === this.buf.length && i < 10) return true; // digits so far: wait for more
      const nl = this.buf.indexOf(10);
      if (nl === -1) return this.buf.length <= this.maxFrame;
      this.emit(this.buf.subarray(0, nl));
      this.buf = this.buf.subarray(nl + 1);
    }
  }

  /** The peer closed: a last message without newline still counts. */
  end(): void {
    if (this.buf.length > 0) this.emit(this.buf);
    this.buf = Buffer.alloc(0);
  }

  private emit(bytes: Buffer): void {
    const text = bytes.toString('utf8');
    if (text.trim() !== '') this.onMessage(text);
  }
}
