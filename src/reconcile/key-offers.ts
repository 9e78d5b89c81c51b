/**
 * Host keys a device offered that did not match its pin (`<state>/key-offers.json`). A
 * pin is never replaced automatically: the refusal records what was offered, where and
 * when, and `switchyard keys accept DEVICE` pins it once an operator has checked the
 * fingerprint (a replaced or reset unit makes a new key).
 */
import { fingerprint } from '../device/index.js';
import type { Device } from '../inventory/index.js';
import { readStateFile, updateStateFile } from './state-file.js';

/** One refused key. */
export interface KeyOffer {
  readonly site: string;
  readonly device: string;
  /** `type base64`. */
  readonly key: string;
  readonly fingerprint: string;
  /** `host:port` where the key was presented (a DHCP address when provisioning). */
  readonly seenAt: string;
  readonly time: string;
  /** What was being done: `reconcile` or `provision`. */
  readonly during: string;
}

const FILE = 'key-offers';
const keyOf = (site: string, name: string) => `${site}/${name}`;

/** Records that `device` presented `key` at `seenAt` and was refused. */
export async function recordKeyOffer(stateDir: string, device: Device, key: string, seenAt: string, during: string): Promise<void> {
  await updateStateFile<KeyOffer>(stateDir, FILE, (offers) => {
    offers[keyOf(device.site, device.name)] = { site: device.site, device: device.name, key, fingerprint: fingerprint(key), seenAt, time: new Date().toISOString(), during };
  });
}

/** The last refused key of every device. */
export async function readKeyOffers(stateDir: string): Promise<ReadonlyMap<string, KeyOffer>> {
  return new Map(Object.entries(await readStateFile<KeyOffer>(stateDir, FILE)));
}

/** The last refused key of `device`, if any. */
export async function keyOfferOf(stateDir: string, device: Device): Promise<KeyOffer | undefined> {
  return (await readKeyOffers(stateDir)).get(keyOf(device.site, device.name));
}

/** Drops `device`'s recorded offer (accepted or forgotten). */
export async function clearKeyOffer(stateDir: string, device: Device): Promise<void> {
  if ((await keyOfferOf(stateDir, device)) === undefined) return;
  await updateStateFile<KeyOffer>(stateDir, FILE, (offers) => {
    delete offers[keyOf(device.site, device.name)];
  });
}
