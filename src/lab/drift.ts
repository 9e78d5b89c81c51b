/**
 * Deterministic drift: what a colleague's hand-edit leaves on a switch — a description
 * changed, a VLAN removed, a stray line added — applied to a config text through the
 * device's own CLI, so the drifted text is exactly what the device would print.
 */
import type { SimulatedPlatform } from './types.js';
import { getDialect } from './dialects/index.js';
import { portCount, type DeviceFacts } from './dialect.js';
import { ConfigState, printBody } from './config-state.js';
import { LabCliSession, loadConfigText, type SessionHost } from './cli-session.js';
import { SwitchyardError } from '../errors.js';


/** A config loaded into a headless device, for computing texts without SSH. */
export class OfflineDevice {
  readonly state = new ConfigState();
  private readonly session: LabCliSession;

  constructor(
    readonly platform: SimulatedPlatform,
    readonly model: string,
    text: string,
  ) {
    const dialect = getDialect(platform);
    const ports = portCount(model);
    const facts = (): DeviceFacts => {
      throw new Error('an offline device prints no show output');
    };
    const problems = loadConfigText(this.state, dialect, ports, text, facts);
    if (problems.length > 0) {
      throw new SwitchyardError('CONFIG_PARSE', `the ${platform} simulator refuses line ${problems[0]!.line}: ${problems[0]!.text.trim()} (${problems[0]!.message})`);
    }
    const host: SessionHost = { dialect, ports, config: () => this.state, startupConfig: () => this.state, facts, save: () => undefined };
    this.session = new LabCliSession(host, dialect.topPrivilege);
    this.session.mode = 'config';
  }

  /** Types config lines; throws on a refused one (drift must be valid config). */
  type(lines: readonly string[]): void {
    for (const line of lines) {
      const r = this.session.input(line);
      if (r.rejected) throw new Error(`drift line refused by ${this.platform}: ${line}`);
    }
    this.session.input('end');
    this.session.mode = 'config';
  }

  /** The config as a baseline file holds it: `!`, the body, `end`. */
  text(): string {
    return ['!', ...printBody(this.state, getDialect(this.platform)), 'end', ''].join('\n');
  }

  /** Interface section heads in print order. */
  interfaces(): string[] {
    return [...this.state.sections.values()].filter((s) => s.cat === 'interface').map((s) => s.head);
  }
}

/** Which drift a device gets: every device a stray line, and by `index` a changed description or a removed VLAN. */
export function driftCommands(device: OfflineDevice, index: number): string[] {
  const lines = ['ntp server 192.0.2.199'];
  const described = [...device.state.sections.values()].find((s) => s.cat === 'interface' && s.children.has('description'));
  const vlans = [...device.state.vlans.keys()].sort((a, b) => a - b);
  if ((index % 2 === 0 || vlans.length === 0) && described) {
    const old = described.children.get('description')!.text.slice('description '.length);
    lines.unshift(described.head, `description ${old} (moved)`, 'exit');
  } else if (vlans.length > 0) {
    const victim = vlans[vlans.length - 1]!;
    lines.unshift(...(device.platform === 'fsos-s3900' ? ['vlan database', `no vlan ${victim}`, 'exit'] : [`no vlan ${victim}`]));
  }
  return lines;
}

/** The config text with drift applied, as the device prints it. */
export function driftConfig(platform: SimulatedPlatform, model: string, text: string, index: number): string {
  const device = new OfflineDevice(platform, model, text);
  device.type(driftCommands(device, index));
  return device.text();
}
