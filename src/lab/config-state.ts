/**
 * The stateful configuration of a simulated switch, and how it prints. Independent of
 * src/config on purpose: the simulator is the model the config engine is tested against,
 * so it must not agree with the engine by construction.
 */
import type { Dialect, ModeId, PrintBlock } from './dialect.js';
import { collapseVlanList } from './vlan-list.js';

/** One stored line: its text, its identity (`key`) and where it prints. */
export interface Entry {
  readonly text: string;
  readonly key: string;
  /** Position of its rule in the grammar: the print order among siblings. */
  readonly rank: number;
  /** Insertion order, for lines of the same rule. */
  readonly seq: number;
  readonly cat: string;
}

/** A section (interface, ACL, line): a head line and children. */
export interface Section {
  readonly head: string;
  readonly cat: string;
  readonly seq: number;
  readonly mode: ModeId;
  readonly keepEmpty: boolean;
  readonly children: Map<string, Entry>;
  /** Trunk allowed VLANs, kept as a set and printed as one collapsed line. */
  readonly trunk: Set<number>;
  /** ACL entries by sequence number. */
  readonly acl: Map<number, string>;
}

/** An account the config defines. `hash` is MD5-crypt. */
interface UserRecord {
  privilege?: number;
  hash?: string;
}

/** The configuration tree of one device. */
export class ConfigState {
  hostname = 'Switch';
  readonly users = new Map<string, UserRecord>();
  readonly vlans = new Map<number, { name?: string }>();
  readonly lines = new Map<string, Entry>();
  readonly sections = new Map<string, Section>();
  banner: string | undefined;
  private counter = 0;

  /** A fresh insertion number. */
  nextSeq(): number {
    return ++this.counter;
  }

  /** Finds or creates a section. */
  section(head: string, cat: string, mode: ModeId, keepEmpty: boolean): Section {
    let s = this.sections.get(head);
    if (!s) {
      s = { head, cat, mode, keepEmpty, seq: this.nextSeq(), children: new Map(), trunk: new Set(), acl: new Map() };
      this.sections.set(head, s);
    }
    return s;
  }

  /** A deep copy (save to startup, reload from it). */
  clone(): ConfigState {
    const c = new ConfigState();
    c.hostname = this.hostname;
    c.banner = this.banner;
    c.counter = this.counter;
    for (const [k, u] of this.users) c.users.set(k, { ...u });
    for (const [k, v] of this.vlans) c.vlans.set(k, { ...v });
    for (const [k, e] of this.lines) c.lines.set(k, e);
    for (const [k, s] of this.sections) {
      c.sections.set(k, { ...s, children: new Map(s.children), trunk: new Set(s.trunk), acl: new Map(s.acl) });
    }
    return c;
  }
}

const byRankSeq = (a: { rank: number; seq: number }, b: { rank: number; seq: number }): number => a.rank - b.rank || a.seq - b.seq;

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function sectionLines(s: Section, dialect: Dialect): string[] | undefined {
  const children: { text: string; rank: number; seq: number }[] = [...s.children.values()];
  if (s.trunk.size > 0) children.push({ text: dialect.trunkLine(collapseVlanList(s.trunk)), rank: dialect.trunkRank, seq: 0 });
  children.sort(byRankSeq);
  const acl = [...s.acl.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  if (children.length === 0 && acl.length === 0 && !s.keepEmpty) return undefined;
  return [s.head, ...children.map((c) => ` ${c.text}`), ...acl.map((t) => ` ${t}`)];
}

function categoryBlocks(state: ConfigState, dialect: Dialect, cat: string, byCat: Map<string, { lines: Entry[]; sections: Section[] }>): PrintBlock[] {
  const hook = dialect.special[cat];
  if (hook) return hook(state);
  const found = byCat.get(cat);
  if (!found) return [];
  const blocks: PrintBlock[] = [];
  if (found.lines.length > 0) blocks.push({ lines: found.lines.sort(byRankSeq).map((e) => e.text), section: false });
  const sections =
    cat === 'interface'
      ? found.sections.sort((a, b) => compareKeys(dialect.interfaceSortKey(a.head), dialect.interfaceSortKey(b.head)))
      : found.sections.sort((a, b) => a.seq - b.seq);
  for (const s of sections) {
    const lines = sectionLines(s, dialect);
    if (lines) blocks.push({ lines, section: true });
  }
  return blocks;
}

/** The config body in canonical order: `hostname …` through the last `!` (no header, no `end`). */
export function printBody(state: ConfigState, dialect: Dialect): string[] {
  const byCat = new Map<string, { lines: Entry[]; sections: Section[] }>();
  const slot = (cat: string): { lines: Entry[]; sections: Section[] } => {
    let v = byCat.get(cat);
    if (!v) byCat.set(cat, (v = { lines: [], sections: [] }));
    return v;
  };
  for (const e of state.lines.values()) slot(e.cat).lines.push(e);
  for (const s of state.sections.values()) slot(s.cat).sections.push(s);

  const out: string[] = [];
  for (const group of dialect.order) {
    let plain: string[] = [];
    for (const cat of group) {
      for (const b of categoryBlocks(state, dialect, cat, byCat)) {
        if (!b.section) {
          plain.push(...b.lines);
          continue;
        }
        if (plain.length) out.push(...plain, '!');
        plain = [];
        out.push(...b.lines, '!');
      }
    }
    if (plain.length) out.push(...plain, '!');
  }
  return out;
}

/** What `show running-config` prints: header, body, `end`. */
export function printConfig(state: ConfigState, dialect: Dialect): string[] {
  const body = [...printBody(state, dialect), 'end'];
  return [...dialect.header(body), ...body];
}
