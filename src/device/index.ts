/**
 * Device sessions over SSH: transport (ssh2, host-key pinning) and the CLI session above
 * it (prompts, paging, enable, config mode, error detection, masked transcripts).
 */
export { openSession, type CliSession, type ConnectOptions } from './session.js';
export { HostKeyStore, fingerprint, hostToken, type HostKeyPolicy } from './host-keys.js';
export { DeviceError, CommandRejectedError, HostKeyMismatchError, type DeviceErrorContext } from './errors.js';
export { scanHostKey } from './transport.js';
export { Masker, MASK } from './masking.js';
export { parseLldp, type LldpNeighbour } from './lldp.js';
export type { Negotiated, PreferredAlgorithms } from './transport.js';
