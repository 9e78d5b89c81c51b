/**
 * Secrets are references in the inventory and resolved only when a session needs them,
 * so a secret never sits in a loaded Inventory, a log or an error message.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { SwitchyardError } from '../errors.js';
import type { SecretRef } from './types.js';

/**
 * Resolves a secret reference: a literal as is, `{ env: NAME }` from the environment,
 * `{ file: PATH }` from a file (relative to `root`; one trailing newline is dropped).
 * Throws SECRET_UNRESOLVED naming the variable or file, never a value.
 */
export async function resolveSecret(ref: SecretRef, root: string): Promise<string> {
  if (typeof ref === 'string') return ref;
  if ('env' in ref) {
    const value = process.env[ref.env];
    if (value === undefined || value === '') {
      throw new SwitchyardError('SECRET_UNRESOLVED', `environment variable ${ref.env} is not set`, {
        hint: `export ${ref.env}=… in the environment of switchyard (or its systemd unit), or use { file: PATH } with a git-ignored file`,
      });
    }
    return value;
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(root, ref.file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SwitchyardError('SECRET_UNRESOLVED', `secret file ${ref.file} cannot be read (${why})`, {
      hint: `create ${path} holding only the secret (mode 600, git-ignored)`,
      cause: err,
    });
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new SwitchyardError('SECRET_UNRESOLVED', `secret file ${ref.file} is empty`, { hint: `write the secret into ${path}` });
  return value;
}
