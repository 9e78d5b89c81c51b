import type { Platform } from '../types.js';
import { fsosS3900Cli } from './cli.js';
import { FSOS_S3900_CONFIG } from './config.js';
import { FSOS_S3900_MODELS } from './models.js';

/** FS.com S3900, FSOS 1.7.x (Edgecore-like). */
export const platform: Platform = Object.freeze({ name: 'fsos-s3900', title: 'FS.com S3900, FSOS 1.7.x (Edgecore-like)', cli: fsosS3900Cli, config: FSOS_S3900_CONFIG, models: FSOS_S3900_MODELS });
