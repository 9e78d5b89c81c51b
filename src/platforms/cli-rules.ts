/**
 * The CLI half of a platform: everything src/device needs to drive an interactive
 * session. Pure data (regexes, strings); the session code is generic.
 */

/** A question the device may ask, and the answer to give. */
export interface Confirmation {
  /** Matched against the current (unfinished) output line, e.g. `/\[confirm\]\s*$/`. */
  readonly prompt: RegExp;
  /** The exact keys to send, including Enter where the device needs it (`'\n'`, `'y\n'`). */
  readonly answer: string;
}

/** CLI rules of one platform. */
export interface CliRules {
  /**
   * Matches any prompt (exec, enable, config modes); group 1 = hostname. Tested against the
   * current, unfinished output line only, so anchor it with `^` and `$`; it must match
   * any hostname, because the prompt changes as soon as `hostname X` is accepted.
   */
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
  /** Tested against each output line of a command: a match means the device rejected it. */
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
   * where vtysh's `hostname` changes only that vtysh session (docs/platforms.md, FRR).
   */
  readonly managesHostname?: boolean;
  /** What ends a command line; default `'\n'`. */
  readonly newline?: string;
  /** SSH algorithms to add for old firmware (merged with ssh2's defaults). */
  readonly legacyAlgorithms?: {
    readonly kex?: readonly string[];
    readonly serverHostKey?: readonly string[];
    readonly cipher?: readonly string[];
    readonly hmac?: readonly string[];
  };
}

/** The error lines every Cisco-like CLI prints (after a caret line pointing at the word). */
export const ciscoLikeErrors: readonly RegExp[] = Object.freeze([
  /^\s*% ?Invalid input detected/,
  /^\s*% ?Incomplete command/,
  /^\s*% ?Ambiguous command/,
  /^\s*% ?Unknown command/,
]);

/**
 * What the Cisco-like CLIs (FSOS, IOS, FRR's vtysh) share. A platform file spreads this
 * and states only where it differs: paging, save, errors, version, LLDP.
 */
export const ciscoLike = Object.freeze({
  /** `NAME>`, `NAME#`, `NAME(config…)#`, optionally followed by one space (FRR). */
  prompt: /^([A-Za-z0-9][\w.-]{0,63})(?:\([\w./-]+\))?[>#] ?$/,
  /** Any config mode: `NAME(config)#`, `NAME(config-if-eth-0-1)#`, `NAME(config-router-af)# `. */
  configPrompt: /^[A-Za-z0-9][\w.-]{0,63}\(config[\w./-]*\)# ?$/,
  /** Unprivileged exec: `NAME>`. */
  userPrompt: /^[A-Za-z0-9][\w.-]{0,63}> ?$/,
  pagingOff: Object.freeze(['terminal length 0']),
  /** ` --More-- ` (FSOS S5850, IOS) and `---More---` (FSOS S3900), maybe in reverse video; a space continues. */
  pager: Object.freeze({ pattern: /\s*-{2,3} ?More ?-{2,3}\s*$/, answer: ' ' }),
  /** `enable` asks `Password:` where the account is not at the top privilege level. */
  enable: Object.freeze({ command: 'enable', passwordPrompt: /^\s*Password:\s*$/i }),
  configEnter: 'configure terminal',
  configExit: 'end',
  showRunning: 'show running-config',
  showVersion: 'show version',
  errorPatterns: ciscoLikeErrors,
  /** `[confirm]` wants Enter; `(y/n)` and `[yes/no]` want a yes. */
  confirmations: Object.freeze([
    Object.freeze({ prompt: /\[confirm\]\s*$/, answer: '\n' }),
    Object.freeze({ prompt: /[[(](?:y\/n|yes\/no)[\])]\s*[?:]?\s*$/i, answer: 'y\n' }),
  ]),
  managesHostname: true,
} satisfies Omit<CliRules, 'save'>);
