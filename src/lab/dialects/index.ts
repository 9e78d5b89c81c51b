/** The simulated dialects, compiled once. */
import { compileDialect, type Dialect } from '../dialect.js';
import type { LabDeviceSpec } from '../types.js';
import { FSOS_S5850 } from './fsos-s5850.js';
import { FSOS_S3900 } from './fsos-s3900.js';
import { IOS } from './ios.js';

const DATA = { 'fsos-s5850': FSOS_S5850, 'fsos-s3900': FSOS_S3900, ios: IOS } as const;
const cache = new Map<string, Dialect>();

/** The compiled dialect of a simulated platform. */
export function getDialect(name: LabDeviceSpec['platform']): Dialect {
  let d = cache.get(name);
  if (!d) {
    const data = DATA[name];
    if (!data) throw new Error(`lab: no simulated dialect ${String(name)}`);
    d = compileDialect(data);
    cache.set(name, d);
  }
  return d;
}
