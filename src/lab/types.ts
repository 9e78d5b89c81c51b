/**
 * Contract of the simulated switch (src/lab). Used by tests, benchmarks, `switchyard lab`
 * and the demo; never by production paths.
 */
import type { PlatformName } from '../platforms/types.js';

/** A user account on a simulated switch. */
export interface LabUser {
  readonly username: string;
  readonly password: string;
}

/** An LLDP neighbour as the simulated switch reports it. */
export interface LabLldpNeighbour {
  readonly localPort: string;
  readonly systemName: string;
  readonly portId: string;
  readonly chassisId?: string;
}

/** Fault knobs, settable at start and changed at run time. */
export interface LabFaults {
  /** Delay before each command's answer, in ms. */
  latencyMs?: number;
  /** Close the connection after this many config-mode commands (counted per device, across sessions). */
  dropAfterConfigCommands?: number;
  /** Config commands (exact text, after trimming) that the switch rejects with its error. */
  rejectCommands?: readonly string[];
  /** Refuse every authentication attempt. */
  refuseAuth?: boolean;
  /** Accept the connection and then never answer a command. */
  hang?: boolean;
}

/** A platform the simulator speaks (each has a dialect in ./dialects/). */
export type SimulatedPlatform = Extract<PlatformName, 'fsos-s5850' | 'fsos-s3900' | 'ios'>;

/** One simulated device. */
export interface LabDeviceSpec {
  readonly name: string;
  readonly platform: SimulatedPlatform;
  readonly model: string;
  readonly serial: string;
  readonly mac: string;
  /** Start from factory default (hostname `Switch`, only the factory account) instead of `config`. */
  readonly factory?: boolean;
  /** Running (and startup) config text to start from; ignored when `factory`. */
  readonly config?: string;
  /** Accounts besides those the config creates (`admin`/`admin` is always there in factory state). */
  readonly users?: readonly LabUser[];
  readonly lldp?: readonly LabLldpNeighbour[];
  /** 0 or absent: pick a free port. */
  readonly port?: number;
  readonly faults?: LabFaults;
}

/** What the simulator records: every line received, by mode. */
export interface LabCommandRecord {
  readonly time: number;
  readonly session: number;
  readonly mode: 'exec' | 'config';
  readonly command: string;
  readonly rejected: boolean;
}

/** One login attempt the simulator saw: every username and password offered, kept for tests (a honeypot's record). */
export interface LabLogin {
  readonly time: number;
  readonly method: 'password' | 'keyboard-interactive';
  readonly username: string;
  readonly password: string;
  readonly accepted: boolean;
}

/** A running simulated device. */
export interface LabDevice {
  readonly spec: LabDeviceSpec;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** OpenSSH-style public host key line (`ssh-ed25519 AAAA…`). */
  readonly hostKey: string;
  readonly commands: readonly LabCommandRecord[];
  /** Every login attempt, accepted or not. */
  readonly logins: readonly LabLogin[];
  /** Number of times running was saved to startup. */
  readonly saves: number;
  running(): string;
  startup(): string;
  faults: LabFaults;
}

/** A set of simulated devices on loopback. */
export interface Lab {
  readonly devices: readonly LabDevice[];
  device(name: string): LabDevice;
  stop(): Promise<void>;
}
