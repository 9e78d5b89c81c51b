/**
 * CLI of FS S5850/S5800 switches, FSOS 7.x (Centec-like). docs/dialects.md § fsos-s5850.
 * Cisco-like; only the differences are listed.
 */
import { ciscoLike, ciscoLikeErrors, type CliRules } from '../cli-rules.js';

/** CLI rules of `fsos-s5850`. */
export const fsosS5850Cli: CliRules = Object.freeze({
  ...ciscoLike,
  // A `privilege 4` user (the top level on FSOS 7) gets `#` from `enable` without a secret.
  // `write` prints `[OK]` (Centec OS; netmiko's centec_os saves the same way).
  save: Object.freeze({ command: 'write', success: /\[OK\]/ }),
  errorPatterns: Object.freeze([...ciscoLikeErrors, /^\s*% ?(?:Error|Failed|Cannot|Can't)\b/i]),
  versionPattern: /^FSOS Software, S58\d0\b/m,
  // One block per neighbour, a blank line between blocks (values run to the line end:
  // an S3900 neighbour's port ID is `ethernet 1/1`):
  //   Local Port: eth-0-1 / Chassis ID: 64:9d:99:00:00:01 / Port ID: eth-0-1 / System Name: FS-S5850-SRV
  lldp: Object.freeze({
    command: 'show lldp neighbors',
    record: new RegExp(
      [
        String.raw`^[ \t]*Local Port:[ \t]*(?<localPort>\S+)[ \t]*\n`,
        // The chassis ID line may be missing (a neighbour that sends none); other lines may sit between.
        String.raw`(?:(?![ \t]*(?:Local Port|Chassis ID|Port ID):).*\n)*?`,
        String.raw`(?:[ \t]*Chassis ID:[ \t]*(?<chassisId>\S+)[ \t]*\n(?:(?![ \t]*(?:Local Port|Port ID):).*\n)*?)?`,
        String.raw`[ \t]*Port ID:[ \t]*(?<portId>\S(?:[^\n]*\S)?)[ \t]*\n`,
        String.raw`(?:(?![ \t]*Local Port:).*\n)*?`,
        String.raw`[ \t]*System Name:[ \t]*(?<systemName>\S(?:[^\n]*\S)?)`,
      ].join(''),
      'gm',
    ),
  }),
});
