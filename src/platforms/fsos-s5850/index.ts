import type { Platform } from '../types.js';
import { fsosS5850Cli } from './cli.js';
import { FSOS_S5850_CONFIG } from './config.js';
import { FSOS_S5850_MODELS } from './models.js';

/** FS.com S5850/S5800, FSOS 7.x (Centec-like). */
export const platform: Platform = Object.freeze({ name: 'fsos-s5850', title: 'FS.com S5850/S5800, FSOS 7.x (Centec-like)', cli: fsosS5850Cli, config: FSOS_S5850_CONFIG, models: FSOS_S5850_MODELS });
