/**
 * From a lease event to decisions: the rules in order (stopping after a match unless the
 * rule says `continue`), identification, and the per-device suppress window. Synchronous
 * and allocation-light: replay runs it for every DHCPACK of a million-line log.
 *
 * Every event gets at least one decision. An unknown switch without a circuit-id, when
 * LLDP identification is available, gets its decision later: `decide` returns an
 * `identify` job and the daemon decides when the neighbours are known (finishIdentify).
 */
import type { Device } from '../inventory/index.js';
import { deviceByMgmtHost, devicesByCircuitId, devicesByLldp, identifyByMac, pickCandidate, type IdentifyContext, type KnownIdentity } from './identify.js';
import type { CompiledRule } from './rules-compile.js';
import type { LldpNeighbour } from '../device/index.js';
import type { Decision, DecisionAction, JobSpec, LeaseEvent } from './types.js';

/** Longest `line` kept in a decision (the rest is cut with a marker). */
const DECISION_LINE_MAX = 1024;

/** A decision and the job it asks for, if any. An `identify` job comes without a decision. */
export interface Verdict {
  readonly decision?: Decision;
  readonly job?: JobSpec;
}

/** What the engine needs; replaced as a whole on SIGHUP. */
interface EngineContext extends IdentifyContext {
  readonly rules: readonly CompiledRule[];
  /** LLDP identification can be attempted (a handler is wired and this is not a dry run). */
  readonly lldp: boolean;
}

/** Decides events; holds the suppress windows (which survive a reload of the context). */
export class DecisionEngine {
  private ctx: EngineContext;
  private readonly until = new Map<string, number>();

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  /** Swaps inventory and rules (SIGHUP) keeping the suppress windows. */
  setContext(ctx: EngineContext): void {
    this.ctx = ctx;
  }

  /** The current context. */
  get context(): EngineContext {
    return this.ctx;
  }

  /** Decides one event at time `now` (event time in replay, wall clock in the daemon). */
  decide(event: LeaseEvent, now: number): Verdict[] {
    // A lease line whose address no lease can be for (`010.010.000.002`, 0.0.0.0,
    // multicast; parse-fields.ts): refused before any rule or identification, with an
    // alert — no DHCP server writes such a line. (No rule would match it anyway.)
    if (event.invalid !== undefined) return [{ decision: { ...decision(event, null, 'refuse', null, event.invalid), alert: true } }];
    const out: Verdict[] = [];
    let identity: KnownIdentity | undefined;
    for (const rule of this.ctx.rules) {
      if (!rule.matches(event)) continue;
      identity ??= identifyByMac(event, this.ctx);
      out.push(this.apply(rule, event, identity, now));
      if (!rule.continue) break;
    }
    if (out.length === 0) {
      // A lease that names an inventory device it is not is an alert whatever the rules
      // say: the rules' patterns may miss a name spelled otherwise (Kea lower-cases it).
      const spoof = event.hostname === undefined ? undefined : identifyByMac(event, this.ctx).spoof;
      out.push({ decision: spoof ? { ...decision(event, null, 'refuse', null, spoof.reason), alert: true } : decision(event, null, 'ignore', null, 'no rule matched') });
    }
    if (this.until.size > 50_000) this.prune(now);
    return out;
  }

  /** The decision for an `identify` job once the LLDP neighbours are known. */
  finishIdentify(job: JobSpec, neighbours: readonly LldpNeighbour[]): Verdict {
    const rule = this.ctx.rules.find((r) => r.name === job.rule);
    const listed = neighbours.map((n) => `${n.systemName} ${n.portId}`).join(', ') || 'none';
    const picked = pickCandidate(this.ctx, job.event, devicesByLldp(this.ctx.inventory, neighbours), `LLDP neighbours (${listed})`);
    if (job.device !== undefined) {
      // A known MAC asking as a factory switch: its neighbours must put it in its own port.
      if (picked.ok && picked.device.name === job.device) return this.provisionVerdict(job.event, job.rule, picked.device, `MAC ${job.event.mac} is ${job.device}, and ${picked.how} is its port`, rule?.message);
      const why = picked.ok ? `${picked.how} names ${picked.device.name}` : picked.reason;
      return { decision: { ...decision(job.event, job.rule, 'refuse', null, notItsPort(job.event, job.device, why)), alert: true } };
    }
    if (!picked.ok) return { decision: decision(job.event, job.rule, 'refuse', null, picked.reason) };
    return this.provisionVerdict(job.event, job.rule, picked.device, `identified by ${picked.how}`, rule?.message);
  }

  private apply(rule: CompiledRule, event: LeaseEvent, identity: KnownIdentity, now: number): Verdict {
    if (identity.spoof) return { decision: { ...decision(event, rule.name, 'refuse', null, identity.spoof.reason), alert: true } };
    const device = identity.device;
    switch (rule.action) {
      case 'reconcile': {
        if (!device) return { decision: decision(event, rule.name, 'refuse', null, `MAC ${event.mac} is not in the inventory; a device is never identified by its hostname alone`) };
        if (this.suppressed(rule, `device:${device.name}`, now)) return { decision: decision(event, rule.name, 'suppress', device.name, suppressReason(rule)) };
        return {
          decision: decision(event, rule.name, 'reconcile', device.name, withMessage(`MAC ${event.mac} is ${device.name}`, rule.message)),
          job: { kind: 'reconcile', key: `device:${device.name}`, rule: rule.name, device: device.name, event },
        };
      }
      case 'provision':
        return this.provision(rule, event, device, now);
      case 'exec': {
        const key = device ? `device:${device.name}` : `mac:${event.mac}`;
        const name = device?.name ?? null;
        if (this.suppressed(rule, key, now)) return { decision: decision(event, rule.name, 'suppress', name, suppressReason(rule)) };
        return {
          decision: decision(event, rule.name, 'exec', name, withMessage(`run ${rule.exec![0]}`, rule.message)),
          job: { kind: 'exec', key, rule: rule.name, ...(device ? { device: device.name } : {}), event },
        };
      }
      case 'log': {
        const name = device?.name ?? null;
        if (rule.suppressMs > 0 && this.suppressed(rule, device ? `device:${device.name}` : `mac:${event.mac}`, now)) {
          return { decision: decision(event, rule.name, 'suppress', name, suppressReason(rule)) };
        }
        return { decision: decision(event, rule.name, 'log', name, rule.message ?? 'logged') };
      }
    }
  }

  private provision(rule: CompiledRule, event: LeaseEvent, device: Device | undefined, now: number): Verdict {
    if (device) return this.reprovision(rule, event, device, now);
    const key = `mac:${event.mac}`;
    if (event.circuitId !== undefined) {
      const picked = pickCandidate(this.ctx, event, devicesByCircuitId(this.ctx.inventory, event.circuitId), `circuit-id "${event.circuitId}"`);
      if (picked.ok) {
        if (this.suppressed(rule, key, now)) return { decision: decision(event, rule.name, 'suppress', picked.device.name, suppressReason(rule)) };
        return this.provisionVerdict(event, rule.name, picked.device, `identified by ${picked.how}`, rule.message);
      }
      if (!this.ctx.lldp) return { decision: decision(event, rule.name, 'refuse', null, picked.reason) };
    } else if (!this.ctx.lldp) {
      return { decision: decision(event, rule.name, 'refuse', null, `unknown MAC ${event.mac}, no option 82 circuit-id, and no LLDP identification available`) };
    }
    if (this.suppressed(rule, key, now)) return { decision: decision(event, rule.name, 'suppress', null, suppressReason(rule)) };
    return { job: { kind: 'identify', key, rule: rule.name, event } };
  }

  /**
   * A known MAC asking as a factory switch: a reset unit — or anyone who copied the MAC.
   * A MAC is no proof, so it is provisioned only when where it is plugged in agrees with
   * the port map: its circuit-id, else (where allowed) its LLDP neighbours.
   */
  private reprovision(rule: CompiledRule, event: LeaseEvent, device: Device, now: number): Verdict {
    const refuse = (why: string): Verdict => ({ decision: { ...decision(event, rule.name, 'refuse', null, notItsPort(event, device.name, why)), alert: true } });
    if (event.circuitId !== undefined) {
      const how = `circuit-id "${event.circuitId}"`;
      const candidates = devicesByCircuitId(this.ctx.inventory, event.circuitId);
      if (candidates.length !== 1 || candidates[0] !== device) {
        return refuse(candidates.length === 0 ? `${how} matches no inventory device` : `${how} names ${candidates.map((d) => d.name).join(', ')}`);
      }
      if (this.suppressed(rule, `device:${device.name}`, now)) return { decision: decision(event, rule.name, 'suppress', device.name, suppressReason(rule)) };
      return this.provisionVerdict(event, rule.name, device, `MAC ${event.mac} is ${device.name}, and ${how} is its port`, rule.message);
    }
    if (!this.ctx.lldp) return refuse('there is no option 82 circuit-id and no LLDP identification');
    // Windowed by MAC, not by device: a copied MAC without a circuit-id must not hold off
    // the real unit that comes with its circuit-id.
    if (this.suppressed(rule, `mac:${event.mac}`, now)) return { decision: decision(event, rule.name, 'suppress', device.name, suppressReason(rule)) };
    return { job: { kind: 'identify', key: `mac:${event.mac}`, rule: rule.name, device: device.name, event } };
  }

  private provisionVerdict(event: LeaseEvent, rule: string, device: Device, why: string, message: string | undefined): Verdict {
    // A lease on another device's management address: provisioning would log in there
    // (that device, or whoever holds its address now) and push this device's config to it.
    const holder = deviceByMgmtHost(this.ctx.inventory, event.ip);
    if (holder !== undefined && holder !== device) {
      const reason = `${why}, but the lease ${event.ip} is the management address of ${holder.name}; not provisioned (a DHCP pool overlapping management addresses, or a forged event)`;
      return { decision: { ...decision(event, rule, 'refuse', null, reason), alert: true } };
    }
    return {
      decision: decision(event, rule, 'provision', device.name, withMessage(why, message)),
      job: { kind: 'provision', key: `device:${device.name}`, rule, device: device.name, event },
    };
  }

  /** True when `key` matched `rule` within its window; otherwise opens a new window. */
  private suppressed(rule: CompiledRule, key: string, now: number): boolean {
    if (rule.suppressMs <= 0) return false;
    const k = `${rule.name}\u0000${key}`;
    const until = this.until.get(k);
    if (until !== undefined && now < until) return true;
    this.until.set(k, now + rule.suppressMs);
    return false;
  }

  private prune(now: number): void {
    for (const [k, until] of this.until) if (until <= now) this.until.delete(k);
  }
}

function notItsPort(event: LeaseEvent, device: string, why: string): string {
  return `MAC ${event.mac} is ${device} asking as a factory switch, but ${why}, not its port in the port map; a MAC is no proof of identity, so it is not provisioned`;
}

function suppressReason(rule: CompiledRule): string {
  return `already acted on within the suppress window (${Math.round(rule.suppressMs / 1000)}s)`;
}

function withMessage(reason: string, message: string | undefined): string {
  return message === undefined ? reason : `${reason}: ${message}`;
}

/** Builds a decision, its fields in the order of docs/architecture.md, decisions. */
export function decision(event: LeaseEvent, rule: string | null, action: DecisionAction, device: string | null, reason: string): Decision {
  return {
    line: event.line.length > DECISION_LINE_MAX ? `${event.line.slice(0, DECISION_LINE_MAX)}…(+${event.line.length - DECISION_LINE_MAX} chars)` : event.line,
    type: event.type,
    ip: event.ip,
    mac: event.mac,
    hostname: event.hostname ?? null,
    circuitId: event.circuitId ?? null,
    rule,
    action,
    device,
    reason,
  };
}
