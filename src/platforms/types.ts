/**
 * A platform is data: how its CLI looks (prompts, paging, config mode, save, errors) and
 * how its configuration behaves (negation, idempotent commands, ordering, sections).
 * A new platform is a new folder of data under src/platforms/, not a new code path.
 *
 * `cli` is read by src/device (the SSH CLI session); `config` by src/config (parse,
 * normalise, remediate). Each half is defined in its own file so the two evolve apart.
 */
import type { CliRules } from './cli-rules.js';
import type { ConfigRules } from './config-rules.js';

/** Names of the platforms Switchyard ships. `fsos` (a family, see PLATFORM_FAMILIES) resolves to one of the two FSOS dialects by model. */
export type PlatformName = 'fsos-s5850' | 'fsos-s3900' | 'ios' | 'frr';

/** One platform: identity, CLI rules and config rules. Frozen. */
export interface Platform {
  readonly name: PlatformName;
  /** What a human calls it, for messages. */
  readonly title: string;
  readonly cli: CliRules;
  readonly config: ConfigRules;
  /**
   * The hardware models known to run this platform, as an inventory's `model` spells
   * them; a model not listed is refused. Absent: any model (IOS-like, FRR).
   */
  readonly models?: readonly string[];
}
