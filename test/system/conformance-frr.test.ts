// The device conformance suite (test/integration/device/conformance.ts) against real FRR
// 8.4 behind OpenSSH in a lab namespace: the `frr` platform's prompts, paging, error
// patterns and save wording are checked against the software they describe.
//
// 7 of the suite's 13 checks run here. The other 6 are reported as not applicable, each a
// test that asserts the platform data or the missing hook says so (`notApplicable` below):
// the pager fallback, LLDP and the hostname change (the `frr` platform data), the timeout
// and dropped-push checks (no fault knobs on a real FRR) and the impostor (no second server
// can take the switch's address). Also left out: `running()` (the target's own view must be
// synchronous; `startup()` reads frr.conf from disk) and the refused-login half of the auth
// check (a fault knob).
import { readFileSync } from 'node:fs';
import { getPlatform } from '../../src/platforms/index.js';
import { runConformance, type ConformanceTarget } from '../integration/device/conformance.js';
import { createLab, type Lab } from './lab/index.js';
import { describeLab, LAB_TOOLS } from './prereq.js';

const NAME = 'conf-frr';
const ENTRIES = 120;

/** A config several screens long: a prefix list of ENTRIES entries and a described interface. */
function seedConfig(): string {
  const lines = ['frr defaults traditional', `hostname ${NAME}`, 'service integrated-vtysh-config', '!', 'interface lo', ' description seeded', 'exit', '!'];
  for (let i = 1; i <= ENTRIES; i++) lines.push(`ip prefix-list SEED seq ${i * 5} permit 10.${Math.floor(i / 250)}.${i % 250}.0/24`);
  lines.push('!', 'router bgp 65001', ' bgp router-id 198.51.100.2', ' neighbor 203.0.113.9 remote-as 65002', 'exit', '!');
  return `${lines.join('\n')}\n`;
}

describeLab('conformance: real FRR 8.4 through OpenSSH', LAB_TOOLS, () => {
  let lab: Lab | undefined;
  const current = (): Lab => {
    if (lab === undefined) throw new Error('the FRR lab is not running');
    return lab;
  };
  const target: ConformanceTarget = {
    name: 'FRR 8.4.4 (lab namespace)',
    platform: getPlatform('frr'),
    login: () => {
      const c = current().connection(NAME);
      return { host: c.host, port: c.port, username: c.username, password: c.password, commandTimeoutMs: 10_000, connectTimeoutMs: 10_000 };
    },
    hostname: NAME,
    // The lab's key line ends in a comment (the switch's name); a session reports type and key only.
    get hostKey() {
      return current().switch(NAME).hostKey?.split(' ').slice(0, 2).join(' ');
    },
    // An interface description: typed inside `interface lo`, shown under it.
    change: { commands: ['interface lo', 'description conformance-change'], visible: /^ description conformance-change$/m },
    rejected: 'frobnicate the switch',
    minRunningLines: ENTRIES,
    notApplicable: {
      pager: 'vtysh has `terminal length 0`, which stops its external pager; the platform defines no pager marker to answer',
      lldp: 'FRR has no LLDP daemon; the platform reads no LLDP neighbours',
      hostname: "vtysh's `hostname` renames only that vtysh session, not the daemons (managesHostname: false)",
      faults: 'a real FRR has no fault knobs: it cannot be told to hang, drop a push or refuse a login',
      impostor: "the address lives inside the switch's namespace, held by its own sshd: no second server can take it",
    },
    // What `write memory` wrote (watchfrr runs `vtysh -w` as root into the pathspace).
    startup: () => readFileSync(current().switch(NAME).frrConfigFile, 'utf8'),
    start: async () => {
      lab = await createLab({ switches: [{ name: NAME, mac: '02:00:00:00:c0:01', dhcp: false, frrConfig: seedConfig() }] });
    },
    stop: async () => {
      await lab?.destroy();
      lab = undefined;
    },
  };
  runConformance(target);
});
