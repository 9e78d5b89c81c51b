/**
 * A simulated device's CLI without SSH: a session over a fresh config state, for unit
 * tests of the dialect model (grammar, modes, `no`, printing).
 */
import { getDialect } from '../../../src/lab/dialects/index.js';
import { ConfigState, printConfig } from '../../../src/lab/config-state.js';
import { LabCliSession, loadConfigText, type Reply, type SessionHost } from '../../../src/lab/cli-session.js';
import type { LabDeviceSpec, LabLldpNeighbour } from '../../../src/lab/types.js';

/** A headless device and one session on it. */
interface Harness {
  readonly session: LabCliSession;
  /** Types one line; returns the reply. */
  type(line: string): Reply;
  /** Types lines and fails on the first rejected one. */
  typeAll(lines: readonly string[]): void;
  /** What `show running-config` prints, as text with `\n`. */
  running(): string;
  startup(): string;
  saves(): number;
  /** A new session on the same device (a second login). */
  login(privilege?: number): LabCliSession;
}

/** Builds a device of `platform` from `config` (or empty) with a session at `privilege` (default top). */
export function harness(
  platform: LabDeviceSpec['platform'],
  options: { config?: string; privilege?: number; lldp?: LabLldpNeighbour[]; model?: string } = {},
): Harness {
  const dialect = getDialect(platform);
  const running = new ConfigState();
  const spec: LabDeviceSpec = {
    name: 'dut',
    platform,
    model: options.model ?? (platform === 'fsos-s3900' ? 'S3900-24T4S' : platform === 'ios' ? 'WS-C2960X-48TS-L' : 'S5850-48T4Q'),
    serial: 'SN0001',
    mac: '64:9d:99:00:00:01',
    lldp: options.lldp,
  };
  const facts = (): ReturnType<SessionHost['facts']> => ({ spec, hostname: running.hostname, uptimeSeconds: 3 * 3600 + 5 * 60, lldp: options.lldp ?? [] });
  const ports = platform === 'fsos-s3900' ? 28 : 52;
  if (options.config !== undefined) {
    const problems = loadConfigText(running, dialect, ports, options.config, facts);
    if (problems.length) throw new Error(`config refused: ${JSON.stringify(problems)}`);
  }
  let startup = running.clone();
  let saves = 0;
  const host: SessionHost = {
    dialect,
    ports,
    config: () => running,
    startupConfig: () => startup,
    facts,
    save: () => {
      startup = running.clone();
      saves++;
    },
  };
  const session = new LabCliSession(host, options.privilege ?? dialect.topPrivilege);
  const print = (s: ConfigState): string => `${printConfig(s, dialect).join('\n')}\n`;
  return {
    session,
    type: (line) => session.input(line),
    typeAll(lines) {
      for (const line of lines) {
        const r = session.input(line);
        if (r.rejected) throw new Error(`rejected: ${line}\n${r.out.join('\n')}`);
      }
    },
    running: () => print(running),
    startup: () => print(startup),
    saves: () => saves,
    login: (privilege) => new LabCliSession(host, privilege ?? dialect.topPrivilege),
  };
}
