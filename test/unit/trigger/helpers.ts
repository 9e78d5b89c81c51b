/** Shared by the trigger's tests: the fixture project, rules from YAML text, events. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir } from '../../helpers/paths.js';
import { loadInventory, type Inventory } from '../../../src/inventory/index.js';
import { compileRuleSources, DecisionEngine, type CompiledRule, type LeaseEvent } from '../../../src/trigger/index.js';

/** The trigger's fixture project (inventory/ and rules/). */
export const projectRoot = join(fixturesDir, 'trigger', 'project');

let inventory: Promise<Inventory> | undefined;
/** The fixture inventory, loaded once. */
export function fixtureInventory(): Promise<Inventory> {
  inventory ??= loadInventory(projectRoot);
  return inventory;
}

/** Compiles rules from YAML text; fails the test on problems. */
function rulesFrom(yaml: string): CompiledRule[] {
  const { ruleSet, problems } = compileRuleSources(projectRoot, [{ file: 'rules/test.yml', text: yaml }]);
  if (problems.length > 0) throw new Error(`rules do not compile: ${problems.map((p) => p.message).join('; ')}`);
  return [...ruleSet.rules];
}

/** A decision engine over the fixture inventory. */
export async function engineFor(yaml: string, options: { lldp?: boolean; bindings?: Map<string, string> } = {}): Promise<DecisionEngine> {
  return new DecisionEngine({ inventory: await fixtureInventory(), rules: rulesFrom(yaml), lldp: options.lldp ?? false, ...(options.bindings ? { bindings: options.bindings } : {}) });
}

/** A lease event as a dhcpd line would give it. */
export function ack(fields: Partial<LeaseEvent> & { ip: string; mac: string }): LeaseEvent {
  const host = fields.hostname === undefined ? '' : ` (${fields.hostname})`;
  return {
    line: `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on ${fields.ip} to ${fields.mac}${host} via eth0`,
    type: 'DHCPACK',
    time: 1_000_000,
    source: 'test',
    ...fields,
  };
}

/** The seed's three SEC rules, written natively (as rules/dhcp.yml of the fixture). */
export const SEED_RULES = `
rules:
  - name: new-switch
    pattern: 'DHCPACK.*Switch'
    action: provision
    continue: true
  - name: fs-s5850
    pattern: 'DHCPACK.*FS-S5850'
    action: reconcile
    continue: true
  - name: fs-s3900
    pattern: 'DHCPACK.*FS-S3900'
    action: reconcile
`;

/** Runs `fn` with a fresh temporary folder, removed afterwards. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-trigger-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Waits until `cond()` holds (polling every 10 ms); fails after `ms`. */
export async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
