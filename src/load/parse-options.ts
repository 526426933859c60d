/**
 * How manifests are read, in one place for both passes (fast-parse.ts and the `yaml` pass in
 * parse.ts): YAML 1.1 as Kubernetes' decoder reads it (`on`/`off` are booleans there), merge keys
 * and duplicate keys handled by our own code so both become findings with positions.
 */
export const MANIFEST_PARSE_OPTIONS = { version: '1.1', merge: false, uniqueKeys: false, prettyErrors: false } as const;

/**
 * Most aliases a document may resolve, counting the aliases inside the anchors they name: the
 * `yaml` package's `maxAliasCount`, same name and meaning. Values are shared, not copied, but a
 * "billion laughs" (anchors of anchors, nine levels deep) still has a billion paths for a rule to
 * walk. Only the `yaml` pass resolves aliases: the fast pass hands every file with an alias to it.
 */
export const MAX_ALIAS_COUNT = 1000;
