import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { simulate } from '../src/sim/engine/index.js';
import type { ApiObject, KubernetesVersion, PodToPlace, SimulationInput } from '../src/sim/types.js';

/** Runs every scenario of fixtures/simulate/ (format in its README.md) through the engine. */
const root = path.resolve(__dirname, '../fixtures/simulate');

interface Expected {
  pod: string;
  node?: string;
  tiedNodes?: string[];
  pending?: string | Record<string, string>;
  certain?: boolean;
  preempted?: string[];
  nominatedNode?: string;
  firstAttempt?: string;
  skipped?: string;
  message?: string;
}

interface Scenario {
  scenario: string;
  source: string;
  kubernetesVersion?: KubernetesVersion;
  kubernetesVersions?: KubernetesVersion[];
  order?: string[];
  expect: Expected[];
  evicted?: Record<string, string>;
  /** "ns/name" -> the pod's defaultSpreadSelector. */
  defaultSpreadSelectors?: Record<string, Record<string, unknown>>;
  whatIf?: unknown;
}

function load(file: string): { scenario: Scenario; input: Omit<SimulationInput, 'kubernetesVersion'> } {
  const parsed = parseAllDocuments(readFileSync(file, 'utf8'));
  for (const d of parsed) if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
  const docs = parsed.map((d) => d.toJS() as ApiObject);
  const [scenario, ...objects] = docs as [Scenario & ApiObject, ...ApiObject[]];
  const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const pods: PodToPlace[] = [];
  const runningPods: ApiObject[] = [];
  for (const o of objects) {
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    if (o.kind === 'Pod') {
      // A Pod with a status is already running (kubectl get pods output); one without is to be placed.
      if (o.status) runningPods.push(o);
      else {
        const meta = o.metadata as Record<string, unknown>;
        const key = `${String(meta.namespace ?? 'default')}/${String(meta.name)}`;
        pods.push({
          pod: o,
          origin: { kind: 'Pod', namespace: 'default', name: String(meta.name) },
          defaultSpreadSelector: scenario.defaultSpreadSelectors?.[key],
        });
      }
    } else if (o.kind === 'DaemonSet') {
      const meta = o.metadata as Record<string, unknown>;
      const template = (spec.template ?? {}) as Record<string, unknown>;
      const templateMeta = (template.metadata ?? {}) as Record<string, unknown>;
      pods.push({
        pod: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { ...templateMeta, name: meta.name, namespace: meta.namespace ?? 'default' },
          spec: template.spec,
        },
        origin: { kind: 'DaemonSet', namespace: String(meta.namespace ?? 'default'), name: String(meta.name) },
        perNode: true,
      });
    }
  }
  return {
    scenario,
    input: {
      nodes: ofKind('Node'),
      pods,
      runningPods,
      persistentVolumes: ofKind('PersistentVolume'),
      persistentVolumeClaims: ofKind('PersistentVolumeClaim'),
      storageClasses: ofKind('StorageClass'),
      priorityClasses: ofKind('PriorityClass'),
    },
  };
}

const files = readdirSync(root)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('simulate scenarios (fixtures/simulate)', () => {
  it('has at least 30 scenarios, each saying what it covers and where its expectations come from', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) {
      const { scenario } = load(path.join(root, f));
      expect(scenario.scenario, f).toMatch(/\S/);
      expect(scenario.source, f).toMatch(/\S/);
      expect(scenario.expect?.length, f).toBeGreaterThan(0);
    }
  });

  for (const file of files) {
    const { scenario, input } = load(path.join(root, file));
    const versions = scenario.kubernetesVersions ?? [scenario.kubernetesVersion ?? '1.34'];
    for (const version of versions) {
      it(`${file} (${version})`, () => {
        const result = simulate({ ...input, kubernetesVersion: version });
        expect(result.kubernetesVersion).toBe(version);
        const byKey = new Map(result.placements.map((p) => [`${p.namespace}/${p.name}`, p]));
        if (scenario.order) expect(result.placements.map((p) => `${p.namespace}/${p.name}`)).toEqual(scenario.order);
        for (const e of scenario.expect) {
          const p = byKey.get(e.pod);
          expect(p, e.pod).toBeDefined();
          if (!p) continue;
          if (e.pending !== undefined) {
            const text = typeof e.pending === 'string' ? e.pending : e.pending[version];
            expect(text, `${e.pod}: an expected message for ${version}`).toBeDefined();
            expect(p.node, e.pod).toBeNull();
            expect(p.pending?.message, e.pod).toBe(text);
            if (e.certain !== undefined) expect(p.pending?.certain, `${e.pod} certain`).toBe(e.certain);
          } else if (e.node !== undefined) {
            expect(p.pending, e.pod).toBeNull();
            expect(p.node, e.pod).toBe(e.node);
            expect(p.tiedNodes, `${e.pod} tied nodes`).toEqual(e.tiedNodes ?? [e.node]);
          }
          if (e.preempted) {
            expect(p.preemption, e.pod).toEqual({ victims: e.preempted, nominatedNode: e.nominatedNode, firstAttempt: e.firstAttempt });
          } else expect(p.preemption, e.pod).toBeUndefined();
          if (e.skipped) {
            expect(p.skipped?.reason, e.pod).toBe(e.skipped);
            if (e.message) expect(p.skipped?.message, e.pod).toBe(e.message);
            expect(p.pending, e.pod).toBeNull();
          } else expect(p.skipped, e.pod).toBeUndefined();
        }
        expect(result.evicted, 'evicted').toEqual(scenario.evicted ?? {});
      });
    }
  }
});
