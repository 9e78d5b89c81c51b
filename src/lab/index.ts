/**
 * The simulated switch (`src/lab`, docs/simulator.md): ssh2 servers on loopback speaking the
 * FSOS S5850, FSOS S3900 and IOS dialects of docs/dialects.md, with a stateful running
 * and startup config, factory-default state, LLDP neighbours and fault knobs. Imported by
 * tests, benchmarks, the demo and `switchyard lab` only — never by production paths.
 */
export type { Lab, LabDevice, LabDeviceSpec, LabFaults, LabLogin, LabUser, LabLldpNeighbour, LabCommandRecord } from './types.js';
export { startLab, type StartLabOptions } from './lab.js';
export { startSiteLab, siteLabSpecs, type SiteLabOptions } from './site-lab.js';
export { generateFleet, type GeneratedDevice } from './generate.js';
export { driftConfig } from './drift.js';
export { factoryConfig } from './factory.js';
export { SIMULATED_PLATFORMS } from './dialects/index.js';
export { md5Crypt, verifyMd5Crypt } from './md5-crypt.js';
export { generateHostKey } from './host-key.js';
