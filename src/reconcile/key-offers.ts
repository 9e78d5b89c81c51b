/**
 * Host keys a device offered that did not match its pin (`<state>/key-offers.json`). A
 * pin is never replaced automatically: the refusal records what was offered, where and
 * when, and `switchyard keys accept DEVICE --fingerprint SHA256:…` pins the one whose
 * fingerprint an operator read on the switch's console (a replaced or reset unit makes a
 * new key; so may a rogue, which is why the fingerprint is required).
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
/** Distinct keys kept per device, newest first: a rogue offering its key must not push the real unit's out of sight. */
const OFFERS_KEPT = 5;
const keyOf = (site: string, name: string) => `${site}/${name}`;

/** Records that `device` presented `key` at `seenAt` and was refused. */
export async function recordKeyOffer(stateDir: string, device: Device, key: string, seenAt: string, during: string): Promise<void> {
  const offer: KeyOffer = { site: device.site, device: device.name, key, fingerprint: fingerprint(key), seenAt, time: new Date().toISOString(), during };
  await updateStateFile<KeyOffer[]>(stateDir, FILE, (offers) => {
    const id = keyOf(device.site, device.name);
    offers[id] = [offer, ...(offers[id] ?? []).filter((o) => o.key !== key)].slice(0, OFFERS_KEPT);
  });
}

/** The refused keys of every device (`site/device` → newest first). */
export async function readKeyOffers(stateDir: string): Promise<ReadonlyMap<string, readonly KeyOffer[]>> {
  return new Map(Object.entries(await readStateFile<KeyOffer[]>(stateDir, FILE)));
}

/** The refused keys of `device`, newest first. */
export async function keyOffersOf(stateDir: string, device: Device): Promise<readonly KeyOffer[]> {
  return (await readKeyOffers(stateDir)).get(keyOf(device.site, device.name)) ?? [];
}

/** Drops `device`'s recorded offers (one accepted, or the pin forgotten). */
export async function clearKeyOffers(stateDir: string, device: Device): Promise<void> {
  if ((await keyOffersOf(stateDir, device)).length === 0) return;
  await updateStateFile<KeyOffer[]>(stateDir, FILE, (offers) => {
    delete offers[keyOf(device.site, device.name)];
  });
}
