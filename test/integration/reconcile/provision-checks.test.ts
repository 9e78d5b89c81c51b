/**
 * What provisioning checks after the push, called directly: the unit's key is pinned at
 * the management address only if nobody pinned one meanwhile, the switch must call itself
 * by the device's name, and only a saved provisioning clears the refused key offers and
 * binds the MAC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostKeyStore } from '../../../src/device/index.js';
import { keyOffersOf, provisionDevice, recordKeyOffer } from '../../../src/reconcile/index.js';
import { bindings, factoryUnit, MAC, NAME } from './factory-unit.js';

/** A key no simulated unit has. */
const OTHER_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDTb1i6wCbCOgNEQh0G4ixt1bL+PC4Zn44o7WPqGf4e5';

test('a provisioning that converges: verified and saved over the team login, the key pinned at the management address, offers cleared, MAC bound, recorded', async (t) => {
  const x = await factoryUnit(t);
  await recordKeyOffer(x.stateDir, x.device, OTHER_KEY, '192.0.2.61:22', 'provision');

  const result = await provisionDevice(x.device, x.endpoint, x.options());

  assert.equal(result.outcome, 'converged', JSON.stringify(result.error));
  assert.equal(result.sent, x.push.length);
  assert.equal(result.saved, true);
  assert.equal(x.unit.saves, 1);
  assert.equal(x.unit.startup(), x.unit.running());
  const logins = x.unit.logins.filter((l) => l.accepted).map((l) => l.username);
  assert.deepEqual(logins, ['admin', 'netops'], 'the factory account to push, then the team account to verify and save');
  assert.deepEqual(await new HostKeyStore(x.stateDir).lookupAll('127.0.0.1', x.unit.port), [x.unit.hostKey]);
  assert.deepEqual(await keyOffersOf(x.stateDir, x.device), [], 'the refused offers are cleared');
  assert.equal(JSON.parse(await bindings(x.stateDir))[MAC]?.device, NAME);
  assert.ok(result.backup !== undefined && (await readFile(result.backup, 'utf8')).includes('username admin'), 'the factory config is backed up');
  const record = JSON.parse((await readFile(join(x.stateDir, 'runs.jsonl'), 'utf8')).trim().split('\n').at(-1)!) as { device: string; outcome: string; check: boolean };
  assert.deepEqual([record.device, record.outcome, record.check], [NAME, 'converged', false]);
});

test('a key pinned for the management address while provisioning is kept: refused before the save, not bound', async (t) => {
  const x = await factoryUnit(t);
  let pinnedMeanwhile = false;
  // The moment the pushed config is read back: after the key check, before the pin.
  const observer = {
    onStep: (_d: unknown, step: string) => {
      if (step !== 'verify' || pinnedMeanwhile) return;
      pinnedMeanwhile = true;
      appendFileSync(join(x.stateDir, 'known_hosts'), `[127.0.0.1]:${x.unit.port} ${OTHER_KEY}\n`);
    },
  };

  const result = await provisionDevice(x.device, x.endpoint, x.options({ observer }));

  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.code, 'DEVICE_HOSTKEY', JSON.stringify(result.error));
  assert.match(result.error!.message, /pinned .* while provisioning/);
  assert.equal(result.saved, false);
  assert.equal(x.unit.saves, 0);
  assert.deepEqual(await new HostKeyStore(x.stateDir).lookupAll('127.0.0.1', x.unit.port), [OTHER_KEY], 'the other pin is not replaced');
  assert.equal(await bindings(x.stateDir), '');
});

test('a switch that does not call itself by the device name after the push is not saved and not bound', async (t) => {
  const x = await factoryUnit(t);
  const desired = async () => ({ text: (await x.project.desired(x.device)).text.replace(`hostname ${NAME}`, 'hostname somebody-else') });

  const result = await provisionDevice(x.device, x.endpoint, x.options({ desired }));

  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.code, 'NOT_CONVERGED');
  assert.match(result.error!.message, /calls itself "somebody-else"/);
  assert.equal(x.unit.saves, 0);
  assert.equal(await bindings(x.stateDir), '');
});

test('a device without factory credentials is refused before anyone logs in', async (t) => {
  const x = await factoryUnit(t);

  const result = await provisionDevice({ ...x.device, factory: undefined }, x.endpoint, x.options());

  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.code, 'USAGE');
  assert.equal(x.unit.logins.length, 0);
});
