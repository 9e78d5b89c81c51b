/**
 * Masks secrets in transcripts and error messages: the exact strings a session sent
 * (passwords, enable secret, extra secrets the caller names) and the secret-bearing
 * config forms switches print (`secret 5 …`, `password 7 …`, SNMP communities, keys).
 */

/** What replaces a secret. */
export const MASK = '*****';

// Config forms whose last word is a secret. Group 1 is kept, the secret after it masked.
const SECRET_FORMS: readonly RegExp[] = [
  /(\b(?:secret|password)(?: \d{1,2})? )(\S+)/g,
  /(\bsnmp-server community )(\S+)/g,
  /(\b(?:key-string(?: \d)?|authentication-key|message-digest-key \d+ md5(?: \d)?|key \d{1,2}) )(\S+)/g,
  /(\b(?:tacacs-server|radius-server) (?:host \S+ )?key )(\S+)/g,
];

/** Masks the given literal secrets and the secret forms of switch configs. */
export class Masker {
  private readonly literal: RegExp | undefined;

  constructor(secrets: readonly (string | undefined)[]) {
    const unique = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length > 0))];
    // Longest first so a secret that contains another is masked whole.
    unique.sort((a, b) => b.length - a.length);
    this.literal = unique.length === 0 ? undefined : new RegExp(unique.map(escapeRegExp).join('|'), 'g');
  }

  /** Returns `text` with every secret replaced by {@link MASK}. */
  mask(text: string): string {
    let out = this.literal === undefined ? text : text.replace(this.literal, MASK);
    for (const form of SECRET_FORMS) out = out.replace(form, (_m, keep: string) => keep + MASK);
    return out;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
