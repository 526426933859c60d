/** A parsed YAML or JSON mapping, before anything is known about its shape. */
export type Raw = Record<string, unknown>;

export function isRecord(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value when it is a mapping, else undefined. */
export function record(v: unknown): Raw | undefined {
  return isRecord(v) ? v : undefined;
}

/** The value when it is a mapping, else an empty one. */
export function asRecord(v: unknown): Raw {
  return isRecord(v) ? v : {};
}

/**
 * `table[key]` when the table itself holds the key. Every look-up keyed by manifest text goes
 * through here or a Map: a plain object answers `constructor` or `toString` with Object.prototype's
 * members, so a resource, suffix or kind with such a name would read as known.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** An empty record for entries keyed by manifest text (resource names): no prototype, so `constructor` is just a key. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
