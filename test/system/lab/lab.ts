/**
 * createLab: the system-test lab as one object — switch namespaces running FRR behind
 * OpenSSH with a DHCP client, a DHCP server namespace (ISC dhcpd or dnsmasq), and a relay
 * namespace with dhcrelay for the option-82 case. See docs/system-tests.md.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { DhcpClient, writeUdhcpcScript } from './dhcp-client.js';
import { startDhcpd, startDhcrelay, startDnsmasq, type DhcpDaemon, type DhcpSubnet } from './dhcp-server.js';
import { runOk, waitFor } from './exec.js';
import { frrConfigPath, startFrr, vtyshIn } from './frr.js';
import {
  LAB_BASE_DIR, ROOT_NETNS_FILE, acquireLabLock, addVeth, bindRootNetns, cleanupLeftovers, createNamespace, deleteNamespace,
  deleteNamespaceSync, nsExec, unbindRootNetns,
} from './netns.js';
import { addKnownHost, ensureLabUser, sshExec, sshInteractive, startSshd, writeVtyshLogin, type LabCredentials, type SshTarget } from './sshd.js';
import type { Lab, LabOptions, LabSwitch, LabSwitchSpec } from './types.js';
import * as topo from './topology.js';

const DEFAULT_CREDENTIALS: LabCredentials = { username: 'switchyard-lab', password: 'lab-password-7' };
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

interface Placed {
  readonly spec: LabSwitchSpec;
  readonly info: LabSwitch;
  readonly index: number;
  readonly direct?: number;
  readonly relayed?: number;
  client?: DhcpClient;
}

/** Validates SPECS and assigns each switch its place in the address plan. */
function place(specs: readonly LabSwitchSpec[]): Placed[] {
  if (specs.length > topo.MAX_SWITCHES) throw new Error(`at most ${topo.MAX_SWITCHES} switches`);
  const names = new Set<string>();
  const ports = new Set<string>();
  let direct = 0;
  let relayed = 0;
  return specs.map((spec, index) => {
    if (!NAME.test(spec.name)) throw new Error(`switch name ${JSON.stringify(spec.name)} must match ${NAME}`);
    if (names.has(spec.name)) throw new Error(`switch name ${spec.name} used twice`);
    names.add(spec.name);
    if (!MAC.test(spec.mac)) throw new Error(`MAC ${JSON.stringify(spec.mac)} of ${spec.name} must be lower-case aa:bb:cc:dd:ee:ff`);
    const hasDhcp = spec.dhcp !== false;
    const isRelayed = hasDhcp && spec.relay !== undefined && spec.relay !== false;
    const frr = spec.frr !== false;
    const mgmt = topo.mgmtLink(index);
    const base = {
      name: spec.name,
      namespace: topo.switchNs(spec.name),
      mac: spec.mac,
      hostname: spec.hostname === undefined ? spec.name : spec.hostname,
      frrHostname: spec.frrHostname ?? spec.name,
      frr,
      mgmtAddress: mgmt.switchAddress,
      port: 22 as const,
      relayed: isRelayed,
      frrConfigFile: frrConfigPath(topo.switchNs(spec.name)),
    };
    if (!hasDhcp) return { spec, index, info: base };
    if (isRelayed) {
      const k = relayed++;
      if (k >= topo.MAX_RELAYED) throw new Error(`at most ${topo.MAX_RELAYED} relayed switches`);
      const port = (typeof spec.relay === 'object' ? spec.relay.port : undefined) ?? topo.defaultRelayPort(k);
      if (!IFNAME.test(port) || [topo.RELAY_UPLINK_IFACE, 'lo'].includes(port)) throw new Error(`relay port ${JSON.stringify(port)} is not a usable interface name`);
      if (ports.has(port)) throw new Error(`relay port ${port} used twice`);
      ports.add(port);
      return { spec, index, relayed: k, info: { ...base, circuitId: port, dhcpVia: topo.relayedLink(k).relayAddress } };
    }
    const j = direct++;
    if (j >= topo.MAX_DIRECT) throw new Error(`at most ${topo.MAX_DIRECT} directly attached DHCP switches`);
    return { spec, index, direct: j, info: { ...base, dhcpVia: topo.directLink(j).serverIface } };
  });
}

/** The frr.conf a switch boots from when the spec gives none. */
function emptyFrrConfig(hostname: string): string {
  return ['frr defaults traditional', `hostname ${hostname}`, 'service integrated-vtysh-config', '!', ''].join('\n');
}

/**
 * Creates the lab: takes the machine-wide lab lock, removes leftovers of crashed runs,
 * builds namespaces and links, starts FRR + sshd per switch, the DHCP server, the relay
 * and the clients (waiting for their first leases). Anything that fails on the way tears
 * down what was built and rethrows. Call `destroy()` in an `after` hook.
 */
export async function createLab(options: LabOptions): Promise<Lab> {
  const placed = place(options.switches);
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const release = await acquireLabLock(options.lockTimeoutMs);
  const dir = join(LAB_BASE_DIR, `run-${process.pid}-${Date.now()}`);
  const rootNetns = join(dir, ROOT_NETNS_FILE);
  const namespaces: string[] = [];
  const children: ChildProcess[] = [];
  let destroyed = false;

  const teardownSync = (): void => {
    if (destroyed) return;
    destroyed = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const ns of namespaces) deleteNamespaceSync(ns);
    unbindRootNetns(rootNetns);
    if (!process.env.SWITCHYARD_LAB_KEEP) rmSync(dir, { recursive: true, force: true });
    release();
  };
  // Safety net for a test process that ends without calling destroy (a crash, a timeout
  // kill): nothing of the lab may outlive it. The next createLab's cleanup covers SIGKILL.
  const onExit = (): void => teardownSync();
  const onSignal = (signal: NodeJS.Signals): void => {
    teardownSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const destroy = async (): Promise<void> => {
    if (destroyed) return;
    destroyed = true;
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const c of placed) await c.client?.stop();
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    for (const ns of namespaces) await deleteNamespace(ns);
    unbindRootNetns(rootNetns);
    if (!process.env.SWITCHYARD_LAB_KEEP) rmSync(dir, { recursive: true, force: true });
    release();
  };

  try {
    await cleanupLeftovers();
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    await bindRootNetns(rootNetns);
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, '', { mode: 0o600 });
    const loginScript = writeVtyshLogin(dir);
    const udhcpcScript = writeUdhcpcScript(dir);
    if (placed.some((c) => c.info.frr)) await ensureLabUser(credentials);

    const withDhcp = placed.filter((c) => c.direct !== undefined || c.relayed !== undefined);
    const relayedSwitches = placed.filter((c) => c.relayed !== undefined);
    const addNs = async (ns: string): Promise<void> => {
      await createNamespace(ns);
      namespaces.push(ns);
    };
    if (withDhcp.length > 0) await addNs(topo.SERVER_NS);
    if (relayedSwitches.length > 0) {
      await addNs(topo.RELAY_NS);
      await addVeth(
        { ns: topo.SERVER_NS, name: topo.SERVER_RELAY_IFACE, address: `${topo.SERVER_RELAY_ADDRESS}/30` },
        { ns: topo.RELAY_NS, name: topo.RELAY_UPLINK_IFACE, address: `${topo.RELAY_UPLINK_ADDRESS}/30` },
      );
      // Replies to relayed clients go back through the relay; it routes, so a unicast
      // renewal from a relayed switch reaches dhcpd directly (and dhcrelay forwards a copy).
      await runOk(nsExec(topo.SERVER_NS, ['ip', 'route', 'add', '203.0.113.0/24', 'via', topo.RELAY_UPLINK_ADDRESS]));
      await runOk(nsExec(topo.RELAY_NS, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']));
    }

    for (const c of placed) {
      await addNs(c.info.namespace);
      const mgmt = topo.mgmtLink(c.index);
      await addVeth(
        { name: mgmt.rootIface, address: `${mgmt.rootAddress}/${mgmt.prefix}` },
        { ns: c.info.namespace, name: topo.SWITCH_MGMT_IFACE, address: `${mgmt.switchAddress}/${mgmt.prefix}` },
      );
      const client = { ns: c.info.namespace, name: topo.SWITCH_DHCP_IFACE, mac: c.info.mac };
      if (c.direct !== undefined) {
        const link = topo.directLink(c.direct);
        await addVeth({ ns: topo.SERVER_NS, name: link.serverIface, address: `${link.serverAddress}/28` }, client);
      } else if (c.relayed !== undefined && c.info.circuitId) {
        await addVeth({ ns: topo.RELAY_NS, name: c.info.circuitId, address: `${topo.relayedLink(c.relayed).relayAddress}/28` }, client);
      }
    }

    // FRR and sshd of all switches start in parallel: the daemons' start-up waits dominate.
    const hostKeys = new Map<string, string>();
    await Promise.all(
      placed.filter((c) => c.info.frr).map(async (c) => {
        const swDir = join(dir, c.info.name);
        mkdirSync(swDir, { recursive: true, mode: 0o755 });
        const config = c.spec.frrConfig ?? emptyFrrConfig(c.info.frrHostname);
        children.push(...(await startFrr({ ns: c.info.namespace, hostname: c.info.frrHostname, config, logDir: swDir })));
        const sshd = await startSshd({
          ns: c.info.namespace, hostname: c.info.frrHostname, address: c.info.mgmtAddress,
          username: credentials.username, dir: swDir, loginScript,
        });
        children.push(sshd.process);
        hostKeys.set(c.info.name, sshd.hostKey);
      }),
    );
    const switches: LabSwitch[] = placed.map((c) => {
      const hostKey = hostKeys.get(c.info.name);
      if (hostKey === undefined) return c.info;
      addKnownHost(knownHosts, c.info.mgmtAddress, hostKey);
      return { ...c.info, hostKey };
    });

    let dhcpLog = '';
    let relayLog: string | undefined;
    const dhcpServer = options.dhcp ?? 'dhcpd';
    if (withDhcp.length > 0) {
      const ifaces: string[] = [];
      const subnets: DhcpSubnet[] = [];
      for (const c of withDhcp) {
        if (c.direct !== undefined) {
          const link = topo.directLink(c.direct);
          ifaces.push(link.serverIface);
          subnets.push(link.subnet);
        } else if (c.relayed !== undefined) {
          subnets.push(topo.relayedLink(c.relayed).subnet);
        }
      }
      if (relayedSwitches.length > 0) {
        ifaces.push(topo.SERVER_RELAY_IFACE);
        subnets.push(topo.RELAY_UPLINK_SUBNET);
      }
      let server: DhcpDaemon;
      if (dhcpServer === 'dnsmasq') {
        server = await startDnsmasq(topo.SERVER_NS, dir, ifaces, subnets, {
          dhcpScript: options.dhcpScript, scriptOnRenewal: options.scriptOnRenewal, env: { ...process.env, SWITCHYARD_LAB_ROOT_NETNS: rootNetns },
        });
      } else {
        if (options.dhcpScript || options.scriptOnRenewal) throw new Error('dhcpScript and scriptOnRenewal apply to dnsmasq only');
        server = await startDhcpd(topo.SERVER_NS, dir, ifaces, subnets);
      }
      children.push(server.process);
      dhcpLog = server.logFile;
      if (relayedSwitches.length > 0) {
        const relay = await startDhcrelay(
          topo.RELAY_NS, dir, topo.RELAY_UPLINK_IFACE, relayedSwitches.map((c) => c.info.circuitId ?? ''), topo.SERVER_RELAY_ADDRESS,
        );
        children.push(relay.process);
        relayLog = relay.logFile;
      }
      for (const c of withDhcp) {
        c.client = new DhcpClient({
          ns: c.info.namespace, iface: topo.SWITCH_DHCP_IFACE, hostname: c.info.hostname,
          script: udhcpcScript, logFile: join(dir, `udhcpc-${c.info.name}.log`),
        });
      }
      await Promise.all(withDhcp.filter((c) => c.spec.startDhcp !== false).map((c) => c.client?.start()));
    }

    const byName = new Map(placed.map((c) => [c.info.name, c]));
    const get = (name: string): Placed => {
      const c = byName.get(name);
      if (!c) throw new Error(`no switch ${name} in the lab`);
      return c;
    };
    const clientOf = (name: string): DhcpClient => {
      const client = get(name).client;
      if (!client) throw new Error(`switch ${name} has no DHCP link`);
      return client;
    };
    const target = (name: string): SshTarget => {
      const c = get(name);
      if (!c.info.frr) throw new Error(`switch ${name} runs no FRR/sshd`);
      return { address: c.info.mgmtAddress, port: 22, credentials, knownHosts };
    };
    const readLog = (): string => (dhcpLog ? readFileSync(dhcpLog, 'utf8') : '');

    return {
      dir, dhcpServer, dhcpLog, relayLog, credentials, knownHosts, rootNetns,
      switches,
      switch: (name) => switches[get(name).index] as LabSwitch,
      connection: (name) => {
        const { address } = target(name);
        const hostKey = switches[get(name).index]?.hostKey ?? '';
        return { host: address, port: 22, username: credentials.username, password: credentials.password, hostKey };
      },
      lease: (name) => get(name).client?.ip,
      renew: (name) => clientOf(name).renew(),
      startDhcpClient: (name) => clientOf(name).start(),
      stopDhcpClient: (name) => clientOf(name).stop(),
      vtysh: (name, commands) => {
        const c = get(name);
        const list = typeof commands === 'string' ? [commands] : commands;
        return vtyshIn(c.info.namespace, c.info.frrHostname, list.flatMap((cmd) => ['-c', cmd]));
      },
      sshRunningConfig: async (name) => {
        const r = await sshExec(target(name), 'show running-config');
        if (r.code !== 0) throw new Error(`ssh ${name} show running-config exited ${r.code}: ${r.stderr.trim()}`);
        return r.stdout;
      },
      ssh: (name, command) => sshExec(target(name), command),
      sshInteractive: (name, lines) => sshInteractive(target(name), lines),
      readDhcpLog: readLog,
      dhcpLogSize: () => Buffer.byteLength(readLog()),
      waitForDhcpLog: (pattern, opts = {}) =>
        waitFor(`${String(pattern)} in ${dhcpLog}`, () => {
          const text = Buffer.from(readLog()).subarray(opts.from ?? 0).toString('utf8');
          const flags = pattern.flags.includes('m') ? pattern.flags : `${pattern.flags}m`;
          return new RegExp(pattern.source, flags.replace('g', '')).exec(text) ?? undefined;
        }, opts.timeoutMs ?? 20_000),
      destroy,
    };
  } catch (err) {
    await destroy();
    throw err;
  }
}
