/**
 * Variable precedence: later layers win; mappings merge key by key, at any depth; lists
 * and scalars replace. (A site that lists `ntp_servers` means exactly those servers, not
 * the defaults plus those.)
 */

/** A plain mapping (not a list, not null). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `layers` left to right into a new object; the inputs are not modified. */
export function mergeLayers(layers: readonly (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) if (layer !== undefined) mergeInto(out, layer);
  return out;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) {
      // Copy-on-write: objects of the layers are shared, never mutated, so a fleet of
      // devices with the same defaults costs one copy per overridden mapping, not per key.
      const copy: Record<string, unknown> = { ...current };
      mergeInto(copy, value);
      target[key] = copy;
    } else {
      target[key] = value;
    }
  }
}
