import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory } from '../../../src/inventory/index.js';
import { createRenderer, loadTemplates, openRenderer, templateCandidates } from '../../../src/render/index.js';
import { InputErrors, formatProblem } from '../../../src/errors.js';

const inventory = {
  'inventory/defaults.yml': 'platform: fsos\ncredentials: { username: netops }\nvars: { vlans: { 10: { name: mgmt } } }\n',
  'inventory/sites/s1.yml': [
    'vars: { where: s1 }',
    'devices:',
    '  core1: { model: S5850-48T4Q, role: core, mgmt: { host: 10.0.0.1 } }',
    '  acc1: { model: S3900-24T4S, role: access, mgmt: { host: 10.0.0.11 }, uplink: { device: core1, port: eth-0-2 } }',
    '  acc2: { model: S3900-24T4S, role: access, mgmt: { host: 10.0.0.12 }, uplink: { device: core1, port: eth-0-1 }, vars: { vlans: { 20: {} } } }',
    '  odd1: { model: S5850-48T4Q, role: spine, mgmt: { host: 10.0.0.3 } }',
    '',
  ].join('\n'),
};

async function withProject(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sy-render-'));
  try {
    for (const [path, text] of Object.entries({ ...inventory, ...files })) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    await body(dir);
  } finally {
    await rm(dir, { recursive: true });
  }
}

test('template lookup: site device file, site role file, platform role file, platform default', async () => {
  await withProject(
    {
      'templates/sites/s1/acc1.hbs': 'site-device {{device.name}}\n',
      'templates/sites/s1/access.hbs': 'site-role {{device.name}}\n',
      'templates/fsos-s3900/access.hbs': 'platform-role {{device.name}}\n',
      'templates/fsos-s5850/core.hbs': 'platform-role {{device.name}}\n',
      'templates/fsos-s5850/default.hbs': 'platform-default {{device.name}}\n',
    },
    async (dir) => {
      const inv = await loadInventory(dir);
      const r = await openRenderer(inv);
      assert.equal(r.render(inv.device('s1', 'acc1')), 'site-device acc1\n');
      assert.equal(r.render(inv.device('s1', 'acc2')), 'site-role acc2\n');
      assert.equal(r.render(inv.device('s1', 'core1')), 'platform-role core1\n');
      assert.equal(r.render(inv.device('s1', 'odd1')), 'platform-default odd1\n');
      assert.deepEqual(templateCandidates(inv.device('s1', 'odd1')), [
        'templates/sites/s1/odd1.hbs',
        'templates/sites/s1/spine.hbs',
        'templates/fsos-s5850/spine.hbs',
        'templates/fsos-s5850/default.hbs',
      ]);
    },
  );
});

test('downlinks follow the port map, sorted by port, with their own vars', async () => {
  await withProject(
    {
      'templates/fsos-s5850/default.hbs': '{{#each downlinks}}{{port}} {{name}} {{vlanList vars.vlans}}\n{{/each}}site {{site.name}} {{site.vars.where}} user {{credentials.username}}\n',
      'templates/fsos-s3900/default.hbs': 'x\n',
    },
    async (dir) => {
      const inv = await loadInventory(dir);
      const r = await openRenderer(inv);
      assert.equal(r.render(inv.device('s1', 'core1')), 'eth-0-1 acc2 10,20\neth-0-2 acc1 10\nsite s1 s1 user netops\n');
      assert.equal(r.render(inv.device('s1', 'odd1')), 'site s1 s1 user netops\n');
    },
  );
});

test('platform partials win over global partials of the same name', async () => {
  await withProject(
    {
      'templates/partials/banner.hbs': 'global banner\n',
      'templates/partials/footer.hbs': 'end\n',
      'templates/fsos-s3900/partials/banner.hbs': 's3900 banner\n',
      'templates/fsos-s5850/default.hbs': '{{> banner}}\n{{> footer}}\n',
      'templates/fsos-s3900/default.hbs': '{{> banner}}\n{{> footer}}\n',
    },
    async (dir) => {
      const inv = await loadInventory(dir);
      const r = await openRenderer(inv);
      assert.equal(r.render(inv.device('s1', 'core1')), 'global banner\nend\n');
      assert.equal(r.render(inv.device('s1', 'acc1')), 's3900 banner\nend\n');
    },
  );
});

test('a missing variable is an error naming the template file, line and column, also inside a partial', async () => {
  await withProject(
    {
      'templates/fsos-s5850/default.hbs': 'hostname {{device.name}}\n!\nntp server {{vars.ntp}}\n',
      'templates/fsos-s3900/default.hbs': 'hostname {{device.name}}\n{{> svc}}\n',
      'templates/fsos-s3900/partials/svc.hbs': 'ok\n  {{#if vars.x}}x{{/if}} {{device.uplink.localPort}}\n',
    },
    async (dir) => {
      const inv = await loadInventory(dir);
      const r = await openRenderer(inv);
      assert.throws(
        () => r.render(inv.device('s1', 'core1')),
        (e: unknown) =>
          e instanceof InputErrors &&
          e.code === 'TEMPLATE_RENDER' &&
          formatProblem(e.problems[0]!) ===
            'templates/fsos-s5850/default.hbs:3:14  "vars.ntp" is not defined (rendering s1/core1)\n    hint: define ntp under vars: in the inventory (defaults, a group, the site or the device), or guard it with {{#if vars.ntp}}',
      );
      assert.throws(
        () => r.render(inv.device('s1', 'acc1')),
        (e: unknown) =>
          e instanceof InputErrors &&
          formatProblem(e.problems[0]!) ===
            'templates/fsos-s3900/partials/svc.hbs:2:28  "device.uplink.localPort" is not defined (rendering s1/acc1)\n    hint: set uplink.local_port on the device in the inventory, or guard it with {{#if device.uplink.localPort}}',
      );
    },
  );
});

test('a helper failure names the line of the call', async () => {
  await withProject(
    { 'templates/fsos-s5850/default.hbs': 'a\nb {{vlanList "10,x"}}\n', 'templates/fsos-s3900/default.hbs': 'x\n' },
    async (dir) => {
      const inv = await loadInventory(dir);
      const r = await openRenderer(inv);
      const res = r.tryRender(inv.device('s1', 'core1'));
      assert.equal(res.ok, false);
      if (!res.ok) assert.equal(formatProblem(res.problem), 'templates/fsos-s5850/default.hbs:2:3  vlanList: "x" is not a VLAN number or range (rendering s1/core1)');
    },
  );
});

test('syntax errors, unknown partials and misplaced templates are collected with their places', async () => {
  await withProject(
    {
      'templates/fsos-s5850/default.hbs': 'hostname x\n{{#if vars.a}}\n',
      'templates/fsos-s3900/default.hbs': 'hostname\n{{#each x}}\n{{/if}}\n',
      'templates/fsos-s3900/access.hbs': 'a\n  {{> nope}}\n',
      'templates/fsos/core.hbs': 'x\n',
    },
    async (dir) => {
      const inv = await loadInventory(dir);
      const set = await loadTemplates(dir);
      assert.deepEqual(set.problems.map(formatProblem), [
        'templates/fsos/core.hbs  templates/fsos/ is not a platform folder, so templates/fsos/core.hbs is never used\n    hint: platform folders are named after the resolved platform: fsos-s5850, fsos-s3900, ios, frr (fsos resolves to fsos-s5850 or fsos-s3900 by model)',
        'templates/fsos-s3900/default.hbs:2:4  template syntax error: {{#each}} is closed by {{/if}}\n    hint: check the {{ }} braces and that every {{#block}} has its {{/block}}',
        // Handlebars notices the open block only at the end of the file (line 3).
        'templates/fsos-s5850/default.hbs:3  template syntax error: the template ends inside an unfinished {{…}} or block\n    hint: check the {{ }} braces and that every {{#block}} has its {{/block}}',
      ]);
      await assert.rejects(openRenderer(inv), (e: unknown) => e instanceof InputErrors && e.code === 'TEMPLATE_SYNTAX');
      const r = createRenderer(inv, set);
      const res = r.tryRender(inv.device('s1', 'acc1'));
      assert.ok(!res.ok && res.code === 'TEMPLATE_SYNTAX');
      if (!res.ok) assert.equal(formatProblem(res.problem).split('\n')[0], 'templates/fsos-s3900/access.hbs:2:3  unknown partial "nope"');
    },
  );
});

test('no template for a device lists the paths tried', async () => {
  await withProject({ 'templates/fsos-s5850/core.hbs': 'x\n' }, async (dir) => {
    const inv = await loadInventory(dir);
    const r = await openRenderer(inv);
    const res = r.tryRender(inv.device('s1', 'acc1'));
    assert.ok(!res.ok);
    if (!res.ok) {
      assert.equal(res.code, 'TEMPLATE_NOT_FOUND');
      assert.equal(
        formatProblem(res.problem),
        'inventory/sites/s1.yml:4:3  no template for acc1 (platform fsos-s3900, role access)\n    hint: create one of: templates/sites/s1/acc1.hbs, templates/sites/s1/access.hbs, templates/fsos-s3900/access.hbs, templates/fsos-s3900/default.hbs',
      );
    }
  });
});

test('indent works inline and as a block; partials keep their caller\'s indentation', async () => {
  await withProject(
    {
      'templates/partials/acl.hbs': '10 permit any\n20 deny any\n',
      'templates/fsos-s5850/default.hbs': 'a\n{{#indent 2}}\nx\ny\n{{/indent}}\n{{indent 1 "z"}}\nacl\n {{> acl}}\n',
      'templates/fsos-s3900/default.hbs': 'x\n',
    },
    async (dir) => {
      const inv = await loadInventory(dir);
      const r = await openRenderer(inv);
      assert.equal(r.render(inv.device('s1', 'core1')), 'a\n  x\n  y\n z\nacl\n 10 permit any\n 20 deny any\n');
    },
  );
});
