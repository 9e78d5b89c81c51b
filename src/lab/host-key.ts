/**
 * Persisted host keys of simulated devices: one ed25519 key per device name in a key
 * folder, generated on first start and reused after, so a client that pinned the key
 * keeps trusting the same simulated switch across restarts (as it would a real one).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { writeFileAtomic } from '../util/atomic-write.js';

/** A device's host key: the private key for the server, the public line for clients. */
export interface HostKey {
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA…` */
  readonly publicLine: string;
}

/** A file name for a device name: names are inventory keys, but never trust them as paths. */
function keyFileName(device: string): string {
  const safe = device.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `${safe || '_'}.key`;
}

function publicLineOf(privateKey: string): string | undefined {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) return undefined;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return key ? `${key.type} ${key.getPublicSSH().toString('base64')}` : undefined;
}

/**
 * A new ed25519 key that ssh2 can read back: ssh2 1.17's generateKeyPairSync yields, about
 * once in 256, a key its own parseKey rejects (a leading zero byte of the public key is
 * dropped; mscdex/ssh2#1513), so generate until it parses. Every ed25519 key made for an
 * ssh2 server or client (the tests' scripted switches and client keys too) comes from here.
 */
export function generateHostKey(): HostKey {
  for (;;) {
    const privateKey = ssh2.utils.generateKeyPairSync('ed25519').private;
    const publicLine = publicLineOf(privateKey);
    if (publicLine) return { privateKey, publicLine };
  }
}

/** Loads the device's key from `keyDir`, generating and saving it (mode 0600) when absent. */
export async function loadOrCreateHostKey(keyDir: string, device: string): Promise<HostKey> {
  const path = join(keyDir, keyFileName(device));
  let stored: string | undefined;
  try {
    stored = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const publicLine = stored === undefined ? undefined : publicLineOf(stored);
  if (stored !== undefined && publicLine) return { privateKey: stored, publicLine };
  // Absent, or unreadable by ssh2 (never served, so no client can have pinned it): a new one.
  const key = generateHostKey();
  await writeFileAtomic(path, key.privateKey, { mode: 0o600 });
  return key;
}
