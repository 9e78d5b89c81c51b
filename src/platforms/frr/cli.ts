/**
 * CLI of FRR 8.4 through `vtysh` (observed on FRR 8.4.4; docs/platforms.md, FRR). vtysh
 * starts in enable mode (`NAME# `, with a trailing space) after a `Hello, this is
 * FRRouting` banner; its errors are one line, mostly `% …`, one of them without `%`.
 */
import { ciscoLike, type CliRules } from '../cli-rules.js';

/** CLI rules of `frr`. */
export const frrCli: CliRules = Object.freeze({
  ...ciscoLike,
  // vtysh has `terminal length (0-512)`; 0 stops its external pager (VTYSH_PAGER), so no
  // pager marker is expected.
  pager: undefined,
  // Per-daemon mode prints `Configuration saved to …`; integrated mode (frr.conf, watchfrr
  // running) prints `Integrated configuration saved to …` then `[OK]` (observed, 8.4.4).
  save: Object.freeze({ command: 'write memory', success: /^(?:Integrated c|C)onfiguration saved to /m }),
  errorPatterns: Object.freeze([
    /^% Unknown command/,
    /^% Command incomplete/,
    /^% Ambiguous command/,
    /^% Can't find /,
    /^% (?:Specify remote-as|Create the peer-group|Invalid |Malformed |No such |There is no )/,
    // The one error without `%` (bgpd, `router bgp M` while AS N runs).
    /^BGP is already running; AS is \d+/,
  ]),
  versionPattern: /FRRouting/,
  // `hostname X` in vtysh renames only that vtysh session, not the daemons.
  managesHostname: false,
});
