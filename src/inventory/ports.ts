/**
 * Port names compare loosely: the same S3900 port is `ethernet 1/19` in its config and
 * `Eth 1/19` (or `Eth 1/ 1`) in `show lldp neighbor`; case and spaces vary between
 * captures. Port-map lookups compare the normalised form.
 */

/** Lower-case, no spaces, `ethernet` shortened to `eth`. */
export function normalisePort(port: string): string {
  return port.toLowerCase().replace(/\s+/g, '').replace(/^ethernet/, 'eth');
}

/** Orders port names as a switch lists them: `eth-0-2` before `eth-0-10`. */
export function comparePorts(a: string, b: string): number {
  return NATURAL.compare(a, b);
}

const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
