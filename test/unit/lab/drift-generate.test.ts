import { test } from 'node:test';
import assert from 'node:assert/strict';
import { driftConfig, generateFleet } from '../../../src/lab/index.js';

const BASE = `!
hostname CORE
!
vlan range 10,20
!
interface eth-0-1
 description uplink
!
interface eth-0-2
 description server
!
ntp server 192.0.2.123
!
end
`;

test('drift at an even index: the first description changes and a stray line appears', () => {
  assert.equal(
    driftConfig('fsos-s5850', 'S5850-48T4Q', BASE, 0),
    `!
hostname CORE
!
vlan range 10,20
!
interface eth-0-1
 description uplink (moved)
!
interface eth-0-2
 description server
!
ntp server 192.0.2.123
ntp server 192.0.2.199
!
end
`,
  );
});

test('drift at an odd index: the highest VLAN goes and a stray line appears', () => {
  const out = driftConfig('fsos-s5850', 'S5850-48T4Q', BASE, 1);
  assert.match(out, /^vlan range 10$/m);
  assert.match(out, /^ntp server 192\.0\.2\.199$/m);
  assert.match(out, /description uplink\n/);
});

test('drift is deterministic', () => {
  assert.equal(driftConfig('fsos-s5850', 'S5850-48T4Q', BASE, 3), driftConfig('fsos-s5850', 'S5850-48T4Q', BASE, 3));
});

for (const platform of ['fsos-s5850', 'fsos-s3900', 'ios'] as const) {
  test(`${platform}: a generated fleet has ~300-line configs, every tenth drifted, netops able to log in`, () => {
    const fleet = generateFleet(20, platform);
    assert.equal(fleet.length, 20);
    assert.deepEqual(
      fleet.flatMap((g, i) => (g.drifted ? [i] : [])),
      [9, 19],
    );
    for (const g of fleet) {
      const lines = g.desired.split('\n').length;
      assert.ok(lines >= 250 && lines <= 400, `${g.spec.name}: ${lines} lines`);
      assert.equal(g.spec.config === g.desired, !g.drifted);
      assert.match(g.desired, /\$1\$sy4rd\$Age5NePyrpvBHOYx3xUO50/);
      assert.match(g.desired, new RegExp(`^hostname ${g.spec.name}$`, 'm'));
    }
    assert.equal(new Set(fleet.map((g) => g.spec.mac)).size, 20, 'unique MACs');
  });
}
