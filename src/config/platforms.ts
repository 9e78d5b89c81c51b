/**
 * The config rules of each platform Switchyard ships, by name. (src/platforms/index.ts
 * combines these with the CLI rules; this lookup lets the config engine and `switchyard
 * diff` work from the config halves alone.)
 */
import type { ConfigRules } from '../platforms/config-rules.js';
import type { PlatformName } from '../platforms/types.js';
import { SwitchyardError } from '../errors.js';
import { FSOS_S5850_CONFIG } from '../platforms/fsos-s5850/config.js';
import { FSOS_S3900_CONFIG } from '../platforms/fsos-s3900/config.js';
import { IOS_CONFIG } from '../platforms/ios/config.js';
import { FRR_CONFIG } from '../platforms/frr/config.js';

/** Config rules by platform name. */
export const CONFIG_PLATFORMS: Readonly<Record<PlatformName, ConfigRules>> = Object.freeze({
  'fsos-s5850': FSOS_S5850_CONFIG,
  'fsos-s3900': FSOS_S3900_CONFIG,
  ios: IOS_CONFIG,
  frr: FRR_CONFIG,
});

/** The config rules of `name`; throws `UNKNOWN_PLATFORM` naming the known ones. */
export function configRulesFor(name: string): ConfigRules {
  if (Object.hasOwn(CONFIG_PLATFORMS, name)) return CONFIG_PLATFORMS[name as PlatformName];
  const known = Object.keys(CONFIG_PLATFORMS).join(', ');
  throw new SwitchyardError('UNKNOWN_PLATFORM', `unknown platform \`${name}\``, {
    hint: name === 'fsos' ? 'FSOS has two dialects: use fsos-s5850 (S5850/S5800) or fsos-s3900 (S3900)' : `known platforms: ${known}`,
  });
}
