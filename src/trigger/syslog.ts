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
import { udpDropCounter } from './udp-drops.js';

/** A received message as a log line, with the time its header gave (if any). */
interface SyslogLine {
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

/**
 * Receive buffer a UDP listener asks for: with the default (208 kB on Debian), 744 of
 * 1,000 datagrams sent in 2 ms were lost. Linux grants at most net.core.rmem_max.
 */
const UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;

/** A running listener. */
export interface SyslogListener {
  readonly port: number;
  /** `udp://HOST:PORT` or `tcp://HOST:PORT`, with the port bound. */
  readonly address: string;
  /** UDP: the receive buffer the kernel granted, in bytes (Linux books twice what it was asked, for its own overhead). */
  readonly receiveBuffer?: number;
  /** Datagrams (UDP) or messages (TCP) received. */
  received(): number;
  /** UDP on Linux: datagrams the kernel dropped on this socket because its receive buffer was full; undefined where it cannot tell (and for TCP, which drops nothing). */
  drops(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Options of {@link listenSyslog}. */
interface SyslogOptions {
  readonly proto: 'udp' | 'tcp';
  readonly host: string;
  readonly port: number;
  readonly onLine: (line: SyslogLine, source: string) => void;
  readonly log: TriggerLogger;
  /** Open TCP connections at most (further ones are closed at once). */
  readonly maxConnections?: number;
  /** UDP receive buffer to ask for; default UDP_RECEIVE_BUFFER. */
  readonly recvBufferSize?: number;
}

/** Starts a UDP or TCP syslog listener. */
export async function listenSyslog(options: SyslogOptions): Promise<SyslogListener> {
  return options.proto === 'udp' ? listenUdp(options) : listenTcp(options);
}

async function listenUdp(options: SyslogOptions): Promise<SyslogListener> {
  const type = options.host.includes(':') ? 'udp6' : 'udp4';
  // A burst of leases (a rack booting, a relay flushing its queue) arrives faster than one
  // thread decides; what does not fit in the buffer the kernel drops, unseen by anyone.
  const asked = options.recvBufferSize ?? UDP_RECEIVE_BUFFER;
  const sock: UdpSocket = createSocket({ type, recvBufferSize: asked });
  let received = 0;
  sock.on('message', () => received++);
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
  const { port } = sock.address();
  source = `syslog:udp://${options.host}:${port}`;
  const address = `udp://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const granted = sock.getRecvBufferSize();
  // Linux reports twice the size it accepted; less than that means net.core.rmem_max capped it.
  if (granted < (process.platform === 'linux' ? 2 * asked : asked)) {
    options.log({ level: 'warn', msg: 'syslog UDP receive buffer smaller than asked; raise net.core.rmem_max', address, asked, granted });
  }
  const drops = await udpDropCounter(port, type);
  return {
    port,
    address,
    receiveBuffer: granted,
    received: () => received,
    drops: () => (drops ? drops() : Promise.resolve(undefined)),
    close: () => new Promise<void>((r) => sock.close(() => r())),
  };
}

async function listenTcp(options: SyslogOptions): Promise<SyslogListener> {
  const sockets = new Set<Socket>();
  let received = 0;
  let source = `syslog:tcp://${options.host}:${options.port}`;
  const server: Server = createServer((sock) => {
    if (sockets.size >= (options.maxConnections ?? 64)) {
      sock.destroy();
      return;
    }
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    const framer = new SyslogFramer((m) => {
      received++;
      options.onLine(syslogToLine(m), source);
    });
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
    address: `tcp://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    received: () => received,
    drops: () => Promise.resolve(undefined),
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
