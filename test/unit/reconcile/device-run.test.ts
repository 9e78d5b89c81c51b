import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from '../../../src/inventory/index.js';
import { acquireDeviceLock, provisionDevice, reconcileDevice, type DeviceResult, type Step } from '../../../src/reconcile/index.js';

const device = {
  name: 'sw1',
  site: 'hq',
  platform: 'fsos-s3900',
  mgmt: { host: '192.0.2.10', port: 22 },
  credentials: { username: 'netops' },
  factory: { username: 'admin' },
} as unknown as Device;

const never = (what: string) => () => Promise.reject(new Error(`${what} was called`));

/** Runs `run` while another holder has `device`'s lock, with the run's signal already aborted. */
async function waitingForTheLock(run: (stateDir: string, signal: AbortSignal, onStep: (d: Device, s: Step) => void) => Promise<DeviceResult>) {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-run-'));
  const held = await acquireDeviceLock(stateDir, device.site, device.name);
  const steps: Step[] = [];
  try {
    const result = await run(stateDir, AbortSignal.abort(), (_d, s) => steps.push(s));
    const records = (await readFile(join(stateDir, 'runs.jsonl'), 'utf8')).trim().split('\n');
    return { result, steps, records };
  } finally {
    await held.release();
  }
}

test('a reconcile whose signal aborts the wait for the device lock fails with LOCK_HELD, recorded, before anything renders or connects', async () => {
  const { result, steps, records } = await waitingForTheLock((stateDir, signal, onStep) =>
    reconcileDevice(device, { stateDir, check: false, diff: false, desired: never('desired'), connect: never('connect'), signal, observer: { onStep } }),
  );
  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.code, 'LOCK_HELD');
  assert.match(result.error!.message, /aborted/);
  assert.deepEqual(steps, ['lock', 'done']);
  assert.equal(records.length, 1);
});

test('a provisioning waits for the same lock and gives up on the same signal', async () => {
  const { result, steps, records } = await waitingForTheLock((stateDir, signal, onStep) =>
    provisionDevice(device, { host: '192.0.2.200', port: 22 }, { root: stateDir, stateDir, desired: never('desired'), signal, observer: { onStep } }),
  );
  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.code, 'LOCK_HELD');
  assert.deepEqual(steps, ['lock', 'done']);
  assert.equal(records.length, 1);
});
