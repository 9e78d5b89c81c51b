import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBindings, rememberBinding } from '../../../src/reconcile/bindings.js';
import type { Device } from '../../../src/inventory/index.js';

const device = (name: string) => ({ name, site: 'hq' }) as Device;

test('bindings of switches provisioned at the same time are all kept', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-bind-'));
  const macs = Array.from({ length: 20 }, (_, i) => `02:00:00:00:00:${i.toString(16).padStart(2, '0')}`);
  await Promise.all(macs.map((mac, i) => rememberBinding(stateDir, mac.toUpperCase(), device(`sw${i}`))));
  const bindings = await readBindings(stateDir);
  assert.equal(bindings.size, 20);
  macs.forEach((mac, i) => assert.equal(bindings.get(mac), `sw${i}`));
});
