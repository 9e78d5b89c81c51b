/**
 * Provisioning a factory switch whose push fails: it is rolled back to exactly the factory
 * config it ran (the same rollback as reconcile's, verified and recorded in the result),
 * never saved, and not bound to the device — whether the switch rejected a command or
 * the connection dropped in the middle of the push.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeOf } from '../../../src/app/index.js';
import { provisionDevice } from '../../../src/reconcile/index.js';
import { bindings, factoryUnit, MAC } from './factory-unit.js';

test('a command the factory switch rejects mid-push: rolled back to the factory config, not saved, not bound', async (t) => {
  const x = await factoryUnit(t);
  const factoryConfig = x.unit.running();
  const victim = x.push[Math.floor(x.push.length / 2)] as string;
  x.unit.faults.rejectCommands = [victim];

  const result = await provisionDevice(x.device, x.endpoint, x.options());

  assert.equal(result.outcome, 'failed');
  assert.equal(result.error?.command, victim);
  assert.ok(result.sent > 0 && result.sent < x.push.length, `stopped mid-push (sent ${result.sent} of ${x.push.length})`);
  assert.equal(result.rollback?.attempted, true);
  assert.equal(result.rollback?.restored, true, JSON.stringify(result.rollback));
  assert.ok((result.rollback?.commands.length ?? 0) > 0, 'the lines typed before the rejected one were undone');
  assert.equal(x.unit.running(), factoryConfig);
  assert.equal(x.unit.saves, 0);
  assert.ok(!(await bindings(x.stateDir)).includes(MAC.toLowerCase()), 'a failed provisioning binds no MAC');
  assert.match(outcomeOf(result).message, /rolled back, not saved$/);
  assert.ok(result.durations.rollback !== undefined, 'the rollback is a timed step');
});

test('the connection drops mid-push: the rollback reconnects (the factory account at its DHCP address, or the team\'s at its management address once the push replaced it) and restores the factory config', async (t) => {
  const x = await factoryUnit(t);
  const factoryConfig = x.unit.running();
  x.unit.faults.dropAfterConfigCommands = Math.floor(x.push.length / 2);
  // The link drops once: by the time the rollback reconnects it is back.
  const result = await provisionDevice(
    x.device,
    x.endpoint,
    x.options({ observer: { onStep: (_d, step) => step === 'rollback' && (x.unit.faults.dropAfterConfigCommands = undefined) } }),
  );

  assert.equal(result.outcome, 'failed');
  assert.equal(result.rollback?.restored, true, JSON.stringify(result.rollback));
  assert.equal(x.unit.running(), factoryConfig);
  assert.equal(x.unit.saves, 0);
  assert.ok(!(await bindings(x.stateDir)).includes(MAC.toLowerCase()));
});
