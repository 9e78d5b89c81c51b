import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadInventory } from '../../../src/inventory/index.js';
import { openRenderer } from '../../../src/render/index.js';
import { repoRoot } from '../../helpers/paths.js';
import { FIXTURE_PROJECT } from '../../helpers/example-lab.js';

// The renders are pinned on the fixture copy of the example (test/fixtures/project): the
// example at the repository root is the user's to change.

// MD5-crypt of the demo password, made by hand: openssl passwd -1 -salt sy4rd switchyard-demo
const HASH = '$1$sy4rd$Age5NePyrpvBHOYx3xUO50';

// Written line by line from docs/dialects.md (fsos-s5850) and the fixture's branch1 inventory.
const S5850_BR1 = `!
hostname FS-S5850-BR1
!
username netops privilege 4 secret 5 ${HASH}
!
vlan range 10,30
!
vlan 10
 name mgmt
!
vlan 30
 name users
!
spanning-tree mode rstp
spanning-tree priority 4096
!
interface eth-0-1
 description FS-S3900-BR1-ACC1
 switchport mode trunk
 switchport trunk allowed vlan add 10,30
!
interface eth-0-5
 description printers
 switchport access vlan 30
!
interface eth-0-6
 description printers
 switchport access vlan 30
!
interface vlan10
 ip address 10.20.0.2/24
!
ip route 0.0.0.0/0 10.20.0.1
!
ntp server 192.0.2.123
!
logging server 192.0.2.50
!
snmp-server community ro-branch1 read-only
snmp-server location branch1
snmp-server contact noc@example.net
!
lldp enable
!
ip access-list MGMT-IN
 10 permit tcp 10.20.0.0/24 any eq 22
 20 deny any any
!
line vty 0 7
 transport input ssh
!
end
`;

// Written from docs/dialects.md (fsos-s3900): 24 access ports, the uplink trunk on 1/25.
let accessPorts = '';
for (let n = 1; n <= 24; n++) accessPorts += `interface ethernet 1/${n}\n switchport mode access\n switchport access vlan 30\n!\n`;
const S3900_BR1 = `!
hostname FS-S3900-BR1-ACC1
!
username netops privilege 15
username netops password 7 ${HASH}
!
vlan database
 VLAN 10 name mgmt media ethernet
 VLAN 30 name users media ethernet
!
${accessPorts}interface ethernet 1/25
 description uplink FS-S5850-BR1 eth-0-1
 switchport mode trunk
 switchport trunk allowed vlan add 10,30
!
interface vlan 10
 ip address 10.20.0.11 255.255.255.0
!
ip default-gateway 10.20.0.1
!
ntp server 192.0.2.123
!
logging server address 192.0.2.50 port 514
!
snmp-server community ro-branch1 ro
snmp-server location branch1
!
lldp enable
!
ip ssh server enable
!
end
`;

test('the branch1 S5850 renders exactly the fsos-s5850 dialect', async () => {
  const inv = await loadInventory(FIXTURE_PROJECT);
  const r = await openRenderer(inv);
  assert.equal(r.render(inv.device('branch1', 'FS-S5850-BR1')), S5850_BR1);
});

test('the branch1 S3900 renders exactly the fsos-s3900 dialect', async () => {
  const inv = await loadInventory(FIXTURE_PROJECT);
  const r = await openRenderer(inv);
  assert.equal(r.render(inv.device('branch1', 'FS-S3900-BR1-ACC1')), S3900_BR1);
});

test('the hq core trunks toward both access switches from the port map', async () => {
  const inv = await loadInventory(FIXTURE_PROJECT);
  const text = (await openRenderer(inv)).render(inv.device('hq', 'FS-S5850-SRV'));
  const trunk = (port: string, name: string) => `interface ${port}\n description ${name}\n switchport mode trunk\n switchport trunk allowed vlan add 10,20,30,40\n!\n`;
  assert.ok(text.includes(trunk('eth-0-1', 'FS-S3900-ACC1') + trunk('eth-0-2', 'FS-S3900-ACC2')));
  assert.ok(text.includes('interface eth-0-48\n shutdown\n!\n'));
  assert.ok(!text.includes('switchyard-demo'), 'the clear password never appears');
});

// The example's baselines must follow its inventory whatever the user puts in it; the
// fixture's, because the lab tests serve them.
for (const [what, root] of [['example project', repoRoot], ['fixture project', FIXTURE_PROJECT]] as const) {
  test(`${what}: the committed baselines are exactly what renders, and rendering twice gives identical bytes`, async () => {
    const inv = await loadInventory(root);
    const first = await openRenderer(inv);
    const second = await openRenderer(await loadInventory(root));
    const forward = inv.devices.map((d) => first.render(d));
    const backward = [...inv.devices].reverse().map((d) => second.render(d)).reverse();
    assert.deepEqual(backward, forward);
    for (const [i, d] of inv.devices.entries()) {
      const committed = await readFile(join(root, 'baselines', d.site, `${d.name}.cfg`), 'utf8');
      assert.equal(committed, forward[i], `baselines/${d.site}/${d.name}.cfg is stale`);
      assert.ok(committed.endsWith('end\n') && !committed.endsWith('\n\n'), 'exactly one final newline');
      assert.doesNotMatch(committed, /[ \t]$|\r/m, 'no trailing whitespace, no CR');
    }
  });
}
