/**
 * The inventory: loading, validation, variable precedence, secrets and fleet lookups.
 * Other parts import only from here.
 */
export { loadInventory } from './load.js';
export { resolveSecret, describeSecret } from './secrets.js';
export { normaliseMac } from './mac.js';
export { normalisePort, comparePorts } from './ports.js';
export { resolvePlatform, PLATFORM_FAMILIES } from './platform.js';
export { mergeLayers } from './merge.js';
export type { Credentials, Device, Inventory, SecretRef, Site, Uplink } from './types.js';
