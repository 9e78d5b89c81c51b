/**
 * The golden cases of the config engine: test/fixtures/config/<platform>/<case>/ with
 * `running.cfg`, `desired.cfg`, `remediation.cfg` and `rollback.cfg`. The golden, property
 * and diff tests iterate the platform registry (src/platforms) and read each platform's
 * cases from here, so a new platform's goldens run without editing a table.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../../helpers/paths.js';

/** Where the golden cases live, one folder per platform. */
const goldensDir = join(fixturesDir, 'config');

/** The four files of every golden case. */
type GoldenFile = 'running.cfg' | 'desired.cfg' | 'remediation.cfg' | 'rollback.cfg';

/** The platform folders under test/fixtures/config. */
export function goldenPlatforms(): string[] {
  return readdirSync(goldensDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The case folders of `platform`, sorted; none when it has no folder. */
export function goldenCases(platform: string): string[] {
  const dir = join(goldensDir, platform);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** One file of one case. */
export function readGolden(platform: string, name: string, file: GoldenFile): string {
  return readFileSync(join(goldensDir, platform, name, file), 'utf8');
}

/** One config of a golden case, named by its case and file. */
interface GoldenConfig {
  readonly label: string;
  readonly text: string;
}

/** Every running and desired config of `platform`'s cases: real configs to pair with each other. */
export function goldenConfigs(platform: string): GoldenConfig[] {
  return goldenCases(platform).flatMap((name) =>
    (['running.cfg', 'desired.cfg'] as const).map((file) => ({ label: `${platform}/${name}/${file}`, text: readGolden(platform, name, file) })),
  );
}
