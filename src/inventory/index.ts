/**
 * The inventory: loading, validation, variable precedence, secrets and fleet lookups.
 * Other parts import only from here.
 */
export { loadInventory } from './load.js';
export { resolveSecret } from './secrets.js';
export { normaliseMac } from './mac.js';
export { normalisePort, comparePorts } from './ports.js';
export { choosePlatform } from './platform.js';
export { mergeLayers } from './merge.js';
// The YAML-with-positions reader and the ajv wrapper, for other project files (rules/*.yml).
export { parseYaml, pointerSegment } from './yaml-positions.js';
export type { PositionedYaml } from './yaml-positions.js';
export { checkSchema } from './schema-check.js';
export { checkHost } from './cross-references.js';
export type { Credentials, Device, Inventory } from './types.js';
