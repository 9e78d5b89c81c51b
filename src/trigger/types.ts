/**
 * Contracts of the trigger: what a parsed DHCP lease looks like, what a rule decides, and
 * the actions the daemon is handed (it never talks SSH itself; docs/architecture.md, parts).
 */
import type { LldpNeighbour } from '../device/index.js';
import type { Device } from '../inventory/index.js';

/** The DHCP servers whose lines and hooks are understood. */
export type DhcpServer = 'dhcpd' | 'dnsmasq' | 'kea';

/**
 * One lease grant (DHCPACK class: dhcpd/dnsmasq `DHCPACK`, Kea `DHCP4_LEASE_ALLOC` and
 * legal-log "assigned/renewed", hook `add|old|commit|leases4_committed`). Every text field
 * is untrusted: it came from a DHCP client or a log line. Each is one visible line
 * (values.ts cleanField: a line end ends it, invisible characters are removed) cut to its
 * limit with a marker `…(+N chars)`.
 */
export interface LeaseEvent {
  /**
   * The line as read, rebuilt around its cleaned fields and cut to MAX_LINE characters, or
   * for hook events the line a dhcpd log would hold; what `pattern:`/`contains:` rules see.
   */
  readonly line: string;
  readonly type: 'DHCPACK';
  /** A canonical unicast IPv4 address, unless `invalid` says otherwise (then the text as written). */
  readonly ip: string;
  /** Lower-case, colon-separated, two digits per octet. */
  readonly mac: string;
  /** At most MAX_HOSTNAME characters, plus the marker when it was cut. */
  readonly hostname?: string;
  /** Option 82 circuit-id: text when printable, else lower-case colon hex. */
  readonly circuitId?: string;
  /** The relay (giaddr) the request came through. */
  readonly relay?: string;
  /** The server interface the request came in on. */
  readonly iface?: string;
  /** When it happened (ms since the epoch): the log's own timestamp, else the time it was read. */
  readonly time: number;
  /** Where it came from: `file:/var/log/dhcpd.log`, `syslog:udp`, `hook:dnsmasq`, … */
  readonly source: string;
  readonly server?: DhcpServer;
  /**
   * Why the event must not be acted on, when a lease line holds an address no lease can be
   * for (`010.010.000.002`, which the C library reads as 8.8.0.2; 0.0.0.0; multicast; …).
   * The line still gets its decision: a refusal with this reason. No rule matches it.
   */
  readonly invalid?: string;
}

/** What a decision says should happen. */
export type DecisionAction = 'reconcile' | 'provision' | 'exec' | 'log' | 'refuse' | 'suppress' | 'ignore';

/**
 * One decision, as `watch --replay --dry-run --json` prints it and the daemon logs it (fields
 * and order: docs/architecture.md, decisions): every DHCPACK-class event gets at least one.
 */
export interface Decision {
  readonly line: string;
  readonly type: string;
  readonly ip: string;
  readonly mac: string;
  readonly hostname: string | null;
  readonly circuitId: string | null;
  readonly rule: string | null;
  readonly action: DecisionAction;
  readonly device: string | null;
  readonly reason: string;
  /** Set on a refusal that an operator must look at (a hostname naming another device). */
  readonly alert?: true;
}

/** The work a decision asks for; what the queue stores and runs. */
export interface JobSpec {
  readonly kind: 'reconcile' | 'provision' | 'exec' | 'identify';
  /** One job per key at a time: `device:NAME`, or `mac:MAC` for a switch not identified yet. */
  readonly key: string;
  readonly rule: string;
  /** Inventory device name; for `identify`, the device a known MAC claims to be (its port must agree), else absent. */
  readonly device?: string;
  readonly event: LeaseEvent;
}

/** How a job ended, as the handlers report it. */
export interface JobOutcome {
  readonly status: 'ok' | 'failed' | 'retry' | 'skipped';
  /** Short human text: `converged`, `Configuration OK`, `SSH not up yet`, … */
  readonly message: string;
  /** For `retry`: do not try again before this many ms (the queue's backoff applies otherwise). */
  readonly retryAfterMs?: number;
  /** Someone should look now: a host key changed, a unit is not who it claims to be. */
  readonly alert?: true;
}

/**
 * The actions, injected by src/app (the real ones log into switches through src/reconcile;
 * tests and `--dry-run` pass their own). A handler never throws for a device problem: it
 * returns an outcome. A thrown error counts as `failed`.
 */
export interface JobHandlers {
  reconcile(device: Device, event: LeaseEvent, signal: AbortSignal): Promise<JobOutcome>;
  provision(device: Device, event: LeaseEvent, signal: AbortSignal): Promise<JobOutcome>;
  /**
   * Logs in at `event.ip` with the factory account and reads the LLDP neighbours. Throws or
   * rejects while the switch's SSH server is not up yet (the job is retried with backoff).
   */
  identifyByLldp?(event: LeaseEvent, signal: AbortSignal): Promise<readonly LldpNeighbour[]>;
}

/** A log record of the trigger (the CLI prints it as a JSON line or a human line). */
export interface TriggerLogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** Where the trigger reports what it does. */
export type TriggerLogger = (entry: TriggerLogEntry) => void;
