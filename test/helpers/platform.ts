/**
 * Platforms for device tests: the shipped platform (src/platforms), with parts of its CLI
 * half overridden where a test needs it (e.g. paging left on to exercise the pager).
 */
import { getPlatform, type CliRules, type Platform, type PlatformName } from '../../src/platforms/index.js';

/** The platform `name`; `cli` overrides parts of its CLI rules. */
export function testPlatform(name: PlatformName, cli: Partial<CliRules> = {}): Platform {
  const platform = getPlatform(name);
  return Object.keys(cli).length === 0 ? platform : Object.freeze({ ...platform, cli: Object.freeze({ ...platform.cli, ...cli }) });
}
