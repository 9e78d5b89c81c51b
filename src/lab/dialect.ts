/**
 * What a simulated dialect is made of: data (grammar per mode, prompts, print order,
 * messages) plus a few small printing hooks. One interpreter (cli-session.ts) and one
 * printer (config-print.ts) serve every dialect; a dialect file holds only its delta.
 */
import { compileRules, type CompiledCommand, type CommandSpec, type TokenContext } from './grammar.js';
import type { ConfigState } from './config-state.js';
import type { LabDeviceSpec, LabLldpNeighbour } from './types.js';

/** CLI modes. `user` is the `>` level: the exec grammar without privileged commands. */
export type ModeId = 'user' | 'exec' | 'config' | 'if' | 'vlan' | 'vlandb' | 'acl' | 'line';

/** What a command does; the interpreter implements each once for every dialect. */
export type Effect =
  // config modes
  | 'set' // store the line (a new value replaces the old one with the same key)
  | 'section' // enter a section (interface, ACL, line), creating it
  | 'mode' // enter a mode that is no section (S3900 `vlan database`)
  | 'hostname'
  | 'enable-secret' // IOS `enable secret CLEAR`, stored hashed as `enable secret 5 HASH`
  | 'user' // one line defines the whole account (FSOS S5850, IOS)
  | 'user-merge' // each line sets one attribute of the account (S3900)
  | 'vlan-enter' // create VLANs and enter their mode (`vlan 10`)
  | 'vlan-create' // create VLANs, stay (`vlan range 10,20`)
  | 'vlan-name'
  | 'vlandb-entry' // S3900 `vlan 10 name X media ethernet` inside `vlan database`
  | 'trunk-add'
  | 'trunk-remove'
  | 'trunk-set' // IOS `switchport trunk allowed vlan LIST` replaces the list
  | 'acl-entry' // `permit …` without a sequence number: next multiple of 10
  | 'acl-seq-entry' // `10 permit …`
  | 'banner' // IOS `banner motd ^C` … `^C`
  | 'exit'
  | 'end'
  | 'do'
  // exec
  | 'enable'
  | 'disable'
  | 'logout'
  | 'terminal-length'
  | 'terminal-other'
  | 'configure'
  | 'show-running'
  | 'show-startup'
  | 'show-version'
  | 'show-system'
  | 'show-lldp'
  | 'write'
  | 'copy-save'
  | 'reload';

/** A block of printed config: plain lines are grouped between `!`; each section gets its own `!`. */
export interface PrintBlock {
  readonly lines: readonly string[];
  readonly section: boolean;
}

/** Device facts the show commands print. */
export interface DeviceFacts {
  readonly spec: LabDeviceSpec;
  readonly hostname: string;
  readonly uptimeSeconds: number;
  readonly lldp: readonly LabLldpNeighbour[];
}

/** A question a command asks before acting. */
export interface Question {
  readonly text: string;
  /** `key`: one keystroke answers (IOS `[confirm]`); `line`: a line does. */
  readonly answer: 'key' | 'line';
}

/** The data of one dialect. */
export interface DialectData {
  readonly name: LabDeviceSpec['platform'];
  /** Highest privilege level: users at it land at `#`. */
  readonly topPrivilege: number;
  /** Pager marker printed when a page is full. */
  readonly pager: string;
  /** Prompt per mode; `label` is the section's prompt label (S5850 puts the interface in it). */
  prompt(mode: ModeId, host: string, label: string | undefined): string;
  readonly grammar: { readonly [M in Exclude<ModeId, 'user'>]?: readonly CommandSpec<Effect>[] };
  /** Print order of top-level categories; each inner list is one `!`-separated group. */
  readonly order: readonly (readonly string[])[];
  /** Categories printed by hooks instead of from stored lines. */
  readonly special: Readonly<Record<string, (state: ConfigState) => PrintBlock[]>>;
  /** Lines before the config body (volatile: they change between reads). */
  header(body: readonly string[]): string[];
  /** Lines that are skipped when a config text is loaded (headers, separators). */
  readonly volatile: readonly RegExp[];
  /** Interface names: normalise typed ones (`gi0/1`), sort naturally, label prompts. */
  normaliseInterface(text: string, ports: number): string | undefined;
  normalisePort?(text: string, ports: number): string | undefined;
  interfaceSortKey(head: string): readonly number[];
  /** The section label for the prompt (`eth-0-1`). */
  sectionLabel(head: string): string;
  /** The printed trunk list line. */
  trunkLine(list: string): string;
  showVersion(facts: DeviceFacts): string[];
  showSystem?(facts: DeviceFacts): string[];
  showLldp(facts: DeviceFacts): string[];
  readonly messages: {
    readonly invalid: string;
    readonly incomplete: string;
    ambiguous(text: string): string;
    readonly configEnter: readonly string[];
    readonly saveDone: readonly string[];
    readonly copyQuestion?: string;
    readonly copyDefault?: string;
    readonly reloadQuestion: Question;
    readonly enablePassword: string;
    readonly enableDenied: string;
    /** Answer to `enable` when no enable secret is set (IOS); absent: `enable` is granted. */
    readonly enableNoSecret?: string;
    readonly bannerEnter?: (delim: string) => string;
  };
}

/** A dialect ready to use: data plus compiled grammars. */
export interface Dialect extends DialectData {
  readonly rules: { readonly [M in ModeId]: readonly CompiledCommand<Effect>[] };
  /** Print rank of the trunk list among interface lines. */
  readonly trunkRank: number;
  tokenContext(ports: number): TokenContext;
}

/** Config modes get `exit`, `end` and `do` for free, as on every Cisco-like CLI. */
const CONFIG_COMMON: readonly CommandSpec<Effect>[] = [
  { p: 'exit', do: 'exit', no: false },
  { p: 'end', do: 'end', no: false },
  { p: 'do LINE', do: 'do', no: false },
];

/** Compiles a dialect's grammar. */
export function compileDialect(data: DialectData): Dialect {
  const g = data.grammar;
  const exec = compileRules(g.exec ?? []);
  const mode = (m: Exclude<ModeId, 'user' | 'exec'>): CompiledCommand<Effect>[] => compileRules([...(g[m] ?? []), ...CONFIG_COMMON]);
  const rules = {
    user: exec.filter((r) => !r.spec.priv),
    exec,
    config: mode('config'),
    if: mode('if'),
    vlan: mode('vlan'),
    vlandb: mode('vlandb'),
    acl: mode('acl'),
    line: mode('line'),
  };
  const trunkRank = rules.if.find((r) => r.spec.do === 'trunk-add' || r.spec.do === 'trunk-set')?.rank ?? 0;
  return {
    ...data,
    rules,
    trunkRank,
    tokenContext: (ports) => ({
      normaliseInterface: (t) => data.normaliseInterface(t, ports),
      normalisePort: (t) => data.normalisePort?.(t, ports),
    }),
  };
}

/** Number of front-panel ports from a model name: `S5850-48T4Q` → 52, `S3900-24T4S` → 28. */
export function portCount(model: string): number {
  const m = /-(\d+)[A-Z]+(\d+)[A-Z]/i.exec(model);
  return m ? Number(m[1]) + Number(m[2]) : 52;
}
