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
