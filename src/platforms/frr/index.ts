import type { Platform } from '../types.js';
import { frrCli } from './cli.js';
import { FRR_CONFIG } from './config.js';

/** FRR through vtysh. */
export const platform: Platform = Object.freeze({ name: 'frr', title: 'FRR through vtysh', cli: frrCli, config: FRR_CONFIG });
