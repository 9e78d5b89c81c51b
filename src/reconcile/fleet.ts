import type { Device } from '../inventory/index.js';
import { reconcileDevice, type ReconcileContext } from './device-run.js';
import type { DeviceResult } from './types.js';

/**
 * Default number of devices reconciled at once. A session mostly waits on the switch, so
 * hundreds in parallel cost little CPU; bench/reconcile measures it.
 */
export const DEFAULT_FORKS = 100;

/**
 * Reconciles many devices, at most `forks` at a time. Results come back in the order of
 * `devices`, whatever order they finished in; one device's failure never stops the rest.
 */
export async function reconcileFleet(devices: readonly Device[], ctx: ReconcileContext, forks = DEFAULT_FORKS): Promise<DeviceResult[]> {
  const results: DeviceResult[] = new Array<DeviceResult>(devices.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < devices.length) {
      const i = next++;
      results[i] = await reconcileDevice(devices[i]!, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(forks, devices.length)) }, worker));
  return results;
}
