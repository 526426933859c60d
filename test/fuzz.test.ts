import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { builtinRules } from '../rules/index.js';
import { lintPaths } from '../src/engine/run.js';
import type { Finding } from '../src/types.js';

/**
 * Property tests over hostile input (issue 17): every fixture is a seed; generated cases give one
 * object of each kind the rules read values of every wrong type, add keys named after
 * Object.prototype members, name kinds after them, and mutate the YAML text itself. Every built-in
 * rule runs (opt-in ones too); no case may throw (an internal error), report a rule-error, or take
 * longer than HANG_MS.
 *
 * KUBE_INTENT_FUZZ_RUNS sets the cases per property (seconds' worth by default, for `npm test`);
 * .ci/run asks for more, and prints the totals written to KUBE_INTENT_FUZZ_REPORT.
 */
const RUNS = Number(process.env.KUBE_INTENT_FUZZ_RUNS ?? 100);
/** A property's time bound: generous per case, so only a hang (a case past HANG_MS fails anyway) reaches it. */
const PROPERTY_TIMEOUT_MS = 30_000 + RUNS * 100;
const SEED = process.env.KUBE_INTENT_FUZZ_SEED === undefined ? undefined : Number(process.env.KUBE_INTENT_FUZZ_SEED);
const HANG_MS = 5000;

const FIXTURES = path.resolve(__dirname, '../fixtures');
const seeds = fs
  .readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.config.yaml'))
  .sort()
  .map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
const seedObjects = seeds.map((text) =>
  parseAllDocuments(text)
    .map((d) => {
      try {
        // Through JSON: shared aliases become copies, and a cyclic seed (an alias inside its own anchor) drops out.
        return d.errors.length ? undefined : (JSON.parse(JSON.stringify(d.toJS({ maxAliasCount: 1000 }))) as unknown);
      } catch {
        return undefined;
      }
    })
    .filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)),
);

/** Fixture files by the kinds they hold: each file keeps its partners (a Service's pods) as context. */
const seedsOfKind = new Map<string, Array<Array<Record<string, unknown>>>>();
for (const objects of seedObjects)
  for (const kind of new Set(objects.map((o) => String(o.kind)))) seedsOfKind.set(kind, [...(seedsOfKind.get(kind) ?? []), objects]);

const PROTOTYPE_KEYS = ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'isPrototypeOf', 'toJSON', 'length', 'then'];
/** The built-in kinds rules read; every one has a fixture seed (checked below). */
const RULE_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'Service',
  'Ingress',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'PersistentVolumeClaim',
  'StorageClass',
  'LimitRange',
  'ResourceQuota',
  'PriorityClass',
  'Namespace',
  'ConfigMap',
];
const KINDS = [...RULE_KINDS, ...PROTOTYPE_KEYS, 'Kustomization', 'List', 'Secret', ''];

const allRulesOn = Object.fromEntries(builtinRules.map((r) => [r.id, r.severity]));

const stats = { cases: 0, slowestMs: 0, findings: 0 };

/** Lints one text with every built-in rule on: the findings, or the error that escaped. */
function lintText(text: string): Finding[] {
  const started = performance.now();
  const result = lintPaths({
    paths: ['-'],
    config: {},
    rules: builtinRules,
    overrides: allRulesOn,
    maxFileSize: 1 << 24,
    readStdin: () => text,
  });
  const took = performance.now() - started;
  stats.cases++;
  stats.slowestMs = Math.max(stats.slowestMs, took);
  stats.findings += result.findings.length;
  if (took > HANG_MS) throw new Error(`took ${Math.round(took)} ms (a hang)`);
  return result.findings;
}

function noRuleError(text: string): void {
  const errors = lintText(text).filter((f) => f.ruleId === 'rule-error');
  if (errors.length) throw new Error(`rule-error: ${errors.map((f) => f.message).join('; ')}`);
}

/** Values of every type a field can wrongly hold, prototype-named keys and aliases of them included. */
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -1e308, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53 + 1),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    '',
    ' ',
    '100m',
    '1Gi',
    '50%',
    '-1',
    '1e400',
    'TCP',
    'UDP',
    'http',
    '8080',
    '*',
    '0x10',
    '\u0000',
    '\u001b[31m',
  ),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  map: fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 3 }),
})).value;

type Json = Record<string, unknown> | unknown[];

/** Every path to a value inside an object (containers included), or to its scalars only. */
function paths(
  value: unknown,
  prefix: Array<string | number> = [],
  out: Array<Array<string | number>> = [],
  leavesOnly = false,
): Array<Array<string | number>> {
  const collection = value !== null && typeof value === 'object';
  if (!leavesOnly || !collection) out.push(prefix);
  if (collection && out.length < 2000) {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out, leavesOnly);
  }
  return out;
}

function setAt(root: Json, at: Array<string | number>, value: unknown): void {
  let node: unknown = root;
  for (const seg of at.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return; // replaced on the way by an earlier edit
    node = Object.hasOwn(node, seg) ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  const last = at[at.length - 1];
  if (node !== null && typeof node === 'object')
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ op: fc.constant('add-key' as const), at: fc.nat(), key: fc.constantFrom(...PROTOTYPE_KEYS), value: hostileValue }),
  fc.record({ op: fc.constant('kind' as const), kind: fc.constantFrom(...KINDS) }),
);

/** A fixture file's objects with some of them mutated, as YAML (the rest give cross-object context). */
const objectCase = fc
  .record({
    file: fc.nat(),
    edits: fc.array(fc.record({ object: fc.nat(), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  })
  .map(({ file, edits }) => {
    const candidates = seedObjects.filter((objects) => objects.length > 0);
    const objects = structuredClone(candidates[file % candidates.length]);
    for (const edit of edits) {
      const object = objects[edit.object % objects.length];
      for (const m of edit.mutations) {
        if (m.op === 'kind') {
          object.kind = m.kind;
          continue;
        }
        const all = paths(object);
        const at = all[m.at % all.length];
        if (m.op === 'replace') {
          if (at.length === 0) continue;
          setAt(object, at, m.value);
        } else {
          const container = at.reduce<unknown>((node, seg) => (node as Record<string | number, unknown>)[seg], object);
          if (container !== null && typeof container === 'object' && !Array.isArray(container)) setAt(container as Json, [m.key], m.value);
        }
      }
    }
    return objects.map((o) => stringify(o, { aliasDuplicateObjects: false })).join('---\n');
  });

/** The text of a fixture file with line-level edits: deletions, duplicates, hostile values, anchors, cuts. */
const TOKENS = [
  '{toString: 1}',
  '[]',
  '{}',
  '~',
  '*a',
  '&a x',
  '!!binary AAAA',
  '"\\u0000"',
  '-1',
  '1e999',
  '.nan',
  'constructor',
  '{ __proto__: { x: 1 } }',
  '|\n  x',
  '? [a]\n: b',
  '<<: *a',
];
const textCase = fc
  .record({
    file: fc.nat(),
    edits: fc.array(
      fc.record({
        op: fc.constantFrom('delete', 'duplicate', 'value', 'key', 'indent', 'cut', 'char'),
        line: fc.nat(),
        token: fc.constantFrom(...TOKENS),
        char: fc.integer({ min: 0, max: 0x10ffff }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ file, edits }) => {
    let lines = seeds[file % seeds.length].split('\n');
    for (const e of edits) {
      const i = e.line % Math.max(lines.length, 1);
      const line = lines[i] ?? '';
      const indent = /^\s*(- )?/.exec(line)?.[0] ?? '';
      switch (e.op) {
        case 'delete':
          lines.splice(i, 1);
          break;
        case 'duplicate':
          lines.splice(i, 0, line);
          break;
        case 'value':
          lines[i] = line.includes(':') ? `${line.slice(0, line.indexOf(':') + 1)} ${e.token}` : `${indent}${e.token}`;
          break;
        case 'key':
          lines.splice(i, 0, `${indent.replace('- ', '  ')}${PROTOTYPE_KEYS[e.line % PROTOTYPE_KEYS.length]}: ${e.token}`);
          break;
        case 'indent':
          lines[i] = ` ${line}`;
          break;
        case 'cut':
          lines = lines.slice(0, i);
          break;
        case 'char': {
          const ch = e.char >= 0xd800 && e.char <= 0xdfff ? '\ufffd' : String.fromCodePoint(e.char);
          const at = e.line % (line.length + 1);
          lines[i] = `${line.slice(0, at)}${ch}${line.slice(at)}`;
        }
      }
    }
    return lines.join('\n');
  });

/**
 * One object of each kind the rules read, every field hostile at once: a seed object of that kind
 * whose leaves (and some whole sub-trees) are replaced by wrong-typed values, with prototype-named
 * keys added next to them.
 */
const wrongTyped = fc.oneof(
  { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS).map((k) => ({ [k]: 1 })), weight: 3 },
  fc.constantFrom(...PROTOTYPE_KEYS).map((k) => ({ [k]: { [k]: 'x' } })),
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.constant([]),
  fc.constant({}),
  hostileValue,
);
const kindCase = fc
  .record({
    kind: fc.nat(),
    seed: fc.nat(),
    replace: fc.array(fc.record({ at: fc.nat(), leaf: fc.boolean(), value: wrongTyped }), { minLength: 1, maxLength: 6 }),
    addKeys: fc.array(fc.record({ at: fc.nat(), key: fc.constantFrom(...PROTOTYPE_KEYS), value: wrongTyped }), { maxLength: 3 }),
  })
  .map(({ kind, seed, replace, addKeys }) => {
    const name = RULE_KINDS[kind % RULE_KINDS.length];
    const files = seedsOfKind.get(name)!;
    const objects = structuredClone(files[seed % files.length]);
    const candidates = objects.filter((o) => o.kind === name);
    const target = candidates[seed % candidates.length];
    for (const edit of replace) {
      // Below kind and apiVersion, so the object is still read as that kind.
      const all = paths(target, [], [], edit.leaf).filter(
        (at) => at.length > 1 || (at.length === 1 && at[0] !== 'kind' && at[0] !== 'apiVersion'),
      );
      if (all.length) setAt(target, all[edit.at % all.length], structuredClone(edit.value));
    }
    for (const edit of addKeys) {
      const maps = paths(target)
        .map((at) => at.reduce<unknown>((node, seg) => (node as Record<string | number, unknown> | undefined)?.[seg], target))
        .filter((node): node is Json => node !== null && typeof node === 'object' && !Array.isArray(node));
      setAt(maps[edit.at % maps.length], [edit.key], structuredClone(edit.value));
    }
    return objects.map((o) => stringify(o, { aliasDuplicateObjects: false })).join('---\n');
  });

const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

describe('fuzz: hostile input never crashes a rule', () => {
  afterAll(() => {
    const report = {
      cases: stats.cases,
      slowestMs: Math.round(stats.slowestMs),
      maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      findings: stats.findings,
    };
    console.log(
      `fuzz: ${report.cases} generated cases, slowest ${report.slowestMs} ms, peak RSS ${report.maxRssMiB} MiB, ${report.findings} findings`,
    );
    if (process.env.KUBE_INTENT_FUZZ_REPORT) fs.writeFileSync(process.env.KUBE_INTENT_FUZZ_REPORT, `${JSON.stringify(report)}\n`);
  });

  it('has a seed of every kind the rules read', () => {
    const kinds = new Set(seedObjects.flat().map((o) => o.kind));
    for (const kind of RULE_KINDS) expect(kinds, kind).toContain(kind);
  });

  it(
    'fixture files with objects mutated: wrong-typed values, prototype-named keys and kinds',
    () => {
      fc.assert(fc.property(objectCase, noRuleError), params);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'one object of every kind the rules read, every field of a wrong type',
    () => {
      fc.assert(fc.property(kindCase, noRuleError), params);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'YAML text mutations of the fixture files',
    () => {
      fc.assert(fc.property(textCase, noRuleError), params);
    },
    PROPERTY_TIMEOUT_MS,
  );
});
