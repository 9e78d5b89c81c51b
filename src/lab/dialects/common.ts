/**
 * Pieces every simulated dialect shares: the exec grammar core, the hostname line, the
 * VLAN and account printers the dialects choose between, and small text helpers.
 */
import type { CommandSpec } from '../grammar.js';
import type { DialectData, Effect, ModeId, PrintBlock } from '../dialect.js';
import type { ConfigState } from '../config-state.js';
import { collapseVlanList } from '../vlan-list.js';

/** Exec commands every dialect has; each dialect adds its show and save commands. */
export const EXEC_CORE: readonly CommandSpec<Effect>[] = [
  { p: 'enable', do: 'enable' },
  { p: 'disable', do: 'disable', priv: true },
  { p: 'exit', do: 'logout' },
  { p: 'logout', do: 'logout' },
  { p: 'quit', do: 'logout' },
  { p: 'terminal length <0-512>', do: 'terminal-length' },
  { p: 'terminal width <0-512>', do: 'terminal-other' },
  { p: 'show version', do: 'show-version' },
  { p: 'show running-config', do: 'show-running', priv: true },
  { p: 'show startup-config', do: 'show-startup', priv: true },
  { p: 'configure terminal', do: 'configure', priv: true },
  { p: 'reload', do: 'reload', priv: true },
];

/** Interface lines every dialect shares: description first, switchport, trunk lists (as the devices print them). */
export function switchportRules(modes: string): CommandSpec<Effect>[] {
  return [
    { p: 'description LINE', key: 1 },
    { p: `switchport mode ${modes}`, key: 2 },
    { p: 'switchport access vlan <1-4094>', key: 3 },
    { p: 'switchport trunk native vlan <1-4094>', key: 4 },
    { p: 'switchport trunk allowed vlan add VLANS', do: 'trunk-add', key: 4 },
    { p: 'switchport trunk allowed vlan remove VLANS', do: 'trunk-remove', key: 4 },
  ];
}

/** ACL entries: `10 permit …` (`no 10` deletes it) or `permit …` (numbered in tens). */
export const ACL_RULES: readonly CommandSpec<Effect>[] = [
  { p: '<1-2147483647> permit|deny LINE', do: 'acl-seq-entry', key: 1 },
  { p: 'permit|deny LINE', do: 'acl-entry' },
];

/** `line vty` / `line console` sub-mode commands. */
export const LINE_RULES: readonly CommandSpec<Effect>[] = [
  { p: 'transport input ssh|telnet|all|none', key: 2 },
  { p: 'exec-timeout <0-35791> [<0-59>]', key: 1 },
  { p: 'login [local]', key: 1 },
];

/** SNMP location and contact (free text). */
export const SNMP_TEXT_RULES: readonly CommandSpec<Effect>[] = [
  { p: 'snmp-server location LINE', key: 2, cat: 'snmp' },
  { p: 'snmp-server contact LINE', key: 2, cat: 'snmp' },
];

/** Cisco-style prompts: `host>`, `host#`, `host(config)#`, `host(config-SUFFIX)#`. */
export function ciscoPrompt(mode: ModeId, host: string, suffix: string = mode): string {
  if (mode === 'user') return `${host}>`;
  if (mode === 'exec') return `${host}#`;
  return mode === 'config' ? `${host}(config)#` : `${host}(config-${suffix})#`;
}

/** The caret errors all three dialects print. */
export const CARET_ERRORS: Pick<DialectData['messages'], 'invalid' | 'incomplete'> = {
  invalid: "% Invalid input detected at '^' marker.",
  incomplete: '% Incomplete command.',
};

/** `hostname X`, always printed. */
export function hostnameBlock(state: ConfigState): PrintBlock[] {
  return [{ lines: [`hostname ${state.hostname}`], section: false }];
}

/** Accounts as one line each: `username X [privilege N] secret 5 HASH` (S5850, IOS). */
export function oneLineUsers(state: ConfigState): PrintBlock[] {
  const lines: string[] = [];
  for (const [name, u] of state.users) {
    if (u.hash === undefined) continue;
    lines.push(`username ${name}${u.privilege === undefined ? '' : ` privilege ${u.privilege}`} secret 5 ${u.hash}`);
  }
  return lines.length ? [{ lines, section: false }] : [];
}

/** VLANs as `vlan N` sections with their names (IOS, and S5850's named VLANs). */
export function vlanSections(state: ConfigState, namedOnly: boolean): PrintBlock[] {
  const ids = [...state.vlans.keys()].sort((a, b) => a - b);
  const out: PrintBlock[] = [];
  for (const id of ids) {
    const name = state.vlans.get(id)!.name;
    if (namedOnly && name === undefined) continue;
    out.push({ lines: name === undefined ? [`vlan ${id}`] : [`vlan ${id}`, ` name ${name}`], section: true });
  }
  return out;
}

/** S5850's one collapsed `vlan range LIST` line. */
export function vlanRangeLine(state: ConfigState): PrintBlock[] {
  return state.vlans.size ? [{ lines: [`vlan range ${collapseVlanList(state.vlans.keys())}`], section: false }] : [];
}

/** Pads to a column width, as table output does. */
export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** `0 days, 1 hours, 5 minutes`. */
export function uptime(seconds: number): { days: number; hours: number; minutes: number } {
  return { days: Math.floor(seconds / 86400), hours: Math.floor((seconds % 86400) / 3600), minutes: Math.floor((seconds % 3600) / 60) };
}

/** MAC in the S3900 spelling: `64-9D-99-10-08-58`. */
export function dashedMac(mac: string): string {
  return hexPairs(mac).join('-').toUpperCase();
}

/** MAC as `64:9d:99:10:08:58`. */
export function colonMac(mac: string): string {
  return hexPairs(mac).join(':').toLowerCase();
}

function hexPairs(mac: string): string[] {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '');
  return hex.match(/.{1,2}/g) ?? [];
}

/** Compares interface names by type rank, then numbers. */
export function numbersOf(text: string): number[] {
  return (text.match(/\d+/g) ?? []).map(Number);
}
