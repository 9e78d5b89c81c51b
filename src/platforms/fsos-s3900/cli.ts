/**
 * CLI of FS S3900-24T4S/-48T4S switches, FSOS 1.7.x (Edgecore-like). docs/dialects.md §
 * fsos-s3900. Cisco-like (pager `---More---`); only the differences are listed.
 */
import { ciscoLike, ciscoLikeErrors, type CliRules } from '../cli-rules.js';

/** CLI rules of `fsos-s3900`. */
export const fsosS3900Cli: CliRules = Object.freeze({
  ...ciscoLike,
  // Edgecore style: asks for the file name; Enter keeps `startup.cfg`; then `Success.`
  save: Object.freeze({
    command: 'copy running-config startup-config',
    confirmations: Object.freeze([Object.freeze({ prompt: /Startup configuration file name \[[^\]]*\]:?\s*$/i, answer: '\n' })]),
    success: /Success\./,
  }),
  // Edgecore firmware also answers some bad arguments with a bare `Incorrect usage`.
  errorPatterns: Object.freeze([...ciscoLikeErrors, /^\s*Incorrect usage/, /^\s*% ?(?:Error|Failed)\b/i]),
  versionPattern: /Operation Code Version\s*:\s*1\.\d/,
  // The `show lldp neighbor` table (singular command); ports print as `Eth 1/19` or
  // `Eth 1/ 1` and LAGs as `Group 1`, so columns are found by the `Hold Time` column
  // (`120 seconds`), not by splitting on spaces.
  lldp: Object.freeze({
    command: 'show lldp neighbor',
    record:
      /^[ \t]*(?<localPort>Eth \d+\/ ?\d+|Group \d+|\S+)[ \t]+(?<chassisId>\S+)[ \t]+(?<portId>\S(?:.*?\S)?)[ \t]+\d+ seconds[ \t]+(?<systemName>\S(?:.*\S)?)[ \t]*$/gm,
  }),
  // Old Edgecore firmware offers only SHA-1 key exchange and CBC ciphers.
  legacyAlgorithms: Object.freeze({
    kex: Object.freeze(['diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1']),
    cipher: Object.freeze(['aes128-cbc', 'aes256-cbc', '3des-cbc']),
    serverHostKey: Object.freeze(['ssh-dss']),
  }),
});
