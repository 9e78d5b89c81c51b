/**
 * The system-test lab: real FRR behind OpenSSH, ISC dhcpd / dnsmasq, dhcrelay and udhcpc
 * in network namespaces. Used by test/system and bench/frr. See docs/system-tests.md.
 */
export { createLab } from './lab.js';
export type { Lab } from './types.js';
export { LAB_PREFIX, labNamespaces } from './netns.js';
