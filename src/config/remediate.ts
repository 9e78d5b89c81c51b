/**
 * Remediation: the ordered commands that take a device from its running config to the
 * desired one — negations included — and the rollback that takes it back.
 */
import type { ConfigRules } from '../platforms/config-rules.js';
import { compile } from './compiled.js';
import { emit, type Remediation } from './emit.js';
import type { ConfigTree, Node } from './node.js';
import { listOps } from './ops.js';
import { parseTree } from './parse.js';
import { orderOps } from './ordering.js';

/** The commands that turn `running` into `desired` (two config texts of one platform). */
export function remediate(running: string, desired: string, rules: ConfigRules): Remediation {
  const c = compile(rules);
  return remediateTrees(parseTree(running, c), parseTree(desired, c), rules);
}

/** As {@link remediate}, on trees already parsed with `rules` (parse once, remediate and roll back). */
export function remediateTrees(running: ConfigTree, desired: ConfigTree, rules: ConfigRules): Remediation {
  const c = compile(rules);
  return emit(orderOps(listOps(running as Node, desired as Node, c), c), c);
}

/** The commands that take a device back from `desired` to `running`: `remediate(desired, running)`. */
export function rollback(running: string, desired: string, rules: ConfigRules): Remediation {
  return remediate(desired, running, rules);
}
