/**
 * What a device's config becomes after commands are typed into it, modelled from the
 * platform rules alone (never from a desired config): section headers enter sections and
 * exits leave them; `no X` removes X and the lines X is a prefix of (`no description`);
 * `default X` of a persistent section clears it; idempotent commands replace their old
 * line; list commands add and remove items; deleting a cascading object deletes its
 * references; a duplicate definition is ignored or rejected as the device does.
 * Check mode and the tests use it to verify a remediation before it is pushed.
 */
import type { ConfigRules } from '../platforms/config-rules.js';
import { SwitchyardError } from '../errors.js';
import { compile, type CompiledRules } from './compiled.js';
import { Node, SiblingIndex } from './node.js';
import { addLine, changeList, parseTree, readBlock } from './parse.js';
import { serialise } from './serialise.js';
import { collapse } from './text.js';

/** The normalised config after typing `commands` (in config mode) into a device whose running config is `running`. Throws `CONFIG_PREDICT` for a command the device would refuse. */
export function predict(running: string, commands: readonly string[], rules: ConfigRules): string {
  const c = compile(rules);
  const root = parseTree(running, c);
  const cursor = new ConfigModeCursor(root, c);
  for (let i = 0; i < commands.length; i++) {
    const raw = commands[i] as string;
    const text = collapse(raw);
    if (!text || c.isComment(text)) continue;
    const opening = c.blockStart(text);
    if (opening) {
      let j = i;
      const block = readBlock(() => (j + 1 < commands.length ? (commands[++j] as string) : undefined), i + 1, text, opening);
      cursor.type(block, false);
      i = j;
      continue;
    }
    cursor.type(text, true);
  }
  return serialise(root, c);
}

/** Where typed commands land in config mode: the stack of sections entered, over the modelled config tree. */
class ConfigModeCursor {
  private readonly stack: Node[];

  constructor(
    private readonly root: Node,
    private readonly c: CompiledRules,
  ) {
    this.stack = [root];
  }

  private get cur(): Node {
    return this.stack[this.stack.length - 1] as Node;
  }

  private parentText(n: Node): string | undefined {
    return n.depth < 0 ? undefined : n.text;
  }

  /** One typed command in the current section; `mayEnter` is false for list items and blocks. */
  type(text: string, mayEnter: boolean): void {
    const c = this.c;
    if (text === 'end') {
      this.stack.length = 1;
      return;
    }
    if (c.isTerminator(text)) {
      if (this.stack.length === 1) {
        throw new SwitchyardError('CONFIG_PREDICT', `\`${text}\` at the top of config mode would leave config mode`, {
          hint: 'every exit must close a section entered before it',
        });
      }
      this.stack.pop();
      return;
    }
    const cur = this.cur;
    const parent = this.parentText(cur);
    const change = c.listChange(text, parent);
    if (change) {
      changeList(cur, change, 0, c);
      return;
    }
    const list = c.expandList(text, parent);
    if (list && list.rule.mode !== 'canonical' && (list.lines.length !== 1 || list.lines[0] !== text)) {
      for (const item of list.lines) this.type(item, false);
      return;
    }
    if (list) text = list.lines[0] as string;
    const negated = text.startsWith('no ') ? text.slice(3) : text.startsWith('default ') ? text.slice(8) : undefined;
    if (negated !== undefined && c.idempotentKey(text, parent) === undefined) {
      this.negate(cur, text, negated, text.startsWith('no '));
      return;
    }
    const target = c.removalTarget(text, parent);
    if (target !== undefined) {
      this.removeMatching(cur, target, false);
      return;
    }
    this.add(cur, text, mayEnter);
  }

  private negate(cur: Node, text: string, target: string, isNo: boolean): void {
    const exact = cur.child(target);
    if (exact && this.c.persistent(exact.text, this.parentText(cur))) {
      if (isNo) {
        throw new SwitchyardError('CONFIG_PREDICT', `\`${text}\`: the device cannot delete \`${target}\``, {
          hint: 'a persistent section is cleared by negating its lines (or by its reset command), never deleted',
        });
      }
      for (const child of [...exact.children]) this.kill(child, false);
      return;
    }
    const removed = this.removeMatching(cur, target, true);
    // Nothing to remove: `no X` is itself a setting the device prints (`no ip domain-lookup`).
    if (removed === 0 && isNo) this.add(cur, text, false);
  }

  /** Removes the line `target` and every line it is a word prefix of; returns how many. */
  private removeMatching(cur: Node, target: string, cascade: boolean): number {
    const hits = this.siblings(cur).byPrefix.get(target);
    if (!hits || hits.size === 0) return 0;
    const victims = [...hits];
    for (const v of victims) this.kill(v, cascade);
    return victims.length;
  }

  private add(cur: Node, text: string, mayEnter: boolean): void {
    const c = this.c;
    const parent = this.parentText(cur);
    const ordered = cur.orderedRule !== undefined && !cur.orderedRule.unlessChildren?.test(text);
    const existing = ordered ? undefined : cur.child(text);
    if (existing) {
      if (mayEnter && this.isSection(existing, parent)) this.stack.push(existing);
      return;
    }
    if (!ordered) {
      // Typing X where the config says `no X` restores the default, which is not printed.
      const off = c.idempotentKey(text, parent) === undefined ? cur.child(`no ${text}`) : undefined;
      if (off) {
        this.kill(off, false);
        return;
      }
    }
    const index = this.siblings(cur);
    const key = c.idempotentKey(text, parent);
    const replaced = key === undefined ? [] : [...(index.byKey.get(key) ?? [])];
    const path = cur.path();
    for (const use of c.defines(text, path)) {
      if (!use.rule.onDuplicate) continue;
      const twins = [...(index.byObject.get(use.key) ?? [])].filter((n) => !replaced.includes(n));
      if (!twins.length) continue;
      if (use.rule.onDuplicate === 'ignore') return;
      throw new SwitchyardError('CONFIG_PREDICT', `\`${text}\`: the device refuses a second ${use.rule.kind} \`${use.name}\` (\`${(twins[0] as Node).text}\` exists)`, {
        hint: 'remove the old line first',
      });
    }
    for (const r of replaced) this.kill(r, false);
    // The device's default is not printed (`no shutdown`).
    if (c.isDefault(text, parent)) return;
    const node = addLine(cur, text, 0, c);
    if (mayEnter && this.isSection(node, parent)) this.stack.push(node);
  }

  private isSection(n: Node, parent: string | undefined): boolean {
    if (n.text.includes('\n')) return false;
    return n.live().length > 0 || this.c.section(n.text, parent) !== undefined;
  }

  /** Removes `n`; when it defines a cascading object, its references in scope go too. */
  private kill(n: Node, cascade: boolean): void {
    n.kill();
    if (!cascade || !n.parent) return;
    const path = n.parent.path();
    for (const use of this.c.defines(n.text, path)) {
      if (!use.rule.cascade) continue;
      const scope = use.rule.scope === 'top' ? (this.topOf(n) ?? this.root) : use.rule.scope === 'parent' ? n.parent : this.root;
      this.killReferences(scope, use.key);
    }
  }

  private topOf(n: Node): Node | undefined {
    let x: Node | undefined = n;
    while (x && x.depth > 0) x = x.parent;
    return x && x !== n ? x : undefined;
  }

  private killReferences(scope: Node, key: string): void {
    const walk = (node: Node): void => {
      const path = node.path();
      for (const child of [...node.live()]) {
        if (this.c.references(child.text, path).some((u) => u.key === key)) child.kill();
        else if (child.children.length) walk(child);
      }
    };
    walk(scope);
  }

  private siblings(n: Node): SiblingIndex {
    if (!n.siblings) {
      const c = this.c;
      const parent = this.parentText(n);
      const path = n.path();
      n.siblings = new SiblingIndex((child) => {
        const first = child.text.split('\n', 1)[0] as string;
        const words = first.split(' ');
        const prefixes: string[] = [];
        for (let k = 1; k <= words.length; k++) prefixes.push(words.slice(0, k).join(' '));
        return {
          prefixes,
          key: c.idempotentKey(child.text, parent),
          objects: c
            .defines(child.text, path)
            .filter((u) => u.rule.onDuplicate)
            .map((u) => u.key),
        };
      }, n.children);
    }
    return n.siblings;
  }
}
