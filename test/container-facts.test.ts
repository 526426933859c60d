import { describe, expect, it } from 'vitest';
import { setOf } from './helpers.js';
import { containerPorts } from '../src/k8s/ports.js';
import { readProbe } from '../src/k8s/probes.js';
import { podSpecQuantityFields } from '../src/k8s/quantity-fields.js';
import { declaredLimit, declaredRequest, effectiveRequest } from '../src/k8s/resources.js';

const SET = setOf(`apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  template:
    spec:
      containers:
        - name: main
          image: m
          ports: [{ name: sql, containerPort: 5432 }, { containerPort: nope }]
          resources: { requests: { cpu: 250m, memory: 1G }, limits: { memory: 1Gi, cpu: lots } }
          readinessProbe: { tcpSocket: { port: sql } }
        - name: bare
          image: 7
          imagePullPolicy: Never
          resources: { limits: { cpu: "1" } }
          livenessProbe: {}
          volumeMounts: [{ name: data, mountPath: /data }, { name: 5, mountPath: /x, readOnly: true }, nope]
          lifecycle: { preStop: { exec: { command: [sh, -c, "sleep 5 && sleep 10"] } } }
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { resources: { requests: { storage: 10Gi } } }
`);
const [workload] = SET.workloads;
const [main, bare] = workload.containers;

describe('container facts', () => {
  it('answer as the pure src/k8s functions do', () => {
    for (const c of [main, bare]) {
      for (const resource of ['cpu', 'memory', 'storage']) {
        expect(c.facts.request(resource)).toEqual(declaredRequest(c.raw, resource));
        expect(c.facts.limit(resource)).toEqual(declaredLimit(c.raw, resource));
        expect(c.facts.effectiveRequest(resource)).toEqual(effectiveRequest(c.raw, resource));
      }
      expect(c.facts.ports()).toEqual(containerPorts(c.raw));
      expect(c.facts.probe('readiness')).toEqual(readProbe(c.raw, 'readiness'));
    }
    expect(main.facts.requestedResources()).toEqual(['cpu', 'memory']);
    expect(bare.facts.requestedResources()).toEqual([]);
    expect(bare.facts.effectiveRequest('cpu')?.source).toBe('limit');
    expect(main.facts.limit('cpu')).toBeUndefined();
    expect(main.facts.written('limits', 'cpu')).toBe('lots');
  });

  it('give typed reads of image, probes, mounts and the preStop hook', () => {
    expect(main.facts.image()).toBe('m');
    expect(bare.facts.image()).toBeUndefined();
    expect(main.facts.imagePullPolicy()).toBeUndefined();
    expect(bare.facts.imagePullPolicy()).toBe('Never');
    expect(main.facts.declaresProbe('readiness')).toBe(true);
    expect(main.facts.declaresProbe('liveness')).toBe(false);
    // Written but empty: declared, though readProbe finds no handler in it.
    expect(bare.facts.declaresProbe('liveness')).toBe(true);
    const readiness = main.facts.probe('readiness')!;
    expect(main.facts.probePort(readiness.handler!)).toBe(5432);
    expect(main.facts.sameProbe(readiness, readiness)).toBe(true);
    expect(main.facts.volumeMounts()).toEqual([]);
    expect(bare.facts.volumeMounts()).toEqual([
      { name: 'data', mountPath: '/data', readOnly: false },
      { name: undefined, mountPath: '/x', readOnly: true },
    ]);
    expect(main.facts.preStopWait()).toBeUndefined();
    expect(bare.facts.preStopWait()).toEqual({ seconds: 15, handler: 'exec' });
  });

  it('see written and unusable resources', () => {
    expect(main.facts.declaresResources()).toBe(true);
    expect(main.facts.hasUnusableValue('cpu')).toBe(true);
    expect(main.facts.hasUnusableValue('memory')).toBe(false);
    expect(bare.facts.effectiveLimit('cpu')?.quantity.text).toBe('1');
    expect(bare.facts.effectiveLimit('memory')).toBeUndefined();
  });

  it('compute each answer once and share it', () => {
    expect(main.facts.request('cpu')).toBe(main.facts.request('cpu'));
    expect(main.facts.ports()).toBe(main.facts.ports());
    expect(main.facts.probe('readiness')).toBe(main.facts.probe('readiness'));
    expect(workload.quantityFields).toBe(workload.quantityFields);
  });

  it('list the quantities of the pod spec and the claim templates', () => {
    const paths = workload.quantityFields.map((f) => f.path.join('.'));
    expect(paths).toEqual([
      ...podSpecQuantityFields(workload.podSpec, workload.podSpecPath).map((f) => f.path.join('.')),
      'spec.volumeClaimTemplates.0.spec.resources.requests.storage',
    ]);
    expect(paths).toContain('spec.template.spec.containers.0.resources.limits.cpu');
  });

  it('take LimitRange defaults into account without keeping them', () => {
    const defaults = { defaultRequest: { cpu: { text: '100m', value: 0.1, suffix: 'm', family: 'decimal' as const } }, defaultLimit: {} };
    expect(main.facts.effectiveRequest('ephemeral-storage', defaults)).toBeUndefined();
    expect(bare.facts.effectiveRequest('memory', { ...defaults, defaultRequest: { memory: defaults.defaultRequest.cpu } })?.source).toBe(
      'limitrange-default',
    );
    expect(bare.facts.effectiveRequest('memory')).toBeUndefined();
  });
});
