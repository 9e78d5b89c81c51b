/**
 * Platforms for device tests, built from the CLI halves (src/platforms/<name>/cli.ts) and
 * a placeholder config half. The one place that knows how a Platform is assembled until
 * src/platforms/index.ts exists; swap this for `getPlatform(name)` then.
 */
import { fsosS3900Cli } from '../../src/platforms/fsos-s3900/cli.js';
import { fsosS5850Cli } from '../../src/platforms/fsos-s5850/cli.js';
import { frrCli } from '../../src/platforms/frr/cli.js';
import { iosCli } from '../../src/platforms/ios/cli.js';
import type { CliRules } from '../../src/platforms/cli-rules.js';
import type { ConfigRules } from '../../src/platforms/config-rules.js';
import type { Platform, PlatformName } from '../../src/platforms/types.js';

const CLI: Record<PlatformName, CliRules> = { 'fsos-s5850': fsosS5850Cli, 'fsos-s3900': fsosS3900Cli, ios: iosCli, frr: frrCli };

/** A Platform whose CLI half is the real one; `cli` overrides parts of it (tests of fallbacks). */
export function testPlatform(name: PlatformName, cli: Partial<CliRules> = {}): Platform {
  const config = { volatile: [] } as unknown as ConfigRules;
  return Object.freeze({ name, title: name, cli: Object.freeze({ ...CLI[name], ...cli }), config });
}
