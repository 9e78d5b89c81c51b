/**
 * The system-test lab: real FRR behind OpenSSH, ISC dhcpd / dnsmasq, dhcrelay and udhcpc
 * in network namespaces. Used by test/system and bench/frr. See docs/system-tests.md.
 */
export { createLab, emptyFrrConfig } from './lab.js';
export type { Lab, LabConnection, LabOptions, LabSwitch, LabSwitchSpec } from './types.js';
export type { LabCredentials } from './sshd.js';
export type { DhcpClientEvent } from './dhcp-client.js';
export type { RunResult } from './exec.js';
export { OPTION82_LOG_STATEMENT, OPTION82_LOG_TAG, dhcpdConfig } from './dhcp-server.js';
export { LAB_PREFIX, cleanupLeftovers, labNamespaces } from './netns.js';
export { FRR_DAEMONS } from './frr.js';
