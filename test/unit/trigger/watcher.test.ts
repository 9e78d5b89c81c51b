import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileRuleSources, readJournal, requestControl, Watcher, type Decision, type JobHandlers, type JobOutcome, type TriggerLogEntry, type WatcherOptions } from '../../../src/trigger/index.js';
import { fixtureInventory, projectRoot, SEED_RULES, until, withTempDir } from './helpers.js';

const ACK = (ip: string, mac: string, host: string) => `Nov 27 20:50:41 vm dhcpd[1]: DHCPACK on ${ip} to ${mac} (${host}) via eth0\n`;

interface Harness {
  dir: string;
  log: string;
  decisions: Decision[];
  started: string[];
  start(handlers: JobHandlers, rules?: string, extra?: Partial<WatcherOptions>): Promise<Watcher>;
}

function harness(fn: (h: Harness) => Promise<void>): Promise<void> {
  return withTempDir((dir) => run(dir, fn));
}

async function run(dir: string, fn: (h: Harness) => Promise<void>): Promise<void> {
  const log = join(dir, 'dhcpd.log');
  writeFileSync(log, '');
  const h: Harness = {
    dir,
    log,
    decisions: [],
    started: [],
    async start(handlers, rules = SEED_RULES, extra = {}) {
      const inventory = await fixtureInventory();
      let text = rules;
      const w = await Watcher.start({
        root: projectRoot,
        stateDir: join(dir, 'state'),
        load: async () => ({ inventory, rules: compileRuleSources(projectRoot, [{ file: 'rules/t.yml', text }]).ruleSet, bindings: new Map() }),
        handlers,
        dryRun: false,
        inputs: [{ kind: 'file', path: log }],
        pollMs: 20,
        socketPath: join(dir, 'watch.sock'),
        onDecision: (d) => h.decisions.push(d),
        log: () => undefined,
        ...extra,
      });
      w.onJobStart = (j) => h.started.push(`${j.kind}:${j.device ?? j.key}`);
      // Lets a test swap the rules before w.reload().
      (w as unknown as { setRules: (t: string) => void }).setRules = (t: string) => (text = t);
      return w;
    },
  };
  await fn(h);
}

const ok = (message = 'converged'): Promise<JobOutcome> => Promise.resolve({ status: 'ok', message });
const handlersOk: JobHandlers = { reconcile: () => ok(), provision: () => ok('provisioned') };

test('1,000 DHCPACKs for one switch within a second make one job, and 1,000 decisions', () =>
  harness(async (h) => {
    let calls = 0;
    const w = await h.start({ reconcile: () => ((calls += 1), ok()), provision: () => ok() });
    const started = Date.now();
    for (let i = 0; i < 1000; i++) appendFileSync(h.log, ACK('10.10.0.2', '64:9d:99:00:00:01', 'FS-S5850-SRV'));
    assert.ok(Date.now() - started < 1000);
    await until(() => h.decisions.length === 1000);
    await w.stop();
    assert.equal(calls, 1);
    assert.deepEqual(h.started, ['reconcile:FS-S5850-SRV']);
    const actions = h.decisions.map((d) => d.action);
    assert.equal(actions.filter((a) => a === 'reconcile').length, 1);
    assert.equal(actions.filter((a) => a === 'suppress').length, 999);
  }));

test('a job the switch is not ready for is retried with backoff; pending jobs survive a restart', () =>
  harness(async (h) => {
    let attempts = 0;
    const w1 = await h.start({ reconcile: () => ((attempts += 1), Promise.resolve({ status: 'retry', message: 'SSH not up yet' })), provision: () => ok() }, SEED_RULES, { backoffMs: 60_000 });
    appendFileSync(h.log, ACK('10.10.0.11', '64:9d:99:00:01:01', 'FS-S3900-ACC1'));
    await until(() => attempts === 1);
    await until(() => w1.status().queue[0]?.attempts === 1 && w1.status().queue[0]?.state === 'waiting');
    assert.ok(w1.status().queue[0]!.nextAttempt !== null);
    await w1.stop();
    // Restarted: the job resumes; its next attempt is due only after the backoff, so allow it now.
    const journal = await readJournal(join(h.dir, 'state'));
    assert.equal(journal.pending.length, 1);
    assert.equal(journal.pending[0]!.attempts, 1);
    let ran = '';
    const w2 = await h.start({ reconcile: (d) => ((ran = d.name), ok()), provision: () => ok() }, SEED_RULES, { backoffMs: 1 });
    (w2 as unknown as { queue: { entries: Map<string, { notBefore: number }>; pump(): void } }).queue.entries.forEach((e) => (e.notBefore = 0));
    (w2 as unknown as { queue: { pump(): void } }).queue.pump();
    await until(() => ran === 'FS-S3900-ACC1');
    await until(() => w2.status().counters.jobsFinished === 1);
    await w2.stop();
    assert.equal((await readJournal(join(h.dir, 'state'))).pending.length, 0);
    assert.equal(h.decisions.length, 1, 'the line was decided once across the restart');
  }));

test('SIGHUP-style reload swaps rules without losing the running job; stop waits for it', () =>
  harness(async (h) => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const w = await h.start({ reconcile: () => gate.then(() => (order.push('push finished'), ok('pushed'))), provision: () => ok() });
    appendFileSync(h.log, ACK('10.10.0.2', '64:9d:99:00:00:01', 'FS-S5850-SRV'));
    await until(() => h.started.length === 1);
    (w as unknown as { setRules: (t: string) => void }).setRules('rules:\n  - { name: only-log, match: { type: DHCPACK }, action: log, message: reloaded }\n');
    await w.reload();
    appendFileSync(h.log, ACK('10.10.0.11', '64:9d:99:00:01:01', 'FS-S3900-ACC1'));
    await until(() => h.decisions.length === 2);
    assert.deepEqual(h.decisions.map((d) => [d.rule, d.action]), [['fs-s5850', 'reconcile'], ['only-log', 'log']]);
    assert.equal(w.status().queue.length, 1, 'the running job is still there');
    // Not a fixed sleep before "stop has not finished": stop goes from the job queue straight
    // to saving the read offsets, with no I/O between. So once stop has reached the queue
    // and the microtasks have run, a stop that did not wait for the push has called
    // saveOffsets. Its timer-driven call is out of the way first: wait until it has fired.
    const internals = w as unknown as { queue: { stopped: boolean }; offsetsTimer: unknown; saveOffsets(): Promise<void> };
    await until(() => internals.offsetsTimer === undefined);
    const saveOffsets = internals.saveOffsets.bind(w);
    internals.saveOffsets = () => (order.push('offsets saved'), saveOffsets());
    const stopping = w.stop().then(() => order.push('stopped'));
    await until(() => internals.queue.stopped);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, [], 'stop waits for the running push');
    release();
    await stopping;
    assert.deepEqual(order, ['push finished', 'offsets saved', 'stopped']);
    const status = JSON.parse(await readFile(join(h.dir, 'state', 'status.json'), 'utf8')) as { running: boolean; lastOutcome: Record<string, { status: string; message: string }> };
    assert.equal(status.running, false);
    assert.deepEqual(status.lastOutcome['FS-S5850-SRV'], { ...status.lastOutcome['FS-S5850-SRV'], status: 'ok', message: 'pushed' });
  }));

test('the control socket takes events from `trigger` and answers status; bad events are refused', () =>
  harness(async (h) => {
    const w = await h.start(handlersOk);
    const sock = join(h.dir, 'watch.sock');
    assert.equal(((await stat(sock)).mode & 0o777).toString(8), '600');
    const answer = await requestControl(sock, { op: 'event', event: { ip: '10.10.0.99', mac: '00:00:5e:00:53:01', hostname: 'Switch', circuitId: 'FS-S5850-SRV eth-0-3', source: 'hook:dnsmasq', server: 'dnsmasq' } });
    assert.equal(answer?.ok, true);
    const decisions = answer!.decisions as Decision[];
    assert.deepEqual(decisions.map((d) => [d.rule, d.action, d.device]), [['new-switch', 'provision', 'FS-S3900-NEW']]);
    await until(() => h.started.includes('provision:FS-S3900-NEW'));
    const bad = await requestControl(sock, { op: 'event', event: { ip: '1.2.3.4; reboot', mac: 'x' } });
    assert.equal(bad?.ok, false);
    const status = await requestControl(sock, { op: 'status' });
    assert.equal((status!.status as { counters: { decisions: number } }).counters.decisions, 1);
    await w.stop();
    assert.equal(await requestControl(sock, { op: 'status' }), undefined, 'no daemon: no answer');
  }));

test('a second daemon on the same state refuses to start', () =>
  harness(async (h) => {
    const w = await h.start(handlersOk);
    await assert.rejects(h.start(handlersOk), /another switchyard watch is already running/);
    await w.stop();
  }));

test('LLDP identification: retried until the switch answers, then decided and provisioned', () =>
  harness(async (h) => {
    let tries = 0;
    const provisioned: string[] = [];
    const w = await h.start(
      {
        reconcile: () => ok(),
        provision: (d, e) => (provisioned.push(`${d.name}@${e.ip}`), ok('provisioned')),
        identifyByLldp: async () => {
          tries++;
          if (tries < 3) throw new Error('connect ECONNREFUSED');
          return [{ localPort: 'Eth 1/25', systemName: 'FS-S5850-SRV', portId: 'eth-0-4' }];
        },
      },
      SEED_RULES,
      { candidates: { backoffMs: 5 } },
    );
    appendFileSync(h.log, ACK('10.10.0.77', '00:00:5e:00:53:07', 'Switch'));
    await until(() => provisioned.length === 1);
    await w.stop();
    assert.equal(tries, 3);
    assert.deepEqual(provisioned, ['FS-S3900-LLDP@10.10.0.77']);
    assert.deepEqual(h.decisions.map((d) => [d.rule, d.action, d.device]), [['new-switch', 'provision', 'FS-S3900-LLDP']]);
  }));

test('unknown switches beyond the candidate bound are refused, counted and logged once; a known switch still runs', () =>
  harness(async (h) => {
    const lookups: (() => void)[] = [];
    const logs: TriggerLogEntry[] = [];
    const w = await h.start(
      {
        reconcile: () => ok('Configuration OK'),
        provision: () => ok(),
        // Hangs like a look-up of an address that accepts TCP and never answers, until released.
        identifyByLldp: () => new Promise((resolve) => lookups.push(() => resolve([]))),
      },
      SEED_RULES,
      { candidates: { concurrency: 1, maxQueued: 3 }, log: (e) => logs.push(e) },
    );
    const mac = (i: number) => `02:00:00:00:02:${i.toString(16).padStart(2, '0')}`;
    for (let i = 0; i < 6; i++) appendFileSync(h.log, ACK(`192.0.2.${i + 1}`, mac(i), 'Switch'));
    appendFileSync(h.log, ACK('10.10.0.2', '64:9d:99:00:00:01', 'FS-S5850-SRV'));
    await until(() => h.started.includes('reconcile:FS-S5850-SRV') && h.decisions.length === 4);
    const refused = h.decisions.filter((d) => d.action === 'refuse');
    assert.deepEqual(refused.map((d) => d.mac), [mac(3), mac(4), mac(5)]);
    assert.match(refused[0]!.reason, /^3 unknown switches are already waiting for identification \(the limit\)/);
    assert.deepEqual(h.started.filter((s) => s.startsWith('identify')), [`identify:mac:${mac(0)}`], 'one look-up at once');
    const status = w.status();
    assert.equal(status.counters.candidatesRefused, 3);
    assert.deepEqual(status.lanes.candidates, { running: 1, waiting: 2, concurrency: 1, maxQueued: 3 });
    assert.deepEqual(status.lanes.known.concurrency, 8);
    assert.deepEqual(logs.filter((e) => e.level === 'warn').map((e) => e.msg), ['unknown switches refused: too many waiting for identification']);

    // The look-ups end (no neighbours: refused); there is room again, and it is said once.
    await until(() => {
      lookups.shift()?.();
      return h.decisions.filter((d) => d.action === 'refuse').length === 6;
    });
    appendFileSync(h.log, ACK('192.0.2.50', mac(0x50), 'Switch'));
    await until(() => h.started.includes(`identify:mac:${mac(0x50)}`));
    assert.deepEqual(logs.filter((e) => e.msg.startsWith('unknown switches')).map((e) => [e.msg, e.refused]), [
      ['unknown switches refused: too many waiting for identification', undefined],
      ['unknown switches accepted again', 3],
    ]);
    lookups.forEach((release) => release());
    await w.stop();
  }));

test('an exec rule with hostile hostnames: no command runs, each decision stays one record', () =>
  harness(async (h) => {
    const canary = join(h.dir, 'CANARY');
    const script = join(h.dir, 'hook.sh');
    await writeFile(script, '#!/bin/sh\nexit 0\n');
    await chmod(script, 0o755);
    const rules = `rules:\n  - name: run\n    contains: DHCPACK\n    action: exec\n    exec: ['${script}']\n    suppress: 0\n`;
    let finished = 0;
    const w = await h.start(handlersOk, rules, { onOutcome: () => (finished += 1) });
    const hostile = [`x;touch ${canary}`, `\`touch ${canary}\``, `$(touch ${canary})`, `'"$(touch ${canary})"'`, `${'A'.repeat(200)}$(touch ${canary})`];
    hostile.forEach((host, i) => appendFileSync(h.log, ACK(`192.0.2.${i + 1}`, `00:00:5e:00:53:${(16 + i).toString(16)}`, host)));
    await until(() => finished === hostile.length);
    await w.stop();
    await assert.rejects(stat(canary), /ENOENT/);
    assert.deepEqual(h.decisions.map((d) => d.hostname), hostile);
    assert.ok(h.decisions.every((d) => d.action === 'exec' && !JSON.stringify(d).includes('\n')));
  }));
