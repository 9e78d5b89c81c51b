/**
 * The CLI half of a platform: everything src/device needs to drive an interactive
 * session. Pure data (regexes, strings); the session code is generic.
 */

/** A question the device may ask, and the answer to give. */
export interface Confirmation {
  readonly prompt: RegExp;
  readonly answer: string;
}

/** CLI rules of one platform. */
export interface CliRules {
  /** Matches any prompt at the end of the buffer (exec, enable, config modes); group 1 = hostname. */
  readonly prompt: RegExp;
  /** Matches a prompt in any config mode (subset of `prompt`). */
  readonly configPrompt: RegExp;
  /** Matches the unprivileged exec prompt (e.g. `host>`), when the platform has one. */
  readonly userPrompt?: RegExp;
  /** Commands that turn paging off, sent once after login. */
  readonly pagingOff: readonly string[];
  /** Pager marker printed mid-output when paging is still on, and the key that continues. */
  readonly pager?: { readonly pattern: RegExp; readonly answer: string };
  /** How to reach privileged mode from `userPrompt`, if needed. */
  readonly enable?: { readonly command: string; readonly passwordPrompt: RegExp };
  /** Enter config mode (`configure terminal`). */
  readonly configEnter: string;
  /** Leave config mode entirely (`end`). */
  readonly configExit: string;
  /** Print the running config. */
  readonly showRunning: string;
  /** Print the version (used to confirm the dialect and read model/serial). */
  readonly showVersion: string;
  /** Save running to startup, and the questions it may ask. */
  readonly save: { readonly command: string; readonly confirmations?: readonly Confirmation[]; readonly success?: RegExp };
  /** Output lines that mean the device rejected the command. */
  readonly errorPatterns: readonly RegExp[];
  /** Questions any command may ask (`[confirm]`, `(y/n)`), with answers. */
  readonly confirmations: readonly Confirmation[];
  /** Pattern in `showVersion` output that confirms this platform. */
  readonly versionPattern?: RegExp;
  /**
   * How to read LLDP neighbours (zero-touch identification by port map): the command, and
   * a global regex matched repeatedly over its output, one match per neighbour, with named
   * groups `localPort`, `systemName`, `portId` (and optionally `chassisId`).
   */
  readonly lldp?: { readonly command: string; readonly record: RegExp };
  /**
   * Whether `hostname` in the config renames the device for new sessions. False on FRR,
   * where vtysh's `hostname` changes only that vtysh session (PLATFORM-NOTES.md).
   */
  readonly managesHostname?: boolean;
  /** SSH algorithms to add for old firmware (merged with ssh2's defaults). */
  readonly legacyAlgorithms?: {
    readonly kex?: readonly string[];
    readonly serverHostKey?: readonly string[];
    readonly cipher?: readonly string[];
    readonly hmac?: readonly string[];
  };
}
