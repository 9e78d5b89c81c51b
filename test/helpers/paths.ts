import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Absolute path of the repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Absolute path of test/fixtures. */
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
