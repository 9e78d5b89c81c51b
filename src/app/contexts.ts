/**
 * What deciding and acting on DHCP events need, loaded as one context: the inventory, the
 * rules, the MAC bindings remembered at provisioning and — when a rule reconciles or
 * provisions — the project's templates. The daemon loads it at start and on SIGHUP;
 * `trigger` without a daemon and `watch --replay` load it once.
 */
import { InputErrors } from '../errors.js';
import { loadInventory } from '../inventory/index.js';
import { readBindings } from '../reconcile/index.js';
import { loadRules, type WatchContext } from '../trigger/index.js';
import { openProject, stateDirOf, type Project } from './project.js';

/** Loads inventory, rules and the MAC bindings remembered at provisioning: what deciding needs. */
export async function loadWatchContext(root: string): Promise<WatchContext> {
  const [inventory, rules, bindings] = await allParts([loadInventory(root), loadRules(root), readBindings(stateDirOf(root))] as const);
  return { inventory, rules, bindings };
}

/** What acting needs too: the project (the same inventory, and the templates) that reconcile and provision jobs use. */
export interface ActionContext extends WatchContext {
  /** Absent when no job can render: a dry run, or rules that only run programs and log (such projects need no templates). */
  readonly project?: Project;
}

/** Options of {@link loadActionContext}. */
interface ActionContextOptions {
  /** Nothing will be run: no templates are read. */
  readonly dryRun?: boolean;
  /**
   * Render every device once, so that a context that loads is one no job can fail to
   * render: the daemon loads so at start and on SIGHUP, and keeps its last good one when
   * this throws.
   */
  readonly renderAll?: boolean;
}

/** Loads inventory, rules, bindings and — when a rule reconciles or provisions — the templates, as one context. */
export async function loadActionContext(root: string, options: ActionContextOptions = {}): Promise<ActionContext> {
  const ctx = await loadWatchContext(root);
  const renders = !options.dryRun && ctx.rules.rules.some((r) => r.action === 'reconcile' || r.action === 'provision');
  if (!renders) return ctx;
  return { ...ctx, project: await openProject(root, ctx.inventory, options.renderAll ? { renderAll: true } : {}) };
}

/** Awaits every part; when parts fail, throws their problems together (an error that is no problem list goes first). */
async function allParts<T extends readonly unknown[]>(parts: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(parts);
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (errors.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
  const other = errors.find((e) => !(e instanceof InputErrors));
  if (other !== undefined || errors.length === 1) throw other ?? errors[0];
  throw new InputErrors(errors.flatMap((e) => (e as InputErrors).problems));
}
