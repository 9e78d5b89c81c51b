/**
 * The config engine: parse a config into a tree, normalise it, compute the remediation
 * (the ordered commands, negations included) and its rollback, predict the config after
 * commands, and diff configs for humans with secrets masked. Pure code, no network.
 */
export { parseConfig } from './parse.js';
export { normalise } from './serialise.js';
export { remediate, remediateTrees, rollback } from './remediate.js';
export { predict } from './predict.js';
export { checkConvergence } from './convergence.js';
export { maskSecrets, unifiedDiff } from './diff.js';
