import type { Platform } from '../types.js';
import { iosCli } from './cli.js';
import { IOS_CONFIG } from './config.js';

/** generic Cisco-IOS-like. */
export const platform: Platform = Object.freeze({ name: 'ios', title: 'generic Cisco-IOS-like', cli: iosCli, config: IOS_CONFIG });
