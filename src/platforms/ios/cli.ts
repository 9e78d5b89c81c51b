/**
 * CLI of a generic Cisco IOS-like switch. docs/dialects.md § ios. Only the differences
 * from the shared Cisco-like rules are listed.
 */
import { ciscoLike, ciscoLikeErrors, type CliRules } from '../cli-rules.js';

/** CLI rules of `ios`. */
export const iosCli: CliRules = Object.freeze({
  ...ciscoLike,
  // IOS scrolls lines longer than the terminal width sideways; the session's pty is 511
  // columns wide, and `terminal width 511` says so to images that ignore the pty size.
  pagingOff: Object.freeze(['terminal length 0', 'terminal width 511']),
  save: Object.freeze({
    command: 'write memory',
    confirmations: Object.freeze([Object.freeze({ prompt: /Destination filename \[[^\]]*\]\?\s*$/, answer: '\n' })]),
    success: /\[OK\]/,
  }),
  errorPatterns: Object.freeze([...ciscoLikeErrors, /^\s*% ?Invalid command/, /^\s*%Error\b/]),
  versionPattern: /Cisco IOS Software|IOS \(tm\)/,
  // `show lldp neighbors`: Device ID (cut to 20 characters), Local Intf, Hold-time,
  // Capability (may be empty), Port ID.
  lldp: Object.freeze({
    command: 'show lldp neighbors',
    record: /^(?<systemName>(?!Device ID|Capability codes|Total entries)\S+)[ \t]+(?<localPort>[A-Za-z]+[\d/.:]+)[ \t]+\d+[ \t]+(?:[A-Z,]+[ \t]+)?(?<portId>\S+)[ \t]*$/gm,
  }),
});
