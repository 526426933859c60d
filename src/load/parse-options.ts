/**
 * How manifests are read, in one place for both passes (fast-parse.ts and the `yaml` pass in
 * parse.ts): YAML 1.1 as Kubernetes' decoder reads it (`on`/`off` are booleans there), merge keys
 * and duplicate keys handled by our own code so both become findings with positions.
 */
export const MANIFEST_PARSE_OPTIONS = { version: '1.1', merge: false, uniqueKeys: false, prettyErrors: false } as const;
