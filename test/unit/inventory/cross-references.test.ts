import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSite } from './helpers.js';

test('a group listed twice by one device is an error at the second mention', async () => {
  const r = await loadSite(
    ['devices:', '  sw1: { groups: [core, core], mgmt: { host: 10.0.0.1 } }', '  sw2:', '    groups:', '      - access', '      - core', '      - access', '    mgmt: { host: 10.0.0.2 }'],
    'platform: frr\ncredentials: { username: netops }\n',
  );
  assert.equal(r.code, 'INVENTORY_REFERENCE');
  assert.deepEqual(r.problems, [
    'inventory/sites/s1.yml:2:25  /devices/sw1/groups/1  group "core" is listed twice (first at inventory/sites/s1.yml:2:19)\n    hint: list each group once; the order of the list is the order of precedence',
    'inventory/sites/s1.yml:7:9  /devices/sw2/groups/2  group "access" is listed twice (first at inventory/sites/s1.yml:5:9)\n    hint: list each group once; the order of the list is the order of precedence',
  ]);
});
