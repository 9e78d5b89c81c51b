import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturesDir } from '../../helpers/paths.js';
import { compileRuleSources, convertSec, DecisionEngine, parseLine } from '../../../src/trigger/index.js';
import { fixtureInventory, projectRoot } from './helpers.js';

const seedFile = join(fixturesDir, 'trigger', 'seed-dhcp.rules');

// Sample lines in the form the seed's dhcpd wrote them.
const LINES = {
  srv: 'Nov 27 20:50:41 vm dhcpd[10257]: DHCPACK on 10.10.0.2 to 64:9d:99:00:00:01 (FS-S5850-SRV) via eth0',
  acc: 'Nov 27 20:50:42 vm dhcpd[10257]: DHCPACK on 10.10.0.11 to 64:9d:99:00:01:01 (FS-S3900-ACC1) via 10.10.0.1',
  option82: `Nov 27 20:50:43 vm dhcpd[10257]: switchyard-option82 mac=0:0:5e:0:53:1 circuit-id-hex=${[...Buffer.from('FS-S5850-SRV eth-0-3')].map((b) => b.toString(16)).join(':')}`,
  fresh: 'Nov 27 20:50:43 vm dhcpd[10257]: DHCPACK on 10.10.0.99 to 00:00:5e:00:53:01 (Switch) via 10.10.0.1',
  laptop: 'Nov 27 20:50:44 vm dhcpd[10257]: DHCPACK on 192.0.2.7 to 00:11:22:33:44:55 (laptop) via eth0',
  request: 'Nov 27 20:50:44 vm dhcpd[10257]: DHCPREQUEST for 10.10.0.2 from 64:9d:99:00:00:01 (FS-S5850-SRV) via eth0',
};

async function decideAll(yaml: string) {
  const { ruleSet, problems } = compileRuleSources(projectRoot, [{ file: 'rules/sec.yml', text: yaml }]);
  assert.deepEqual(problems, []);
  const engine = new DecisionEngine({ inventory: await fixtureInventory(), rules: ruleSet.rules, lldp: false });
  const out: [string | null, string, string | null][] = [];
  let circuit: string | undefined;
  for (const line of Object.values(LINES)) {
    const p = parseLine(line, 'x', Date.now());
    if (p?.kind === 'option82') circuit = p.record.circuitId;
    if (p?.kind !== 'lease') continue;
    const event = p.event.mac === '00:00:5e:00:53:01' && circuit ? { ...p.event, circuitId: circuit } : p.event;
    for (const v of engine.decide(event, 0)) out.push([v.decision!.rule, v.decision!.action, v.decision!.device]);
  }
  return { out, rules: ruleSet.rules };
}

test("the seed's three SingleWithScript rules convert completely, scripts becoming exec actions", async () => {
  const result = convertSec(await readFile(seedFile, 'utf8'), { file: 'seed-dhcp.rules' });
  assert.deepEqual(result.unconverted, []);
  assert.equal(result.rules, 3);
  const { out, rules } = await decideAll(result.yaml);
  assert.deepEqual(rules.map((r) => [r.name, r.action, r.continue, r.exec, r.message]), [
    ['check-for-something', 'exec', true, ['/home/ivan/Documents/logs/main-script.py'], 'Check new switch'],
    ['check-switch-config-s5850', 'exec', true, ['/home/ivan/Documents/logs/compare.sh'], 'check switch configuration S5850'],
    ['check-switch-config-s3900', 'exec', false, ['/home/ivan/Documents/logs/compare.sh'], 'check switch configuration S3900'],
  ]);
  assert.deepEqual(out, [
    ['check-switch-config-s5850', 'exec', 'FS-S5850-SRV'],
    ['check-switch-config-s3900', 'exec', 'FS-S3900-ACC1'],
    ['check-for-something', 'exec', null],
    [null, 'ignore', null],
  ]);
  assert.match(result.yaml, /# seed-dhcp\.rules:1 type=SingleWithScript\n {2}# rem: after this rule has matched, continue from next rule/);
  assert.match(result.yaml, /`action: reconcile` or `provision`/);
});

test('with native actions the new-switch rule provisions and the FS-S… rules reconcile', async () => {
  const result = convertSec(await readFile(seedFile, 'utf8'), { file: 'seed-dhcp.rules', actions: 'native' });
  assert.deepEqual(result.unconverted, []);
  const { out, rules } = await decideAll(result.yaml);
  assert.deepEqual(rules.map((r) => r.action), ['provision', 'reconcile', 'reconcile']);
  assert.deepEqual(out, [
    ['check-switch-config-s5850', 'reconcile', 'FS-S5850-SRV'],
    ['check-switch-config-s3900', 'reconcile', 'FS-S3900-ACC1'],
    ['check-for-something', 'provision', 'FS-S3900-NEW'],
    [null, 'ignore', null],
  ]);
});

test('what cannot be converted is listed by line', () => {
  const sec = [
    'type=Pair', // 1
    'ptype=RegExp',
    'pattern=foo',
    'desc=pair',
    'action=logonly',
    '',
    'type=Single', // 7
    'ptype=RegExp',
    'pattern=DHCPACK on (\\S+)',
    'context=SEEN',
    'desc=ctx',
    'action=logonly',
    '',
    'type=Single', // 14
    'ptype=SubStr',
    'pattern=DHCPACK',
    'continue=GoTo end',
    'desc=Notify $1',
    'action=shellcmd /usr/bin/notify $1; write - ack seen; pipe \'%s\' /bin/mail root',
    '',
    'label=end', // 21
    '',
    'type=SingleWithSuppress', // 23
    'ptype=RegExp',
    'pattern=(?i)dhcpack.*fs-s[[:digit:]]+',
    'desc=Check \\',
    '  again',
    'action=shellcmd /usr/local/bin/check --quiet',
    'window=600',
    '',
    'type=Single', // 31
    'ptype=PerlFunc',
    'pattern=sub { 1 }',
    'desc=perl',
    'action=none',
    '',
  ].join('\n');
  const r = convertSec(sec, { file: 'x.rules' });
  assert.deepEqual(
    r.unconverted.map((p) => [p.line, p.reason.replace(/ \(.*\)/, '')]),
    [
      [1, 'rule type Pair is not supported; rule not converted'],
      [10, 'contexts are not supported; rule not converted'],
      [17, 'GoTo is not supported; converted as DontCont'],
      [19, 'it uses SEC or shell variables; action not converted'],
      [19, 'action pipe is not supported; dropped'],
      [21, 'labels are not supported'],
      [32, 'ptype PerlFunc is not supported; rule not converted'],
    ],
  );
  assert.equal(r.rules, 2);
  const { ruleSet, problems } = compileRuleSources('/p', [{ file: 'rules/sec.yml', text: r.yaml }]);
  assert.deepEqual(problems, []);
  assert.deepEqual(ruleSet.rules.map((x) => [x.name, x.action, x.continue, x.suppressMs, x.exec ?? null, x.message ?? null]), [
    ['notify-1', 'log', false, 0, null, 'ack seen'],
    ['check-again', 'exec', false, 600_000, ['/usr/local/bin/check', '--quiet'], null],
  ]);
  assert.match(r.yaml, /pattern: 'dhcpack\.\*fs-s\[0-9\]\+'\n {4}ignore_case: true/);
});

test('SubStr backslash sequences and quotes survive into YAML', () => {
  const r = convertSec("type=Single\nptype=SubStr\npattern=it's\\ta\\\\b\ndesc=q\naction=logonly it's\n", { file: 'q' });
  const { ruleSet, problems } = compileRuleSources('/p', [{ file: 'r.yml', text: r.yaml }]);
  assert.deepEqual(problems, []);
  const rule = ruleSet.rules[0]!;
  const ev = { line: "DHCPACK it's\ta\\b", type: 'DHCPACK' as const, ip: '1.2.3.4', mac: '00:00:00:00:00:01', time: 0, source: 'x' };
  assert.equal(rule.matches(ev), true);
  assert.equal(rule.matches({ ...ev, line: "DHCPACK it's a\\b" }), false);
});
