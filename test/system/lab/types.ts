/** The system-test lab's public types (createLab's options and result). */
import type { DhcpClientEvent } from './dhcp-client.js';
import type { RunResult } from './exec.js';
import type { LabCredentials } from './sshd.js';

/** One switch of the lab. */
export interface LabSwitchSpec {
  /** Lab-unique name (letters, digits, `.`, `_`, `-`); also FRR's hostname unless frrHostname is set. */
  readonly name: string;
  /** MAC of the switch's DHCP interface (what the DHCP server logs). */
  readonly mac: string;
  /** DHCP option 12 the client sends; default: name; null: none. */
  readonly hostname?: string | null;
  /** Hostname of the FRR daemons (their uname); default: name. */
  readonly frrHostname?: string;
  /** Integrated frr.conf to boot from; default: an empty config. */
  readonly frrConfig?: string;
  /** Run FRR and sshd (default true); false makes a bare DHCP client, e.g. a spoofing host. */
  readonly frr?: boolean;
  /** Attach behind dhcrelay; `port` names the relay interface, which becomes the circuit-id. */
  readonly relay?: boolean | { readonly port?: string };
  /** Give the switch a DHCP link and client (default true); false for FRR-only switches (bench). */
  readonly dhcp?: boolean;
  /** Start the DHCP client while creating the lab and wait for its lease (default true). */
  readonly startDhcp?: boolean;
}

/** Options of createLab. */
export interface LabOptions {
  readonly switches: readonly LabSwitchSpec[];
  /** Which DHCP server runs (default dhcpd). */
  readonly dhcp?: 'dhcpd' | 'dnsmasq';
  /** dnsmasq only: absolute path of the `--dhcp-script`. */
  readonly dhcpScript?: string;
  /** dnsmasq only: `--script-on-renewal`, so a renewal calls the script too. */
  readonly scriptOnRenewal?: boolean;
  /** The sshd login (a Linux account); default `switchyard-lab` / `lab-password-7`. */
  readonly credentials?: LabCredentials;
  /** How long to wait for another test process's lab to finish (default 10 min). */
  readonly lockTimeoutMs?: number;
}

/** A switch as created. */
export interface LabSwitch {
  readonly name: string;
  readonly namespace: string;
  readonly mac: string;
  readonly hostname: string | null;
  readonly frrHostname: string;
  readonly frr: boolean;
  /** Management address, reachable from the root namespace; sshd listens here. */
  readonly mgmtAddress: string;
  readonly port: 22;
  /** Public host key of the switch's sshd (`ssh-ed25519 AAAA…`); absent without FRR. */
  readonly hostKey?: string;
  readonly relayed: boolean;
  /** Option-82 circuit-id the relay adds for this switch (relayed switches only). */
  readonly circuitId?: string;
  /** What dhcpd prints after `via`: the server interface (direct) or the relay address (giaddr). */
  readonly dhcpVia?: string;
  /** Path of the switch's frr.conf (what `write memory` writes). */
  readonly frrConfigFile: string;
}

/** Where and how to log into a lab switch. */
export interface LabConnection {
  readonly host: string;
  readonly port: 22;
  readonly username: string;
  readonly password: string;
  /** `ssh-ed25519 AAAA…` of the switch's sshd, to pin. */
  readonly hostKey: string;
}

/** A running lab. */
export interface Lab {
  /** Working directory: configs, logs, keys (removed by destroy unless SWITCHYARD_LAB_KEEP is set). */
  readonly dir: string;
  readonly dhcpServer: 'dhcpd' | 'dnsmasq';
  /** The file the DHCP server logs to: what `switchyard watch` tails. */
  readonly dhcpLog: string;
  readonly relayLog?: string;
  readonly credentials: LabCredentials;
  /**
   * A file holding the root network namespace: `nsenter --net=FILE -- CMD` runs CMD where the
   * switches' management addresses are reachable. dnsmasq's --dhcp-script runs inside the
   * server namespace and gets this path as SWITCHYARD_LAB_ROOT_NETNS.
   */
  readonly rootNetns: string;
  /** known_hosts file with every switch's host key under its management address. */
  readonly knownHosts: string;
  readonly switches: readonly LabSwitch[];
  /** The switch named NAME (throws if there is none). */
  switch(name: string): LabSwitch;
  /** How a client in the root namespace logs into switch NAME's sshd (for ssh2 and inventories). */
  connection(name: string): LabConnection;
  /** The switch's current lease address, if it has one. */
  lease(name: string): string | undefined;
  /** Renews the lease now (udhcpc SIGUSR1, a unicast DHCPREQUEST); resolves after the ACK reached the client. */
  renew(name: string): Promise<DhcpClientEvent>;
  /** Starts the DHCP client (a fresh DISCOVER, as a booting switch); resolves with the lease. */
  startDhcpClient(name: string): Promise<DhcpClientEvent>;
  /** Stops the DHCP client without releasing its lease. */
  stopDhcpClient(name: string): Promise<void>;
  /** Runs vtysh commands as root inside the switch namespace (`vtysh -N NS -c …`). */
  vtysh(name: string, commands: string | readonly string[]): Promise<RunResult>;
  /** `show running-config` through real OpenSSH into vtysh; throws unless ssh exits 0. */
  sshRunningConfig(name: string): Promise<string>;
  /** `ssh switch COMMAND` through real OpenSSH. */
  ssh(name: string, command: string): Promise<RunResult>;
  /** An interactive `ssh -tt` session typing LINES. */
  sshInteractive(name: string, lines: readonly string[]): Promise<RunResult>;
  /** The DHCP server log so far. */
  readDhcpLog(): string;
  /** Waits until a line of the DHCP log from byte FROM on matches PATTERN; resolves with the match. */
  waitForDhcpLog(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<RegExpExecArray>;
  /** Byte length of the DHCP log now (a `from` for waitForDhcpLog). */
  dhcpLogSize(): number;
  /** Ends every lab process and removes namespaces, FRR pathspaces and the working directory. Idempotent. */
  destroy(): Promise<void>;
}
