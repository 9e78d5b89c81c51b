/**
 * Prerequisites of the system tests: root, and the Debian packages' programs. Outside CI a
 * suite whose prerequisites are missing is skipped with a message naming them, and the
 * runner names it again in its summary; under `CI=true` it fails instead, so a CI machine
 * that lost a package cannot pass by skipping.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, test } from 'node:test';
import { recordSkip } from '../helpers/skips.js';

/** A program the lab runs, and the Debian package that ships it. */
interface Tool {
  readonly name: string;
  /** Absolute path, or a command looked up on PATH. */
  readonly path: string;
  readonly pkg: string;
}

/** The programs every lab needs (FRR behind sshd, DHCP client, namespaces). */
export const LAB_TOOLS: readonly Tool[] = [
  { name: 'ip', path: 'ip', pkg: 'iproute2' },
  { name: 'unshare', path: 'unshare', pkg: 'util-linux' },
  { name: 'zebra', path: '/usr/lib/frr/zebra', pkg: 'frr' },
  { name: 'staticd', path: '/usr/lib/frr/staticd', pkg: 'frr' },
  { name: 'bgpd', path: '/usr/lib/frr/bgpd', pkg: 'frr' },
  { name: 'watchfrr', path: '/usr/lib/frr/watchfrr', pkg: 'frr' },
  { name: 'vtysh', path: 'vtysh', pkg: 'frr' },
  { name: 'sshd', path: '/usr/sbin/sshd', pkg: 'openssh-server' },
  { name: 'ssh-keygen', path: 'ssh-keygen', pkg: 'openssh-client' },
  { name: 'ssh', path: 'ssh', pkg: 'openssh-client' },
  { name: 'sshpass', path: 'sshpass', pkg: 'sshpass' },
  { name: 'useradd', path: 'useradd', pkg: 'passwd' },
  { name: 'chpasswd', path: 'chpasswd', pkg: 'passwd' },
  { name: 'busybox', path: 'busybox', pkg: 'busybox' },
];
/** ISC dhcpd. */
export const DHCPD: Tool = { name: 'dhcpd', path: 'dhcpd', pkg: 'isc-dhcp-server' };
/** ISC dhcrelay. */
export const DHCRELAY: Tool = { name: 'dhcrelay', path: 'dhcrelay', pkg: 'isc-dhcp-relay' };
/** dnsmasq. */
export const DNSMASQ: Tool = { name: 'dnsmasq', path: 'dnsmasq', pkg: 'dnsmasq' };

function executable(path: string): boolean {
  const candidates = path.includes('/')
    ? [path]
    : (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin']).map((d) => join(d, path));
  return candidates.some((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** What of TOOLS (and root) is missing, as human-readable items. */
export function missingPrerequisites(tools: readonly Tool[]): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (the lab creates network namespaces)');
  for (const tool of tools) if (!executable(tool.path)) missing.push(`${tool.name} (Debian package ${tool.pkg})`);
  return missing;
}

/**
 * A system-test suite: `describeLab('…', [...LAB_TOOLS, DHCPD], () => …)`. When something is
 * missing outside CI the suite is skipped with a message naming it, and the skip is
 * recorded for the runner's summary (node 20 does not count skipped suites). Under CI=true
 * a missing prerequisite registers a failing test naming it (and the suite is skipped, so
 * its hooks do not fail a second time on the same cause).
 */
export function describeLab(name: string, tools: readonly Tool[], fn: () => void): void {
  const missing = missingPrerequisites(tools);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const message = `system-test prerequisites missing: ${missing.join(', ')}`;
  if (process.env.CI === 'true') {
    test(`${name}: system-test prerequisites are installed`, () => {
      throw new Error(`${message} (CI=true: .ci/run installs them)`);
    });
  }
  recordSkip('suite', name, message);
  describe(name, { skip: message }, fn);
}
