/** The simulated dialects, compiled once. */
import { compileDialect, type Dialect, type DialectData } from '../dialect.js';
import type { SimulatedPlatform } from '../types.js';
import { FSOS_S5850 } from './fsos-s5850.js';
import { FSOS_S3900 } from './fsos-s3900.js';
import { IOS } from './ios.js';

const DATA: Readonly<Record<SimulatedPlatform, DialectData>> = { 'fsos-s5850': FSOS_S5850, 'fsos-s3900': FSOS_S3900, ios: IOS };

/** The platforms the simulator speaks (src/platforms has more: FRR is tested against real FRR). */
export const SIMULATED_PLATFORMS = Object.freeze(Object.keys(DATA)) as readonly SimulatedPlatform[];
const cache = new Map<string, Dialect>();

/** The compiled dialect of a simulated platform. */
export function getDialect(name: SimulatedPlatform): Dialect {
  let d = cache.get(name);
  if (!d) {
    const data = DATA[name];
    if (!data) throw new Error(`lab: no simulated dialect ${String(name)}`);
    d = compileDialect(data);
    cache.set(name, d);
  }
  return d;
}
