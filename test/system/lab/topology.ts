/**
 * The lab's fixed address and name plan, all inside the documentation ranges and all
 * inside namespaces the lab creates (plus the root-side ends of the management veths):
 *
 * - management, root namespace ↔ switch i: 198.51.100.(4i+1)/30 ↔ 198.51.100.(4i+2)/30,
 *   root-side interface `sylab-m<i>`, switch-side `mgmt0`; sshd listens on the switch side;
 * - DHCP, server ↔ direct switch j: 192.0.2.(16j+1)/28 on server interface `srv-p<j>`,
 *   pool .16j+2 – .16j+14; switch-side interface `dhcp0` carries the switch's MAC;
 * - relay uplink, server ↔ relay: 203.0.113.1/30 (`relay0`) ↔ 203.0.113.2/30 (`uplink`);
 * - relayed switch k: relay port (named after the circuit-id) 203.0.113.(16(k+1)+1)/28,
 *   pool .16(k+1)+2 – .16(k+1)+14, switch side `dhcp0`.
 */
import type { DhcpSubnet } from './dhcp-server.js';
import { LAB_PREFIX } from './netns.js';

/** Upper bounds the address plan allows. */
export const MAX_SWITCHES = 60;
export const MAX_DIRECT = 16;
export const MAX_RELAYED = 15;

/** Namespace of the DHCP server. */
export const SERVER_NS = `${LAB_PREFIX}dhcp`;
/** Namespace of dhcrelay. */
export const RELAY_NS = `${LAB_PREFIX}relay`;
/** Server address on the relay uplink: where dhcrelay forwards to. */
export const SERVER_RELAY_ADDRESS = '203.0.113.1';
export const RELAY_UPLINK_ADDRESS = '203.0.113.2';
/** Interface names on both ends of the relay uplink. */
export const SERVER_RELAY_IFACE = 'relay0';
export const RELAY_UPLINK_IFACE = 'uplink';
/** Interface names inside a switch namespace. */
export const SWITCH_MGMT_IFACE = 'mgmt0';
export const SWITCH_DHCP_IFACE = 'dhcp0';

/** Namespace of switch NAME. */
export function switchNs(name: string): string {
  return `${LAB_PREFIX}sw-${name}`;
}

/** Management link of switch number I: root and switch addresses. */
export function mgmtLink(i: number): { rootIface: string; rootAddress: string; switchAddress: string; prefix: number } {
  return { rootIface: `${LAB_PREFIX}m${i}`, rootAddress: `198.51.100.${4 * i + 1}`, switchAddress: `198.51.100.${4 * i + 2}`, prefix: 30 };
}

/** DHCP link of the J-th directly attached switch. */
export function directLink(j: number): { serverIface: string; serverAddress: string; subnet: DhcpSubnet } {
  const base = 16 * j;
  return {
    serverIface: `srv-p${j}`,
    serverAddress: `192.0.2.${base + 1}`,
    subnet: { network: `192.0.2.${base}`, netmask: '255.255.255.240', range: [`192.0.2.${base + 2}`, `192.0.2.${base + 14}`] },
  };
}

/** DHCP link of the K-th relayed switch (its relay port is the giaddr). */
export function relayedLink(k: number): { relayAddress: string; subnet: DhcpSubnet } {
  const base = 16 * (k + 1);
  const relayAddress = `203.0.113.${base + 1}`;
  return {
    relayAddress,
    subnet: { network: `203.0.113.${base}`, netmask: '255.255.255.240', range: [`203.0.113.${base + 2}`, `203.0.113.${base + 14}`], router: relayAddress },
  };
}

/** The relay uplink subnet, which dhcpd must know to listen on its interface. */
export const RELAY_UPLINK_SUBNET: DhcpSubnet = { network: '203.0.113.0', netmask: '255.255.255.252' };

/** Default relay port (= circuit-id) of the K-th relayed switch. */
export function defaultRelayPort(k: number): string {
  return `eth-0-${k + 1}`;
}
