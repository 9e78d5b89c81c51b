import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ack, engineFor, SEED_RULES } from './helpers.js';

const SRV = { ip: '10.10.0.2', mac: '64:9d:99:00:00:01', hostname: 'FS-S5850-SRV' };

test('a known MAC is reconciled under its inventory name', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v, more] = engine.decide(ack(SRV), 0);
  assert.equal(more, undefined, 'fs-s5850 continues, but fs-s3900 does not match');
  assert.equal(v?.decision?.action, 'reconcile');
  assert.equal(v?.decision?.device, 'FS-S5850-SRV');
  assert.equal(v?.decision?.rule, 'fs-s5850');
  assert.deepEqual({ kind: v?.job?.kind, key: v?.job?.key, device: v?.job?.device }, { kind: 'reconcile', key: 'device:FS-S5850-SRV', device: 'FS-S5850-SRV' });
});

test('the decision object has the fields of docs/architecture.md (decisions), in order', async () => {
  const engine = await engineFor(SEED_RULES);
  const d = engine.decide(ack(SRV), 0)[0]!.decision!;
  assert.deepEqual(Object.keys(d), ['line', 'type', 'ip', 'mac', 'hostname', 'circuitId', 'rule', 'action', 'device', 'reason']);
});

test('a hostname naming an inventory device from another MAC is refused with an alert', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ip: '10.10.0.98', mac: '00:00:5e:00:53:02', hostname: 'FS-S5850-SRV' }), 0);
  assert.equal(v?.decision?.action, 'refuse');
  assert.equal(v?.decision?.alert, true);
  assert.equal(v?.job, undefined);
  assert.match(v!.decision!.reason, /FS-S5850-SRV.*64:9d:99:00:00:01.*00:00:5e:00:53:02/);
  // Kea lower-cases hostnames: still the same device name.
  const [k] = engine.decide(ack({ ip: '10.10.0.98', mac: '00:00:5e:00:53:02', hostname: 'fs-s5850-srv', line: 'DHCPACK FS-S5850 x' }), 0);
  assert.equal(k?.decision?.action, 'refuse');
});

test('a known MAC sending another device\'s name is refused too', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ip: '10.10.0.2', mac: '64:9d:99:00:00:01', hostname: 'FS-S3900-ACC1' }), 0);
  assert.equal(v?.decision?.action, 'refuse');
  assert.equal(v?.decision?.alert, true);
});

test('a hostname naming a device without a known MAC, from an unknown MAC, is refused', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ip: '10.10.0.90', mac: '00:00:5e:00:53:10', hostname: 'FS-S3900-NEW' }), 0);
  assert.equal(v?.decision?.action, 'refuse');
  assert.equal(v?.decision?.alert, true);
  assert.match(v!.decision!.reason, /never identifies/);
});

test('a binding remembered at provisioning identifies the MAC', async () => {
  const engine = await engineFor(SEED_RULES, { bindings: new Map([['00:00:5e:00:53:10', 'FS-S3900-NEW']]) });
  const [v] = engine.decide(ack({ ip: '10.10.0.90', mac: '00:00:5e:00:53:10', hostname: 'FS-S3900-NEW' }), 0);
  assert.equal(v?.decision?.action, 'reconcile');
  assert.equal(v?.decision?.device, 'FS-S3900-NEW');
});

test('reconcile of an unknown MAC is refused: never by hostname alone', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ip: '10.10.0.90', mac: '00:00:5e:00:53:11', hostname: 'FS-S3900-OTHER' }), 0);
  assert.equal(v?.decision?.action, 'refuse');
  assert.equal(v?.decision?.alert, undefined);
  assert.match(v!.decision!.reason, /not in the inventory/);
});

test('a factory switch is provisioned by its circuit-id, or by the uplink form DEVICE PORT', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ip: '10.10.0.99', mac: '00:00:5e:00:53:01', hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-3' }), 0);
  assert.equal(v?.decision?.action, 'provision');
  assert.equal(v?.decision?.device, 'FS-S3900-NEW');
  assert.equal(v?.job?.kind, 'provision');
  const [u] = engine.decide(ack({ ip: '10.10.0.95', mac: '00:00:5e:00:53:05', hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-5' }), 0);
  assert.equal(u?.decision?.device, 'FS-S3900-UPLINK');
});

test('provisioning is refused when the port map names a device whose MAC is another unit', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ip: '10.10.0.99', mac: '00:00:5e:00:53:01', hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-1' }), 0);
  assert.equal(v?.decision?.action, 'refuse');
  assert.match(v!.decision!.reason, /FS-S3900-ACC1.*64:9d:99:00:01:01/);
});

test('an unknown circuit-id, or none without LLDP, is refused with the reason', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ip: '10.10.0.99', mac: '00:00:5e:00:53:01', hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-48' }), 0);
  assert.equal(v?.decision?.action, 'refuse');
  assert.match(v!.decision!.reason, /matches no inventory device/);
  const [n] = engine.decide(ack({ ip: '10.10.0.99', mac: '00:00:5e:00:53:01', hostname: 'Switch' }), 0);
  assert.equal(n?.decision?.action, 'refuse');
  assert.match(n!.decision!.reason, /no option 82 circuit-id, and no LLDP/);
});

test('with LLDP available an unknown switch becomes an identify job; its neighbours decide', async () => {
  const engine = await engineFor(SEED_RULES, { lldp: true });
  const [v] = engine.decide(ack({ ip: '10.10.0.99', mac: '00:00:5e:00:53:01', hostname: 'Switch' }), 0);
  assert.equal(v?.decision, undefined);
  assert.equal(v?.job?.kind, 'identify');
  assert.equal(v?.job?.key, 'mac:00:00:5e:00:53:01');
  const one = engine.finishIdentify(v!.job!, [{ localPort: 'Eth 1/25', systemName: 'FS-S5850-SRV', portId: 'eth-0-4' }]);
  assert.equal(one.decision?.action, 'provision');
  assert.equal(one.decision?.device, 'FS-S3900-LLDP');
  assert.equal(one.job?.key, 'device:FS-S3900-LLDP');
  const two = engine.finishIdentify(v!.job!, [
    { localPort: 'Eth 1/25', systemName: 'FS-S5850-SRV', portId: 'eth-0-4' },
    { localPort: 'Eth 1/26', systemName: 'FS-S5850-SRV', portId: 'eth-0-3' },
  ]);
  assert.equal(two.decision?.action, 'refuse');
  assert.match(two.decision!.reason, /several inventory devices: FS-S3900-LLDP, FS-S3900-NEW/);
  const none = engine.finishIdentify(v!.job!, []);
  assert.equal(none.decision?.action, 'refuse');
  assert.equal(none.job, undefined);
});

test('repeated ACKs of one device within the suppress window are suppressed', async () => {
  const engine = await engineFor(`
rules:
  - name: all
    match: { type: DHCPACK }
    action: reconcile
    suppress: 10m
`);
  const actions = [0, 1000, 599_000, 600_000, 600_500].map((t) => engine.decide(ack(SRV), t)[0]!.decision!.action);
  assert.deepEqual(actions, ['reconcile', 'suppress', 'suppress', 'reconcile', 'suppress']);
  // Other devices have their own window.
  assert.equal(engine.decide(ack({ ip: '10.10.0.11', mac: '64:9d:99:00:01:01' }), 1000)[0]!.decision!.action, 'reconcile');
});

test('rules apply in order; continue tries the next; no match is an ignore decision', async () => {
  const engine = await engineFor(`
rules:
  - name: note
    match: { hostname: '^FS-' }
    action: log
    message: switch seen
    continue: true
  - name: fix
    match: { mac: '^64:9d:99:' }
    action: reconcile
  - name: never
    match: { type: DHCPACK }
    action: log
`);
  const vs = engine.decide(ack(SRV), 0);
  assert.deepEqual(vs.map((v) => [v.decision?.rule, v.decision?.action]), [['note', 'log'], ['fix', 'reconcile']]);
  assert.equal(vs[0]!.decision!.reason, 'switch seen');
  const other = engine.decide(ack({ ip: '192.0.2.5', mac: '00:11:22:33:44:55', hostname: 'laptop' }), 0);
  assert.deepEqual(other.map((v) => [v.decision?.rule, v.decision?.action]), [['never', 'log']]);
  const none = (await engineFor('rules: []')).decide(ack(SRV), 0);
  assert.deepEqual(none.map((v) => [v.decision?.rule, v.decision?.action, v.decision?.reason]), [[null, 'ignore', 'no rule matched']]);
});

test('match fields are regexes per field, ignore_case applies to all of them', async () => {
  const engine = await engineFor(`
rules:
  - name: relayed-switch
    match: { hostname: '^switch$', relay: '^203\\.0\\.113\\.' }
    ignore_case: true
    action: log
`);
  assert.equal(engine.decide(ack({ ip: '1.2.3.4', mac: '00:00:5e:00:53:01', hostname: 'Switch', relay: '203.0.113.17' }), 0)[0]!.decision!.rule, 'relayed-switch');
  assert.equal(engine.decide(ack({ ip: '1.2.3.4', mac: '00:00:5e:00:53:01', hostname: 'Switch' }), 0)[0]!.decision!.action, 'ignore');
});

test('an exec rule decides exec, keyed by device or by MAC', async () => {
  const engine = await engineFor(`
rules:
  - name: notify
    contains: DHCPACK
    action: exec
    exec: ['/bin/true']
`);
  const [known] = engine.decide(ack(SRV), 0);
  assert.equal(known?.decision?.action, 'exec');
  assert.equal(known?.job?.key, 'device:FS-S5850-SRV');
  const [unknown] = engine.decide(ack({ ip: '192.0.2.5', mac: '00:11:22:33:44:55', hostname: 'laptop' }), 0);
  assert.equal(unknown?.job?.key, 'mac:00:11:22:33:44:55');
  assert.equal(unknown?.decision?.device, null);
});

test('a decision keeps at most 1 kB of the line', async () => {
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ...SRV, line: `DHCPACK FS-S5850 ${'x'.repeat(3000)}` }), 0);
  assert.ok(v!.decision!.line.length < 1100);
  assert.match(v!.decision!.line, /…\(\+\d+ chars\)$/);
});

// A MAC is no proof of identity: any DHCP client can send any MAC.
const ACC1_MAC = '64:9d:99:00:01:01';

test('a known MAC asking as a factory switch with no circuit-id and no LLDP is refused with an alert, not provisioned', async () => {
  const engine = await engineFor(SEED_RULES);
  const verdicts = engine.decide(ack({ ip: '127.0.0.77', mac: ACC1_MAC, hostname: 'Switch' }), 0);
  assert.equal(verdicts.length, 1);
  assert.equal(verdicts[0]?.decision?.action, 'refuse');
  assert.equal(verdicts[0]?.decision?.alert, true);
  assert.equal(verdicts[0]?.job, undefined);
  assert.match(verdicts[0]!.decision!.reason, /FS-S3900-ACC1.*no option 82 circuit-id and no LLDP/);
});

test('a known MAC asking as a factory switch is provisioned only from its own port (circuit-id)', async () => {
  const engine = await engineFor(SEED_RULES);
  const own = engine.decide(ack({ ip: '10.10.0.99', mac: ACC1_MAC, hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-1' }), 0);
  assert.equal(own[0]?.decision?.action, 'provision');
  assert.equal(own[0]?.job?.device, 'FS-S3900-ACC1');
  for (const circuitId of ['FS-S5850-SRV eth-0-3', 'FS-S5850-SRV eth-0-48']) {
    const [v] = engine.decide(ack({ ip: '10.10.0.98', mac: ACC1_MAC, hostname: 'Switch', circuitId }), 0);
    assert.equal(v?.decision?.action, 'refuse', circuitId);
    assert.equal(v?.decision?.alert, true, circuitId);
    assert.equal(v?.job, undefined, circuitId);
  }
});

test('a known MAC asking as a factory switch without circuit-id is identified by LLDP, and refused with an alert from another port', async () => {
  const engine = await engineFor(SEED_RULES, { lldp: true });
  const [v] = engine.decide(ack({ ip: '10.10.0.99', mac: ACC1_MAC, hostname: 'Switch' }), 0);
  assert.equal(v?.decision, undefined);
  assert.equal(v?.job?.kind, 'identify');
  assert.equal(v?.job?.device, 'FS-S3900-ACC1');
  const own = engine.finishIdentify(v!.job!, [{ localPort: 'Eth 1/25', systemName: 'FS-S5850-SRV', portId: 'eth-0-1' }]);
  assert.equal(own.decision?.action, 'provision');
  assert.equal(own.job?.device, 'FS-S3900-ACC1');
  const other = engine.finishIdentify(v!.job!, [{ localPort: 'Eth 1/25', systemName: 'FS-S5850-SRV', portId: 'eth-0-4' }]);
  assert.equal(other.decision?.action, 'refuse');
  assert.equal(other.decision?.alert, true);
  assert.match(other.decision!.reason, /names FS-S3900-LLDP/);
  assert.equal(other.job, undefined);
  const none = engine.finishIdentify(v!.job!, []);
  assert.equal(none.decision?.action, 'refuse');
  assert.equal(none.decision?.alert, true);
});

test('a foreign MAC whose hostname names a device after normalising is refused with an alert, whatever the rules match', async () => {
  const engine = await engineFor(SEED_RULES);
  for (const hostname of ['fs-s5850-srv', 'FS-S5850-SRV.example.com', 'FS-S5850-SRV ', 'FS-S5850-SRV\t', 'FS-S5850-SRV\u0000', 'FS-\u200bS5850-SRV', 'FS-S5850-SRV\ufeff', 'ＦＳ-S5850-SRV', 'fs-s5850-srv.']) {
    const verdicts = engine.decide(ack({ ip: '10.10.0.66', mac: '00:00:5e:00:53:66', hostname }), 0);
    assert.equal(verdicts.length, 1, JSON.stringify(hostname));
    assert.equal(verdicts[0]?.decision?.action, 'refuse', JSON.stringify(hostname));
    assert.equal(verdicts[0]?.decision?.alert, true, JSON.stringify(hostname));
    assert.match(verdicts[0]!.decision!.reason, /FS-S5850-SRV/, JSON.stringify(hostname));
    assert.equal(verdicts[0]?.job, undefined);
  }
  // A name that only resembles one is not an alert.
  const [near] = engine.decide(ack({ ip: '10.10.0.66', mac: '00:00:5e:00:53:66', hostname: 'fs-s5850-srv2' }), 0);
  assert.equal(near?.decision?.action, 'ignore');
});

test('hostname normalisation folds IDNA dots, dash look-alikes, combining marks and other ignorables', async () => {
  const { normalizeHostname } = await import('../../../src/trigger/index.js');
  for (const h of ['FS-S5850-SRV。example', 'FS-S5850-SRV｡corp', 'FS-S5850-SRV。', 'FS-S5850-SRV\u0301', 'FS\u2011S5850\u2013SRV', 'FS\u2212S5850-SRV', 'FS-S5850-SRV .example.com', 'FS-S5850-SRV\u034f', 'FS-S5850-SRV\u180b', 'FS-S5850-SRV\ufe0f', 'FS-S5850-SRV\u{e0041}']) {
    const n = normalizeHostname(h);
    assert.ok(n === 'fs-s5850-srv' || n.startsWith('fs-s5850-srv.'), `${JSON.stringify(h)} → ${JSON.stringify(n)}`);
  }
  const engine = await engineFor(SEED_RULES);
  const [v] = engine.decide(ack({ ip: '10.10.0.66', mac: '00:00:5e:00:53:66', hostname: 'fs\u2011s5850\u2011srv。example。com' }), 0);
  assert.equal(v?.decision?.alert, true);
});

test('a factory switch whose lease is another device\'s management address is refused with an alert', async () => {
  const engine = await engineFor(SEED_RULES);
  // FS-S5850-SRV's management address, handed to a new unit identified as FS-S3900-NEW.
  const [v] = engine.decide(ack({ ip: '10.10.0.2', mac: '00:00:5e:00:53:01', hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-3' }), 0);
  assert.equal(v?.decision?.action, 'refuse');
  assert.equal(v?.decision?.alert, true);
  assert.match(v!.decision!.reason, /management address of FS-S5850-SRV/);
  assert.equal(v?.job, undefined);
  // Its own management address is for provisioning to judge (it needs a pin there).
  const [own] = engine.decide(ack({ ip: '10.10.0.13', mac: '00:00:5e:00:53:02', hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-3' }), 0);
  assert.equal(own?.decision?.action, 'provision');
});

test('a copied MAC without circuit-id does not hold off the real unit that comes with its circuit-id', async () => {
  const engine = await engineFor(SEED_RULES, { lldp: true });
  const [rogue] = engine.decide(ack({ ip: '10.10.0.98', mac: ACC1_MAC, hostname: 'Switch' }), 0);
  assert.equal(rogue?.job?.kind, 'identify');
  const [real] = engine.decide(ack({ ip: '10.10.0.99', mac: ACC1_MAC, hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-1' }), 60_000);
  assert.equal(real?.decision?.action, 'provision');
});
