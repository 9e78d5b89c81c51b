/**
 * The kernel's count of datagrams it dropped on a UDP socket of this process because its
 * receive buffer was full: on Linux the `drops` column of the socket's row in
 * /proc/net/udp (udp6), found by the socket's inode. Elsewhere there is no such count.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

/** One row of /proc/net/udp or /proc/net/udp6. */
interface UdpSocketRow {
  readonly port: number;
  readonly inode: string;
  readonly drops: number;
}

/**
 * Parses /proc/net/udp{,6}: `sl local_address rem_address st tx_queue:rx_queue tr:tm->when
 * retrnsmt uid timeout inode ref pointer drops`, addresses as `HEX:PORTHEX`.
 */
function parseProcUdp(text: string): UdpSocketRow[] {
  const rows: UdpSocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13) continue;
    const local = f[1]!;
    rows.push({ port: Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16), inode: f[9]!, drops: Number(f[12]) });
  }
  return rows;
}

/**
 * A reader of the drop count of this process's UDP socket bound to `port`, or undefined
 * when there is none to read (not Linux, or the socket is not found). The port alone is
 * not enough — another process may bind it on another address — so the row must also be
 * one of this process's own sockets.
 */
export async function udpDropCounter(port: number, type: 'udp4' | 'udp6'): Promise<(() => Promise<number | undefined>) | undefined> {
  const file = type === 'udp6' ? '/proc/net/udp6' : '/proc/net/udp';
  const rows = async () => parseProcUdp(await readFile(file, 'utf8').catch(() => ''));
  const onPort = (await rows()).filter((r) => r.port === port);
  if (onPort.length === 0) return undefined;
  const mine = await ownSocketInodes();
  const inode = onPort.find((r) => mine.has(r.inode))?.inode;
  if (inode === undefined) return undefined;
  return async () => (await rows()).find((r) => r.inode === inode)?.drops;
}

/** Inodes of the sockets this process has open (`/proc/self/fd/N` → `socket:[INODE]`). */
async function ownSocketInodes(): Promise<Set<string>> {
  const inodes = new Set<string>();
  const fds = await readdir('/proc/self/fd').catch(() => [] as string[]);
  for (const fd of fds) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m) inodes.add(m[1]!);
  }
  return inodes;
}
