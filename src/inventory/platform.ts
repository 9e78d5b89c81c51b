/**
 * From the inventory's platform word to the platform data to use. `fsos` is not one
 * dialect: the S3900 family (FSOS 1.7, Edgecore-like) and the S5850 family (FSOS 7,
 * Centec-like) differ in almost every command, so the model picks one.
 */
import type { PlatformName } from '../platforms/types.js';

/** The platform words an inventory may use. */
export const PLATFORM_FAMILIES = ['fsos', 'ios', 'frr'] as const;

/** Resolves `family` (+ model) to a platform name, or `undefined` for an unknown family. */
export function resolvePlatform(family: string, model: string | undefined): PlatformName | undefined {
  switch (family) {
    case 'fsos':
      return model !== undefined && model.toUpperCase().startsWith('S3900') ? 'fsos-s3900' : 'fsos-s5850';
    case 'ios':
      return 'ios';
    case 'frr':
      return 'frr';
    default:
      return undefined;
  }
}
