/**
 * The simulated switch (`src/lab`, docs/simulator.md): ssh2 servers on loopback speaking the
 * FSOS S5850, FSOS S3900 and IOS dialects of docs/dialects.md, with a stateful running
 * and startup config, factory-default state, LLDP neighbours and fault knobs. Imported by
 * tests, benchmarks, the demo and `switchyard lab` only — never by production paths.
 */
export type { Lab, LabDevice, LabDeviceSpec, LabFaults, LabLldpNeighbour } from './types.js';
export { startLab } from './lab.js';
export { startSiteLab, siteLabSpecs } from './site-lab.js';
export { generateFleet } from './generate.js';
export { driftConfig } from './drift.js';
export { SIMULATED_PLATFORMS } from './dialects/index.js';
export { generateHostKey } from './host-key.js';
