/**
 * The platforms Switchyard ships: each a folder of data (cli.ts for src/device,
 * config.ts for src/config), combined here. A new platform is a new folder.
 */
import { SwitchyardError } from '../errors.js';
import type { Platform, PlatformName } from './types.js';
import { platform as fsosS5850 } from './fsos-s5850/index.js';
import { platform as fsosS3900 } from './fsos-s3900/index.js';
import { platform as ios } from './ios/index.js';
import { platform as frr } from './frr/index.js';

export type { Platform, PlatformName } from './types.js';
export type { CliRules } from './cli-rules.js';
export type { ConfigRules } from './config-rules.js';

/** Every platform by name. */
export const PLATFORMS: Readonly<Record<PlatformName, Platform>> = Object.freeze({
  'fsos-s5850': fsosS5850,
  'fsos-s3900': fsosS3900,
  ios,
  frr,
});

/**
 * Words that name a family of platforms rather than one: the device's model picks the
 * member (`fsos`: S5850/S5800 → fsos-s5850, S3900 → fsos-s3900). FSOS is not one dialect:
 * the S3900 family (FSOS 1.7, Edgecore-like) and the S5850 family (FSOS 7, Centec-like)
 * differ in almost every command.
 */
export const PLATFORM_FAMILIES: Readonly<Record<string, readonly PlatformName[]>> = Object.freeze({
  fsos: Object.freeze(['fsos-s5850', 'fsos-s3900'] as const),
});

/** Every platform word Switchyard accepts, in the inventory and on the command line alike: the platforms' names, then the families. */
export const PLATFORM_WORDS: readonly string[] = Object.freeze([...Object.keys(PLATFORMS), ...Object.keys(PLATFORM_FAMILIES)]);

/** The platform called `name`; throws UNKNOWN_PLATFORM naming the known ones. */
export function getPlatform(name: string): Platform {
  if (Object.hasOwn(PLATFORMS, name)) return PLATFORMS[name as PlatformName];
  throw new SwitchyardError('UNKNOWN_PLATFORM', `unknown platform \`${name}\``, {
    hint: name === 'fsos' ? 'FSOS has two dialects: fsos-s5850 (S5850/S5800) and fsos-s3900 (S3900); the inventory picks one by model' : `known platforms: ${Object.keys(PLATFORMS).join(', ')}`,
  });
}
