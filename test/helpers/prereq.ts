/**
 * Tests that need a program outside Node (OpenSSH's client, sshpass, …): skip with a
 * message naming what to install on a developer's machine, fail under CI (CI=true), where
 * .ci/run installs them and a skip would hide a missing install step.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestContext } from 'node:test';
import { recordSkip } from './skips.js';

/** The Debian package that brings each tool. */
const PACKAGES: Readonly<Record<string, string>> = {
  ssh: 'openssh-client',
  sshpass: 'sshpass',
  openssl: 'openssl',
};

/** True when `tool` is an executable file in a PATH folder. */
function onPath(tool: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, tool);
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/**
 * Checks that `tools` are installed. Missing outside CI: skips the test (returns false,
 * the caller returns at once) and records the skip for the runner's summary. Missing
 * under CI: throws, failing the test.
 */
export function requireTools(t: TestContext, tools: readonly string[]): boolean {
  const missing = tools.filter((tool) => !onPath(tool));
  if (missing.length === 0) return true;
  const packages = [...new Set(missing.map((tool) => PACKAGES[tool] ?? tool))];
  const message = `needs ${missing.join(', ')} on PATH (Debian: apt-get install ${packages.join(' ')})`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI must have it (.ci/run installs it)`);
  recordSkip('test', t.name, message);
  t.skip(message);
  return false;
}
