/**
 * The CLI session against a scripted SSH switch on loopback: terminal noise, pager
 * fallbacks, enable, keyboard-interactive login, confirmations, error stops, timeouts,
 * masking and host-key pinning, each behaviour switched on in the script switch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostKeyStore, openSession, fingerprint, type CliSession, type ConnectOptions } from '../../../src/device/index.js';
import { testPlatform } from '../../helpers/platform.js';
import { generateHostKey } from '../../../src/lab/index.js';
import { startScriptSwitch, type ScriptOptions, type ScriptSwitch } from './script-switch.js';
import ssh2 from 'ssh2';

async function withSwitch(
  script: ScriptOptions,
  fn: (sw: ScriptSwitch, connect: (extra?: Partial<ConnectOptions>) => Promise<CliSession>) => Promise<void>,
): Promise<void> {
  const sw = await startScriptSwitch(script);
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-session-'));
  const sessions: CliSession[] = [];
  try {
    await fn(sw, async (extra = {}) => {
      const s = await openSession({
        host: sw.host,
        port: sw.port,
        username: 'netops',
        password: 'pw',
        platform: testPlatform('fsos-s5850'),
        hostKey: { store: new HostKeyStore(stateDir), allowFirstUse: true },
        commandTimeoutMs: 5000,
        ...extra,
      });
      sessions.push(s);
      return s;
    });
  } finally {
    for (const s of sessions) await s.close();
    await sw.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** The running config the script switch prints, written out independently of it. */
function expectedConfig(hostname: string, ports: number): string {
  const lines = ['Building configuration...', '!', `hostname ${hostname}`, '!', 'username netops privilege 4 secret 5 $1$sy4rd$X3XcBgPr7bQvTbOIFcSTn/', '!'];
  for (let i = 1; i <= ports; i++) lines.push(`interface eth-0-${i}`, ` description port ${i}`, '!');
  lines.push('snmp-server community s3cr3t-comm read-only', 'end');
  return lines.join('\n') + '\n';
}

test('login reads the hostname from the prompt and turns paging off', async () => {
  await withSwitch({ hostname: 'FS-S5850-SRV', pageLines: 20, configLines: 60 }, async (sw, connect) => {
    const s = await connect();
    assert.equal(s.hostname, 'FS-S5850-SRV');
    assert.equal(s.hostKey, sw.hostKey);
    assert.equal(await s.showRunningConfig(), expectedConfig('FS-S5850-SRV', 60));
    assert.ok(sw.received.includes('terminal length 0'));
  });
});

for (const erase of ['cr', 'backspace', 'ansi'] as const) {
  test(`without a paging command the pager is answered and its marker (${erase}-erased) is not in the output`, async () => {
    await withSwitch({ pageLines: 7, noPagingCommand: true, pagerErase: erase, configLines: 30, ansiNoise: true, chunk: 5 }, async (_sw, connect) => {
      const s = await connect();
      const text = await s.showRunningConfig();
      assert.equal(text, expectedConfig('SW1', 30));
    });
  });
}

test('a device silent until Enter is woken, and its extra prompt does not desync the next commands', async () => {
  await withSwitch({ silentUntilEnter: true }, async (_sw, connect) => {
    const s = await connect({ commandTimeoutMs: 900 });
    assert.equal(s.hostname, 'SW1');
    assert.equal(await s.showRunningConfig(), expectedConfig('SW1', 40));
  });
});

test('a banner slower than the wake-up Enter: both prompts are consumed before the first command', async () => {
  await withSwitch({ bannerDelayMs: 450 }, async (_sw, connect) => {
    const s = await connect({ commandTimeoutMs: 900 });
    assert.equal(await s.showRunningConfig(), expectedConfig('SW1', 40));
    assert.equal(await s.run('terminal length 0'), '');
  });
});

test('enable with the secret reaches #; the secret never shows in the transcript', async () => {
  await withSwitch({ enableSecret: 'en-Secret-9' }, async (sw, connect) => {
    const s = await connect({ enableSecret: 'en-Secret-9' });
    assert.ok(sw.received.includes('en-Secret-9'), 'the switch got the secret');
    await s.configure(['ntp server 192.0.2.123']);
    const t = s.transcript();
    assert.ok(!t.includes('en-Secret-9'));
    assert.match(t, /SW1#/);
  });
});

test('enable without a secret, or with a wrong one, is DEVICE_AUTH', async () => {
  await withSwitch({ enableSecret: 'right' }, async (_sw, connect) => {
    await assert.rejects(connect(), (err: Error & { code?: string }) => err.code === 'DEVICE_AUTH' && /no enable secret/.test(err.message));
    await assert.rejects(connect({ enableSecret: 'wrong' }), { code: 'DEVICE_AUTH' });
  });
});

test('a keyboard-interactive-only server gets the password through its prompt', async () => {
  await withSwitch({ keyboardInteractiveOnly: true }, async (sw, connect) => {
    const s = await connect();
    assert.equal(s.hostname, 'SW1');
    assert.ok(sw.auth.some((a) => a.method === 'keyboard-interactive' && a.password === 'pw'));
  });
});

test('private-key login: the key is offered first and no password is sent', async () => {
  const pair = generateHostKey(); // ssh2's own generator makes a key it cannot parse about 1 time in 256
  await withSwitch({ authorizedKeys: [pair.publicLine] }, async (sw, connect) => {
    const s = await connect({ privateKey: pair.privateKey });
    assert.equal(s.hostname, 'SW1');
    assert.ok(sw.auth.every((a) => a.method === 'publickey'), JSON.stringify(sw.auth.map((a) => a.method)));
  });
});

test('configure stops at the first rejected command, leaves config mode, and the session stays usable', async () => {
  await withSwitch({}, async (sw, connect) => {
    const s = await connect();
    const accepted: number[] = [];
    const commands = ['interface eth-0-1', 'description a', 'bogus command', 'description never-sent'];
    await assert.rejects(
      s.configure(commands, (i) => accepted.push(i)),
      (err: Error & { code?: string; command?: string; index?: number; output?: string }) => {
        assert.equal(err.code, 'COMMAND_REJECTED');
        assert.equal(err.command, 'bogus command');
        assert.equal(err.index, 2);
        assert.match(err.output ?? '', /% Invalid input detected/);
        assert.match(err.message, /bogus command/);
        return true;
      },
    );
    assert.deepEqual(accepted, [0, 1]);
    assert.ok(!sw.received.includes('description never-sent'));
    assert.equal(sw.received.at(-1), 'end');
    assert.match(await s.showRunningConfig(), /^Building configuration/);
  });
});

test('a command with a newline or tab is refused before anything is sent', async () => {
  await withSwitch({}, async (sw, connect) => {
    const s = await connect();
    const before = sw.received.length;
    await assert.rejects(s.configure(['description ok', 'description a\nshutdown']), { code: 'INPUT_INVALID' });
    await assert.rejects(s.run('show ru\t'), { code: 'INPUT_INVALID' });
    assert.equal(sw.received.length, before, 'nothing reached the switch');
  });
});

test('a hostname change moves the prompt; the session follows it', async () => {
  await withSwitch({ ansiNoise: true }, async (_sw, connect) => {
    const s = await connect();
    await s.configure(['hostname NEW-NAME', 'interface eth-0-2', 'shutdown']);
    assert.equal(s.hostname, 'NEW-NAME');
    assert.match(await s.showRunningConfig(), /^hostname NEW-NAME$/m);
  });
});

test('a [confirm] question is answered', async () => {
  await withSwitch({}, async (sw, connect) => {
    const s = await connect();
    await s.configure(['clear everything', 'ntp server 192.0.2.1']);
    assert.deepEqual(sw.received.slice(-4), ['clear everything', '<confirmed>', 'ntp server 192.0.2.1', 'end']);
  });
});

test('save checks the success marker', async () => {
  await withSwitch({}, async (sw, connect) => {
    const s = await connect();
    await s.save();
    assert.equal(sw.received.at(-1), 'write');
  });
});

test('a command that never returns is DEVICE_TIMEOUT within the timeout, naming the prompt and the command', async () => {
  await withSwitch({}, async (_sw, connect) => {
    const s = await connect({ commandTimeoutMs: 600 });
    const started = Date.now();
    await assert.rejects(s.run('show hang'), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'DEVICE_TIMEOUT');
      assert.match(err.message, /prompt after `show hang`/);
      assert.match(err.message, /last prompt `SW1#`/);
      assert.match(err.message, /--- last output/);
      assert.ok(err.hint && err.hint.length > 0);
      return true;
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 550 && elapsed < 2000, `took ${elapsed} ms`);
  });
});

test('transcripts and errors mask the password, the community and secret hashes', async () => {
  await withSwitch({ users: { netops: 's3cr3t-comm' } }, async (_sw, connect) => {
    const s = await connect({ password: 's3cr3t-comm' });
    await s.showRunningConfig();
    await assert.rejects(s.configure(['description s3cr3t-comm x', 'bogus s3cr3t-comm']), (err: Error) => {
      assert.ok(!err.message.includes('s3cr3t-comm'));
      return true;
    });
    const t = s.transcript();
    assert.ok(!t.includes('s3cr3t-comm'));
    assert.ok(!t.includes('$1$sy4rd$'));
    assert.match(t, /secret 5 \*\*\*\*\*/);
  });
});

test('wrong password is DEVICE_AUTH', async () => {
  await withSwitch({}, async (_sw, connect) => {
    await assert.rejects(connect({ password: 'nope' }), (err: Error & { code?: string; hint?: string }) => err.code === 'DEVICE_AUTH' && !err.message.includes('nope'));
  });
});

test('nothing listening is DEVICE_CONNECT with a hint', async () => {
  const sw = await startScriptSwitch();
  const port = sw.port;
  await sw.stop();
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-session-'));
  await assert.rejects(
    openSession({ host: '127.0.0.1', port, username: 'u', password: 'p', platform: testPlatform('ios'), hostKey: { store: new HostKeyStore(stateDir), allowFirstUse: true } }),
    (err: Error & { code?: string; hint?: string }) => err.code === 'DEVICE_CONNECT' && /ECONNREFUSED/.test(err.message) && (err.hint ?? '').length > 0,
  );
  await rm(stateDir, { recursive: true, force: true });
});

test('host keys: first use pins only when allowed; a changed key is refused before any password is sent', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'sy-hostkey-'));
  const store = new HostKeyStore(stateDir);
  const sw = await startScriptSwitch();
  const base = { host: sw.host, port: sw.port, username: 'netops', password: 'pw', platform: testPlatform('fsos-s5850') };
  try {
    // Unknown host, strict: refused, no credentials offered.
    await assert.rejects(openSession({ ...base, hostKey: { store, allowFirstUse: false } }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'DEVICE_HOSTKEY');
      assert.match(err.message, new RegExp(fingerprint(sw.hostKey).replace(/[+/]/g, '\\$&')));
      return true;
    });
    assert.deepEqual(sw.auth, []);
    assert.equal(await store.lookup(sw.host, sw.port), undefined);

    // First use allowed: pinned.
    const s = await openSession({ ...base, hostKey: { store, allowFirstUse: true } });
    await s.close();
    assert.equal(await store.lookup(sw.host, sw.port), sw.hostKey);

    // Known now: strict mode connects.
    const again = await openSession({ ...base, hostKey: { store, allowFirstUse: false } });
    await again.close();
  } finally {
    await sw.stop();
  }

  // Same address, new key (a rogue, or a replaced switch): refused even with first use allowed.
  const rogue = await startScriptSwitch();
  try {
    await store.pin(rogue.host, rogue.port, sw.hostKey);
    await assert.rejects(openSession({ ...base, port: rogue.port, hostKey: { store, allowFirstUse: true } }), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'DEVICE_HOSTKEY');
      assert.ok(err.message.includes(fingerprint(sw.hostKey)), 'shows the pinned fingerprint');
      assert.ok(err.message.includes(fingerprint(rogue.hostKey)), 'shows the presented fingerprint');
      assert.match(err.hint ?? '', /switchyard keys accept DEVICE --fingerprint/);
      return true;
    });
    assert.deepEqual(rogue.auth, [], 'no authentication attempt reached the server');
    assert.equal(await store.lookup(rogue.host, rogue.port), sw.hostKey, 'the pin is unchanged');
  } finally {
    await rogue.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
});

test('key exchange: curve25519 and ed25519 by default; preferred algorithms move to the front', async () => {
  await withSwitch({}, async (_sw, connect) => {
    const s = await connect();
    assert.match(s.negotiated.kex, /^curve25519-sha256/);
    assert.equal(s.negotiated.serverHostKey, 'ssh-ed25519');
    const dh = await connect({ preferredAlgorithms: { kex: ['diffie-hellman-group14-sha256'] } });
    assert.equal(dh.negotiated.kex, 'diffie-hellman-group14-sha256');
  });
});

test('a key exchange the server cannot do is DEVICE_CONNECT with a hint about algorithms', async () => {
  // ssh2's server lists group exchange but does not implement it.
  await withSwitch({}, async (_sw, connect) => {
    await assert.rejects(connect({ preferredAlgorithms: { kex: ['diffie-hellman-group-exchange-sha256'] } }), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'DEVICE_CONNECT');
      assert.match(err.hint ?? '', /legacyAlgorithms/);
      return true;
    });
  });
});

test('a device with several host keys is asked for the type that is pinned', async () => {
  const ecdsa = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 });
  const ecdsaLine = ecdsa.public.split(' ').slice(0, 2).join(' ');
  const dir = await mkdtemp(join(tmpdir(), 'sy-ecdsa-'));
  await withSwitch({ extraHostKeys: [ecdsa.private] }, async (sw, connect) => {
    // Unpinned: ssh2's preference (ed25519) wins.
    const first = await connect({ hostKey: { store: new HostKeyStore(join(dir, 'a')), allowFirstUse: true } });
    assert.equal(first.hostKey, sw.hostKey);
    // Pinned ECDSA: the connection asks for ECDSA first and verifies against that pin.
    const store = new HostKeyStore(join(dir, 'b'));
    await store.pin(sw.host, sw.port, ecdsaLine);
    const s = await connect({ hostKey: { store, allowFirstUse: false } });
    assert.equal(s.negotiated.serverHostKey, 'ecdsa-sha2-nistp256');
    assert.equal(s.hostKey, ecdsaLine);
  });
  await rm(dir, { recursive: true, force: true });
});

test('a device that drops the connection mid-command is DEVICE_DISCONNECTED', async () => {
  await withSwitch({}, async (sw, connect) => {
    const s = await connect();
    const pending = s.run('show hang');
    setTimeout(() => void sw.stop(), 100);
    await assert.rejects(pending, (err: Error & { code?: string }) => err.code === 'DEVICE_DISCONNECTED' && /show hang/.test(err.message));
  });
});
