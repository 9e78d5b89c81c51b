import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fsosS5850Cli } from '../../../src/platforms/fsos-s5850/cli.js';
import { fsosS3900Cli } from '../../../src/platforms/fsos-s3900/cli.js';
import { iosCli } from '../../../src/platforms/ios/cli.js';
import { frrCli } from '../../../src/platforms/frr/cli.js';
import type { CliRules } from '../../../src/platforms/cli-rules.js';
import { PLATFORMS } from '../../../src/platforms/index.js';

/** The CLI rules of every registered platform. */
const all: readonly CliRules[] = Object.values(PLATFORMS).map((p) => p.cli);

function rejects(rules: CliRules, line: string): boolean {
  return rules.errorPatterns.some((p) => p.test(line));
}

test('prompts of every mode match, and group 1 is the hostname', () => {
  const cases: Array<[CliRules, string, string]> = [
    [fsosS5850Cli, 'Switch>', 'Switch'],
    [fsosS5850Cli, 'FS-S5850-SRV#', 'FS-S5850-SRV'],
    [fsosS5850Cli, 'FS-S5850-SRV(config)#', 'FS-S5850-SRV'],
    [fsosS5850Cli, 'FS-S5850-SRV(config-if-eth-0-1)#', 'FS-S5850-SRV'],
    [fsosS5850Cli, 'FS-S5850-SRV(config-vlan)#', 'FS-S5850-SRV'],
    [fsosS3900Cli, 'FS-S3900-ACC1(config-if)#', 'FS-S3900-ACC1'],
    [iosCli, 'SW1(config-if)#', 'SW1'],
    [frrCli, 'frr1# ', 'frr1'],
    [frrCli, 'frr1(config-router-af)# ', 'frr1'],
    [frrCli, 'frr1> ', 'frr1'],
  ];
  for (const [rules, line, host] of cases) {
    const m = rules.prompt.exec(line);
    assert.ok(m, line);
    assert.equal(m[1], host, line);
  }
});

test('config prompts are told apart from exec prompts', () => {
  for (const rules of all) {
    assert.ok(rules.configPrompt.test('R1(config)#') || rules.configPrompt.test('R1(config)# '));
    assert.ok(rules.configPrompt.test('R1(config-if-eth-0-1)#'));
    assert.ok(!rules.configPrompt.test('R1#'));
    assert.ok(!rules.configPrompt.test('R1>'));
    assert.ok(rules.userPrompt?.test('R1>'));
    assert.ok(!rules.userPrompt?.test('R1#'));
  }
});

test('output lines that only look like prompts are not prompts', () => {
  for (const rules of all) {
    for (const line of ['Welcome to SW1#', '##########', ' description uplink#', 'Password:', '--More--', 'Destination filename [startup-config]?']) {
      assert.ok(!rules.prompt.test(line), `${line} must not be a prompt`);
    }
  }
});

test('FSOS and IOS error lines are errors; ordinary output is not', () => {
  for (const rules of [fsosS5850Cli, fsosS3900Cli, iosCli]) {
    assert.ok(rejects(rules, "% Invalid input detected at '^' marker."));
    assert.ok(rejects(rules, '% Incomplete command.'));
    assert.ok(rejects(rules, '% Ambiguous command: "sh"'));
    for (const ok of ['Building configuration...', '[OK]', 'Enter configuration commands, one per line.  End with CNTL/Z.', ' description % of traffic', '                 ^']) {
      assert.ok(!rejects(rules, ok), ok);
    }
  }
  assert.ok(rejects(fsosS3900Cli, 'Incorrect usage'));
});

test('FRR errors, including the one without %, are errors', () => {
  for (const line of ['% Unknown command: neighbor 1.2.3.4 remote-ass 65001', '% Command incomplete: router bgp', "% Can't find BGP instance", 'BGP is already running; AS is 65001']) {
    assert.ok(rejects(frrCli, line), line);
  }
  for (const line of ['Building Configuration...', 'Configuration saved to /etc/frr/frr.conf', 'Hello, this is FRRouting (version 8.4.4).']) {
    assert.ok(!rejects(frrCli, line), line);
  }
});

test('pager markers of both FSOS dialects and IOS are recognised at the end of the line', () => {
  for (const [rules, marker] of [
    [fsosS5850Cli, ' --More-- '],
    [fsosS3900Cli, '---More---'],
    [iosCli, ' --More-- '],
  ] as const) {
    assert.ok(rules.pager?.pattern.test(marker), marker);
    assert.ok(!rules.pager?.pattern.test(' description More'), 'plain text');
  }
});

test('save questions and confirmations are answered per platform', () => {
  const s3900 = fsosS3900Cli.save.confirmations?.find((c) => c.prompt.test('Startup configuration file name [startup.cfg]:'));
  assert.equal(s3900?.answer, '\n');
  assert.ok(fsosS3900Cli.save.success?.test('Success.'));
  const ios = iosCli.save.confirmations?.find((c) => c.prompt.test('Destination filename [startup-config]?'));
  assert.equal(ios?.answer, '\n');
  assert.ok(fsosS5850Cli.save.success?.test('[OK]'));
  assert.ok(frrCli.save.success?.test('Configuration saved to /etc/frr/frr.conf'));
  const confirm = iosCli.confirmations.find((c) => c.prompt.test('Proceed with reload? [confirm]'));
  assert.equal(confirm?.answer, '\n');
  const yn = fsosS5850Cli.confirmations.find((c) => c.prompt.test('Are you sure to delete it? (y/n):'));
  assert.equal(yn?.answer, 'y\n');
});

test('version patterns tell the dialects apart', () => {
  const s5850 = 'FSOS Software, S5850, Version 7.2.2\nCopyright (C) 2019 by FS.COM.  All rights reserved.';
  const s3900 = 'Unit 1 -----------------------------\n Serial Number : A1\n Hardware Version : 1.0\n Number of Ports : 28\n Operation Code Version : 1.7.3';
  assert.ok(fsosS5850Cli.versionPattern?.test(s5850));
  assert.ok(!fsosS5850Cli.versionPattern?.test(s3900));
  assert.ok(fsosS3900Cli.versionPattern?.test(s3900));
  assert.ok(!fsosS3900Cli.versionPattern?.test(s5850));
  assert.ok(frrCli.versionPattern?.test('FRRouting 8.4.4 (frr1) on Linux(6.1.0).'));
});

test('only FRR declares that hostname does not rename the device', () => {
  assert.equal(frrCli.managesHostname, false);
  for (const rules of [fsosS5850Cli, fsosS3900Cli, iosCli]) assert.notEqual(rules.managesHostname, false);
});
