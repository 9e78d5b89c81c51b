/**
 * The config diff for humans: a unified diff of the two normalised configs, with secrets
 * masked (passwords, `secret 5 …`, `password 7 …`, SNMP communities, keys).
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { ConfigRules } from '../platforms/config-rules.js';
import { compile } from './compiled.js';
import { normalise } from './serialise.js';

/** `text` with every secret the platform knows replaced by `<masked>`, line by line. */
export function maskSecrets(text: string, rules: ConfigRules): string {
  const c = compile(rules);
  return text
    .split('\n')
    .map((line) => c.mask(line))
    .join('\n');
}

/**
 * A unified diff of the normalised configs, secrets masked; '' when they are equal. The
 * diff is computed before masking, so a changed password still shows as a changed line.
 */
export function unifiedDiff(running: string, desired: string, rules: ConfigRules, labels: { from?: string; to?: string } = {}): string {
  const a = normalise(running, rules);
  const b = normalise(desired, rules);
  if (a === b) return '';
  const patch = createTwoFilesPatch(labels.from ?? 'running', labels.to ?? 'desired', a, b, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  return maskSecrets(patch, rules);
}
