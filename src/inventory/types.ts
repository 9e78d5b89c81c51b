/**
 * The loaded, validated and resolved inventory: what every other part reads.
 * Field names follow docs/inventory.md (a contract with users' YAML files).
 */
import type { PlatformName } from '../platforms/types.js';
import type { SourceLocation } from '../errors.js';

/** A secret as written in the inventory: a literal, or a reference resolved at connect time. */
export type SecretRef = string | { readonly env: string } | { readonly file: string };

/** A login: user name and a secret reference (never the resolved secret). */
export interface Credentials {
  readonly username: string;
  readonly password?: SecretRef;
  /** Path to a private key file (OpenSSH or PEM format). */
  readonly privateKey?: string;
  /** Enable secret, for platforms whose login lands in user mode. */
  readonly enable?: SecretRef;
}

/** Where a switch must be plugged in: the upstream device and its port. */
export interface Uplink {
  readonly device: string;
  readonly port: string;
  /** This device's own port that plugs into it (`local_port`), when the inventory says. */
  readonly localPort?: string;
}

/** One device with every variable resolved (defaults → groups → site → device). */
export interface Device {
  readonly name: string;
  readonly site: string;
  /** The platform word as the inventory writes it: a family of platforms or a platform's name (src/platforms). */
  readonly platformFamily: string;
  /** The concrete platform data to use; for a family, the member whose table of known models lists `model`. */
  readonly platform: PlatformName;
  readonly model?: string;
  readonly role?: string;
  readonly groups: readonly string[];
  /** Lower-case, colon-separated (`64:9d:99:00:00:01`). */
  readonly mac?: string;
  readonly serial?: string;
  readonly mgmt: { readonly host: string; readonly port: number };
  readonly uplink?: Uplink;
  /** What a relay sends as option 82 circuit-id for the port this device plugs into. */
  readonly circuitId?: string;
  readonly description?: string;
  readonly credentials: Credentials;
  /** How a factory-new unit is first reached. */
  readonly factory?: Credentials;
  /** Merged template variables. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Where the device is declared (its key in the site file). */
  readonly source: SourceLocation;
}

/** One location. */
export interface Site {
  readonly name: string;
  readonly file: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Devices of the site in file order. */
  readonly devices: readonly Device[];
}

/** The whole fleet, with lookups. */
export interface Inventory {
  /** Absolute path of the project root. */
  readonly root: string;
  /** Sites sorted by name. */
  readonly sites: readonly Site[];
  site(name: string): Site;               // throws UNKNOWN_SITE listing the known sites
  device(site: string, name: string): Device; // throws UNKNOWN_DEVICE listing the site's devices
  byMac(mac: string): Device | undefined;  // any MAC spelling (colons, dashes, dots, case)
  byName(name: string): Device | undefined; // across all sites (names are unique fleet-wide)
  bySerial(serial: string): Device | undefined;
  /** Devices whose uplink or circuit_id matches (port map lookups for zero-touch). */
  byCircuitId(circuitId: string): readonly Device[];
  byUplink(device: string, port: string): readonly Device[];
  /** Devices whose uplink is `device` (any port), sorted by port: a switch's downlinks. */
  downlinks(device: string): readonly Device[];
  /** Group names defined in groups.yml, in file order. */
  readonly groups: readonly string[];
  readonly devices: readonly Device[];
}
