/**
 * LLDP neighbours from a platform's `show lldp …` output, parsed with the platform's
 * record regex (one match per neighbour, named groups). Used to identify a new switch by
 * where it is plugged in.
 */

/** One LLDP neighbour as the device reports it. */
export interface LldpNeighbour {
  readonly localPort: string;
  readonly systemName: string;
  readonly portId: string;
  readonly chassisId?: string;
}

/** Every neighbour `record` matches in `output`. */
export function parseLldp(output: string, record: RegExp): LldpNeighbour[] {
  const flags = new Set(record.flags);
  flags.add('g');
  flags.add('m');
  const re = new RegExp(record.source, [...flags].join(''));
  const out: LldpNeighbour[] = [];
  for (const m of output.matchAll(re)) {
    const g = m.groups ?? {};
    if (g.localPort === undefined || g.systemName === undefined || g.portId === undefined) continue;
    out.push({
      localPort: g.localPort.trim(),
      systemName: g.systemName.trim(),
      portId: g.portId.trim(),
      ...(g.chassisId !== undefined ? { chassisId: g.chassisId.trim() } : {}),
    });
  }
  return out;
}
