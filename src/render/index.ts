/**
 * Rendering: the Handlebars environment, helpers and template lookup that turn a device
 * of the inventory into its desired configuration. Other parts import only from here.
 */
export { openRenderer, createRenderer, templateCandidates } from './renderer.js';
export { loadTemplates } from './template-set.js';
export { normaliseOutput } from './output.js';
export { compareBaselines, renderAll, mergeRenderProblems, writeBaseline, baselineDiff, orphanBaselines } from './baselines.js';
export { vlanList, vlanExpand } from './vlans.js';
export { portRange } from './ports.js';
export { ipAddr, prefixLen, netmask, network, wildcard, cidr } from './ip.js';
export { indent, join, eq, fallback } from './helpers.js';
