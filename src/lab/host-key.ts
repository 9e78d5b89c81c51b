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
export function keyFileName(device: string): string {
  const safe = device.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `${safe || '_'}.key`;
}

function publicLineOf(privateKey: string): string {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}

/** Loads the device's key from `keyDir`, generating and saving it (mode 0600) when absent. */
export async function loadOrCreateHostKey(keyDir: string, device: string): Promise<HostKey> {
  const path = join(keyDir, keyFileName(device));
  let privateKey: string;
  try {
    privateKey = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    privateKey = ssh2.utils.generateKeyPairSync('ed25519').private;
    await writeFileAtomic(path, privateKey, { mode: 0o600 });
  }
  return { privateKey, publicLine: publicLineOf(privateKey) };
}
