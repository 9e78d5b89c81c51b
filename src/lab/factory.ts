/**
 * Factory-default state of a simulated switch: hostname `Switch` and the factory
 * account `admin`/`admin` at the top privilege, nothing else. The account is ordinary
 * config (printed, removable with `no username admin`), as on the real units, so a
 * provisioning run that removes it really locks the factory login out.
 */
import type { LabDeviceSpec } from './types.js';
import { md5Crypt } from './md5-crypt.js';

/** The factory account's hash (a fixed salt keeps factory configs identical across units). */
const ADMIN_HASH = md5Crypt('admin', 'factory0');

/** The factory-default config text of a platform, as a config file the device loads. */
export function factoryConfig(platform: LabDeviceSpec['platform'], _spec?: Partial<LabDeviceSpec>): string {
  switch (platform) {
    case 'fsos-s5850':
      return `hostname Switch\nusername admin privilege 4 secret 5 ${ADMIN_HASH}\n`;
    case 'fsos-s3900':
      return `hostname Switch\nusername admin privilege 15\nusername admin password 7 ${ADMIN_HASH}\n`;
    case 'ios':
      return `hostname Switch\nusername admin privilege 15 secret 5 ${ADMIN_HASH}\n`;
  }
}
