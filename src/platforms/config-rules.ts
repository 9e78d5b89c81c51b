/**
 * The config half of a platform: how its configuration text is parsed, normalised and
 * remediated. Owned by src/config. (Placeholder; the config engine defines the rules.)
 */
export interface ConfigRules {
  /** Lines dropped before comparing (volatile: banners, timestamps, `end`). */
  readonly volatile: readonly RegExp[];
}
