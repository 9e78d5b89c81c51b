/**
 * One CLI session of a simulated switch: modes and prompts, the grammar, `no` forms,
 * questions (`[confirm]`, file names, enable password, banner text) and the effect of
 * each command on the device's configuration. Transport-free: the SSH shell (shell.ts)
 * feeds it lines, and the config loader feeds it a config file the same way.
 */
import type { Dialect, Effect, ModeId, DeviceFacts } from './dialect.js';
import { matchRules, tokenize, type InputToken, type MatchResult } from './grammar.js';
import { ConfigState, printConfig, type Section } from './config-state.js';
import { parseVlanList } from './vlan-list.js';
import { md5Crypt, saltFor, verifyMd5Crypt } from './md5-crypt.js';

/** What a session needs from its device. */
export interface SessionHost {
  readonly dialect: Dialect;
  readonly ports: number;
  /** The running config (a new object after a reload). */
  config(): ConfigState;
  startupConfig(): ConfigState;
  facts(): DeviceFacts;
  /** Copies running to startup. */
  save(): void;
}

/** The answer to one input line. */
export interface Reply {
  readonly out: readonly string[];
  readonly rejected: boolean;
  /** Output that the pager may split (long show output). */
  readonly paged?: boolean;
  /** The session ends: `logout`, or `reload` (the device restores startup and drops every session). */
  readonly close?: 'logout' | 'reload';
}

type Pending =
  | { readonly kind: 'enable'; tries: number }
  | { readonly kind: 'copy' }
  | { readonly kind: 'reload' }
  | { readonly kind: 'banner'; readonly delim: string; readonly lines: string[] };

const CONFIG_MODES: ReadonlySet<ModeId> = new Set(['config', 'if', 'vlan', 'vlandb', 'acl', 'line']);
const OK: Reply = { out: [], rejected: false };

/** The switch's side of one simulated CLI session (src/device's `CliSession` is the client's side). */
export class LabCliSession {
  mode: ModeId;
  /** Lines per page; 0 = paging off (`terminal length 0`). */
  pageLength = 24;
  /** False on an exec channel: no prompt is printed, so the caret counts from the command's start. */
  showsPrompt = true;
  private section: Section | undefined;
  private vlanIds: number[] = [];
  private pending: Pending | undefined;

  constructor(
    private readonly host: SessionHost,
    /** The privilege level the login gave. */
    private privilege: number,
  ) {
    this.mode = privilege >= host.dialect.topPrivilege ? 'exec' : 'user';
  }

  private get dialect(): Dialect {
    return this.host.dialect;
  }

  private get state(): ConfigState {
    return this.host.config();
  }

  /** True while in a configuration mode (for the command log and the drop fault). */
  inConfig(): boolean {
    return CONFIG_MODES.has(this.mode) || this.pending?.kind === 'banner';
  }

  /** How the next input is read: a line, a secret line (no echo), or one key. */
  expects(): 'line' | 'secret' | 'key' {
    if (this.pending?.kind === 'enable') return 'secret';
    if (this.pending?.kind === 'reload' && this.dialect.messages.reloadQuestion.answer === 'key') return 'key';
    return 'line';
  }

  /** True while lines are the text of a banner (IOS `banner motd ^C`). */
  inBanner(): boolean {
    return this.pending?.kind === 'banner';
  }

  /** True while the next line answers a question rather than being a command. */
  answering(): boolean {
    return this.pending !== undefined && this.pending.kind !== 'banner';
  }

  /** The prompt (or the pending question) to print before the next input. */
  prompt(): string {
    const m = this.dialect.messages;
    switch (this.pending?.kind) {
      case 'enable':
        return m.enablePassword;
      case 'copy':
        return m.copyQuestion ?? '';
      case 'reload':
        return m.reloadQuestion.text;
      case 'banner':
        return '';
      default:
        return this.dialect.prompt(this.mode, this.state.hostname, this.section ? this.dialect.sectionLabel(this.section.head) : undefined);
    }
  }

  /** The error reply for a line the device rejects (fault knob or grammar). */
  invalid(offset: number, promptWidth = this.promptWidth()): Reply {
    return { out: [`${' '.repeat(promptWidth + offset)}^`, this.dialect.messages.invalid], rejected: true };
  }

  private promptWidth(): number {
    return this.showsPrompt ? this.prompt().length : 0;
  }

  /** Handles one input line. */
  input(line: string): Reply {
    const p = this.pending;
    if (p) return this.answer(p, line);
    const tokens = tokenize(line);
    if (tokens.length === 0 || line.trim().startsWith('!')) return OK;
    return CONFIG_MODES.has(this.mode) ? this.configLine(line, tokens) : this.execLine(line, tokens);
  }

  private error(r: MatchResult<Effect>, promptWidth: number): Reply {
    if (r.kind === 'invalid') return this.invalid(r.offset, promptWidth);
    if (r.kind === 'incomplete') return { out: [this.dialect.messages.incomplete], rejected: true };
    if (r.kind === 'ambiguous') return { out: [this.dialect.messages.ambiguous(r.text)], rejected: true };
    return OK;
  }

  private match(mode: ModeId, tokens: readonly InputToken[], line: string): MatchResult<Effect> {
    const rules = this.dialect.rules[mode];
    const ctx = this.dialect.tokenContext(this.host.ports);
    if (CONFIG_MODES.has(mode) && tokens[0]!.text.toLowerCase() === 'no') {
      if (tokens.length === 1) return { kind: 'incomplete' };
      return matchRules(
        rules.filter((r) => r.spec.no !== false),
        tokens.slice(1),
        line,
        ctx,
        true,
      );
    }
    return matchRules(rules, tokens, line, ctx);
  }

  private configLine(line: string, tokens: readonly InputToken[]): Reply {
    const width = this.promptWidth();
    let r = this.match(this.mode, tokens, line);
    if (r.kind === 'invalid' && this.mode !== 'config') {
      // Like IOS and FSOS: a global command typed in a sub-mode leaves the sub-mode and runs.
      const global = this.match('config', tokens, line);
      if (global.kind === 'ok') {
        this.leaveSection();
        r = global;
      }
    }
    if (r.kind !== 'ok') return this.error(r, width);
    return this.applyConfig(r.rule.spec.do ?? 'set', r, line, tokens);
  }

  private leaveSection(): void {
    this.mode = 'config';
    this.section = undefined;
    this.vlanIds = [];
  }

  private applyConfig(effect: Effect, r: Extract<MatchResult<Effect>, { kind: 'ok' }>, line: string, tokens: readonly InputToken[]): Reply {
    const v = r.values;
    const neg = r.negated;
    const st = this.state;
    const spec = r.rule.spec;
    switch (effect) {
      case 'set': {
        const key = v.slice(0, r.rule.key).join(' ');
        const container = this.section ? this.section.children : st.lines;
        if (neg) container.delete(key);
        else container.set(key, { text: v.join(' '), key, rank: r.rule.rank, seq: st.nextSeq(), cat: spec.cat ?? 'other' });
        return OK;
      }
      case 'section': {
        const head = v.join(' ');
        if (neg) {
          st.sections.delete(head);
          return OK;
        }
        this.section = st.section(head, spec.cat ?? 'other', (spec.enter ?? 'if') as ModeId, spec.keepEmpty === true);
        this.mode = this.section.mode;
        return OK;
      }
      case 'mode':
        this.section = undefined;
        this.mode = (spec.enter ?? 'config') as ModeId;
        return OK;
      case 'enable-secret':
        if (neg) st.lines.delete('enable secret');
        else st.lines.set('enable secret', { text: `enable secret 5 ${md5Crypt(v[2]!, saltFor('enable'))}`, key: 'enable secret', rank: r.rule.rank, seq: st.nextSeq(), cat: spec.cat ?? 'other' });
        return OK;
      case 'hostname':
        st.hostname = neg ? 'Switch' : v[1]!;
        return OK;
      case 'user':
      case 'user-merge':
        return this.applyUser(effect, v, neg);
      case 'vlan-enter':
      case 'vlan-create':
      case 'vlandb-entry': {
        const ids = parseVlanList(v[effect === 'vlan-create' ? 2 : 1] ?? '') ?? [];
        if (neg) {
          for (const id of ids) st.vlans.delete(id);
          return OK;
        }
        const nameAt = v.indexOf('name');
        for (const id of ids) {
          const vlan = st.vlans.get(id) ?? {};
          if (effect === 'vlandb-entry' && nameAt > 0) vlan.name = v[nameAt + 1];
          st.vlans.set(id, vlan);
        }
        if (effect === 'vlan-enter') {
          this.mode = 'vlan';
          this.vlanIds = ids;
        }
        return OK;
      }
      case 'vlan-name':
        for (const id of this.vlanIds) {
          const vlan = st.vlans.get(id);
          if (!vlan) continue;
          if (neg) delete vlan.name;
          else vlan.name = v[1];
        }
        return OK;
      case 'trunk-add':
      case 'trunk-remove':
      case 'trunk-set': {
        const trunk = this.section!.trunk;
        if (neg) {
          trunk.clear();
          return OK;
        }
        const ids = parseVlanList(v[v.length - 1]!) ?? [];
        if (effect === 'trunk-set') trunk.clear();
        for (const id of ids) {
          if (effect === 'trunk-remove') trunk.delete(id);
          else trunk.add(id);
        }
        return OK;
      }
      case 'acl-seq-entry': {
        const acl = this.section!.acl;
        const seq = Number(v[0]);
        if (neg) acl.delete(seq);
        else acl.set(seq, v.join(' '));
        return OK;
      }
      case 'acl-entry': {
        const acl = this.section!.acl;
        const text = v.join(' ');
        if (neg) {
          for (const [seq, t] of acl) if (t.slice(t.indexOf(' ') + 1) === text) acl.delete(seq);
          return OK;
        }
        const last = Math.max(0, ...acl.keys());
        acl.set(Math.floor(last / 10) * 10 + 10, `${Math.floor(last / 10) * 10 + 10} ${text}`);
        return OK;
      }
      case 'banner':
        return this.startBanner(v, neg);
      case 'exit':
        if (this.mode === 'config') this.mode = 'exec';
        else this.leaveSection();
        return OK;
      case 'end':
        this.leaveSection();
        this.mode = 'exec';
        return OK;
      case 'do':
        return this.execLine(line, tokens.slice(1), true);
      default:
        return this.invalid(0);
    }
  }

  private applyUser(effect: 'user' | 'user-merge', v: readonly string[], neg: boolean): Reply {
    const name = v[1]!;
    const users = this.state.users;
    if (neg) {
      users.delete(name);
      return OK;
    }
    const user = effect === 'user-merge' ? (users.get(name) ?? {}) : {};
    const priv = v.indexOf('privilege');
    if (priv > 0) user.privilege = Number(v[priv + 1]);
    const kw = v.findIndex((x, i) => i > 1 && (x === 'secret' || x === 'password'));
    if (kw > 0) {
      const next = v[kw + 1]!;
      // `secret 5 HASH` / `password 7 HASH` carry a hash; `password 0 CLEAR` and
      // `password CLEAR` a clear text that the device stores hashed.
      if ((next === '5' || next === '7') && v[kw + 2] !== undefined) user.hash = v[kw + 2];
      else user.hash = md5Crypt(next === '0' && v[kw + 2] !== undefined ? v[kw + 2]! : next, saltFor(name));
    }
    users.set(name, user);
    return OK;
  }

  private startBanner(v: readonly string[], neg: boolean): Reply {
    if (neg) {
      this.state.banner = undefined;
      return OK;
    }
    const rest = v[2] ?? '';
    const delim = rest.startsWith('^C') ? '^C' : rest[0]!;
    const after = rest.slice(delim.length);
    const end = after.indexOf(delim);
    if (end >= 0) {
      this.state.banner = after.slice(0, end);
      return OK;
    }
    this.pending = { kind: 'banner', delim, lines: after.trim() ? [after.trimStart()] : [] };
    return { out: [this.dialect.messages.bannerEnter?.(delim) ?? ''], rejected: false };
  }

  private answer(p: Pending, line: string): Reply {
    const m = this.dialect.messages;
    switch (p.kind) {
      case 'banner': {
        // A typed Ctrl-C (0x03) ends the text as the printed `^C` delimiter does.
        const at = Math.max(line.indexOf(p.delim), p.delim === '^C' ? line.indexOf('\x03') : -1);
        if (at < 0) {
          p.lines.push(line);
          return OK;
        }
        if (line.slice(0, at).trim()) p.lines.push(line.slice(0, at));
        this.state.banner = p.lines.join('\n');
        this.pending = undefined;
        return OK;
      }
      case 'enable': {
        const secret = this.enableSecret();
        if (secret !== undefined && verifyMd5Crypt(line, secret)) {
          this.pending = undefined;
          this.grantEnable();
          return OK;
        }
        p.tries++;
        if (p.tries < 3) return OK;
        this.pending = undefined;
        return { out: [m.enableDenied], rejected: true };
      }
      case 'copy': {
        this.pending = undefined;
        const name = line.trim();
        if (name !== '' && name !== m.copyDefault) return { out: [`% Invalid file name: ${name}`], rejected: true };
        this.host.save();
        return { out: m.saveDone, rejected: false };
      }
      case 'reload': {
        this.pending = undefined;
        const a = line.trim().toLowerCase();
        const yes = m.reloadQuestion.answer === 'key' ? a === '' || a === 'y' : a === 'y' || a === 'yes';
        return yes ? { out: [], rejected: false, close: 'reload' } : OK;
      }
    }
  }

  private enableSecret(): string | undefined {
    const e = this.state.lines.get('enable secret');
    return e ? e.text.split(' ').pop() : undefined;
  }

  private grantEnable(): void {
    this.privilege = Math.max(this.privilege, this.dialect.topPrivilege);
    this.mode = 'exec';
  }

  private execLine(line: string, tokens: readonly InputToken[], viaDo = false): Reply {
    const width = this.promptWidth();
    if (tokens.length === 0) return { out: [this.dialect.messages.incomplete], rejected: true };
    const r = this.match(viaDo ? 'exec' : this.mode, tokens, line);
    if (r.kind !== 'ok') return this.error(r, width);
    const m = this.dialect.messages;
    const facts = (): DeviceFacts => this.host.facts();
    switch (r.rule.spec.do) {
      case 'enable': {
        if (this.privilege >= this.dialect.topPrivilege) {
          this.grantEnable();
          return OK;
        }
        if (this.enableSecret() === undefined) {
          // No enable secret configured: FSOS lets a lower user in, as Centec does; IOS refuses.
          if (m.enableNoSecret !== undefined) return { out: [m.enableNoSecret], rejected: true };
          this.grantEnable();
          return OK;
        }
        this.pending = { kind: 'enable', tries: 0 };
        return OK;
      }
      case 'disable':
        this.mode = 'user';
        return OK;
      case 'logout':
        return { out: [], rejected: false, close: 'logout' };
      case 'terminal-length':
        this.pageLength = Number(r.values[r.values.length - 1]);
        return OK;
      case 'terminal-other':
        return OK;
      case 'configure':
        this.mode = 'config';
        return { out: m.configEnter, rejected: false };
      case 'show-running':
        return { out: printConfig(this.state, this.dialect), rejected: false, paged: true };
      case 'show-startup':
        return { out: printConfig(this.host.startupConfig(), this.dialect), rejected: false, paged: true };
      case 'show-version':
        return { out: this.dialect.showVersion(facts()), rejected: false, paged: true };
      case 'show-system':
        return { out: this.dialect.showSystem?.(facts()) ?? [], rejected: false, paged: true };
      case 'show-lldp':
        return { out: this.dialect.showLldp(facts()), rejected: false, paged: true };
      case 'write':
        this.host.save();
        return { out: m.saveDone, rejected: false };
      case 'copy-save':
        this.pending = { kind: 'copy' };
        return OK;
      case 'reload':
        this.pending = { kind: 'reload' };
        return OK;
      default:
        return this.invalid(tokens[0]!.start, width);
    }
  }
}

/** One line of a config text that the device refused to load. */
interface LoadProblem {
  readonly line: number;
  readonly text: string;
  readonly message: string;
}

/**
 * Loads a config text into `state` the way a switch loads its startup file: each line
 * typed in config mode, headers and separators skipped. Returns the refused lines.
 */
export function loadConfigText(state: ConfigState, dialect: Dialect, ports: number, text: string, facts: () => DeviceFacts): LoadProblem[] {
  const host: SessionHost = { dialect, ports, config: () => state, startupConfig: () => state, facts, save: () => undefined };
  const session = new LabCliSession(host, dialect.topPrivilege);
  session.mode = 'config';
  const problems: LoadProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const banner = session.inBanner();
    if (!banner && dialect.volatile.some((re) => re.test(raw))) continue;
    if (!banner && /^\S/.test(raw) && session.mode !== 'config') session.input('exit');
    const reply = banner ? session.input(raw) : session.input(raw.trim());
    if (reply.rejected) problems.push({ line: i + 1, text: raw, message: reply.out[reply.out.length - 1] ?? '' });
    // `exit` or `end` in a file leave config mode; the next line is still config.
    if (!session.inConfig()) session.mode = 'config';
  }
  return problems;
}
