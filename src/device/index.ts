/**
 * Device sessions over SSH: transport (ssh2, host-key pinning) and the CLI session above
 * it (prompts, paging, enable, config mode, error detection, masked transcripts).
 */
export { openSession, type CliSession, type ConnectOptions } from './session.js';
export { HostKeyStore, fingerprint, hostToken } from './host-keys.js';
export { HostKeyMismatchError } from './errors.js';
export { scanHostKey } from './transport.js';
export type { LldpNeighbour } from './lldp.js';
