import { describe, expect, it } from 'vitest';
import { setOfFiles } from './helpers.js';
import { isSharedNamespace, mayCreatePods, referenceScope } from '../src/model/scope.js';

const object = (kind: string, name: string, namespace?: string, apiVersion = 'v1') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;
const limitRange = (name: string, cpu: string, namespace?: string) =>
  `${object('LimitRange', name, namespace)}spec:\n  limits:\n    - type: Container\n      defaultRequest: { cpu: ${cpu} }\n`;

describe('isSharedNamespace', () => {
  it("none, default, kube-system and kubebuilder's placeholder system do not name an install", () => {
    expect([null, 'default', 'kube-system', 'system'].map(isSharedNamespace)).toEqual([true, true, true, true]);
    expect(isSharedNamespace('shop')).toBe(false);
  });
});

describe('ReferenceScope.sameNamespace', () => {
  const at = (path: string, namespace: string | null = null) => ({ namespace, source: { path } });
  const scope = referenceScope(setOfFiles({ 'k/kustomization.yaml': 'resources: []\n' }));
  it('a declared namespace of its own is the same across directories; a different one never is', () => {
    expect(scope.sameNamespace(at('a/x.yaml', 'shop'), at('b/y.yaml', 'shop'))).toBe(true);
    expect(scope.sameNamespace(at('a/x.yaml', 'shop'), at('a/y.yaml', 'cart'))).toBe(false);
    expect(scope.sameNamespace(at('a/x.yaml', 'shop'), at('a/y.yaml'))).toBe(false);
  });
  it('without a namespace, or in a shared one: same directory, or one inside the other', () => {
    for (const ns of [null, 'default', 'kube-system', 'system']) {
      expect(scope.sameNamespace(at('a/x.yaml', ns), at('a/y.yaml', ns))).toBe(true);
      expect(scope.sameNamespace(at('a/x.yaml', ns), at('a/sub/deep/y.yaml', ns))).toBe(true);
      expect(scope.sameNamespace(at('a/sub/y.yaml', ns), at('a/x.yaml', ns))).toBe(true);
      expect(scope.sameNamespace(at('a/x.yaml', ns), at('b/y.yaml', ns))).toBe(false);
      expect(scope.sameNamespace(at('a/x.yaml', ns), at('ab/y.yaml', ns))).toBe(false);
    }
  });
  it('a kustomization directory shares nothing with the directories above it', () => {
    expect(scope.sameNamespace(at('k/x.yaml'), at('k/sub/y.yaml'))).toBe(true);
    expect(scope.sameNamespace(at('bundle.yaml'), at('k/x.yaml'))).toBe(false);
    expect(scope.sameNamespace(at('bundle.yaml'), at('k/sub/y.yaml'))).toBe(false);
  });
});

describe('ReferenceScope look-ups', () => {
  const set = setOfFiles({
    'app/limits.yaml': limitRange('app', '100m'),
    'app/web/limits.yaml': limitRange('web', '200m'),
    'other/limits.yaml': limitRange('other', '300m'),
    'shop/limits.yaml': limitRange('shop', '400m', 'shop'),
    'k/kustomization.yaml': 'resources: []\n',
    'k/limits.yaml': limitRange('k', '500m'),
  });
  const scope = referenceScope(set);
  const names = (list: readonly { name: string | null }[]) => list.map((o) => o.name);
  const at = (path: string, namespace: string | null = null) => ({ namespace, source: { path } });
  it('finds the objects of a kind applied to the same namespace, in input order', () => {
    expect(names(scope.objectsOfKind('LimitRange', at('app/web/deploy.yaml')))).toEqual(['app', 'web']);
    expect(names(scope.objectsOfKind('LimitRange', at('app/deploy.yaml')))).toEqual(['app', 'web']);
    expect(names(scope.objectsOfKind('LimitRange', at('other/deploy.yaml')))).toEqual(['other']);
    expect(names(scope.objectsOfKind('LimitRange', at('x/deploy.yaml', 'shop')))).toEqual(['shop']);
    expect(names(scope.objectsOfKind('LimitRange', at('k/deploy.yaml')))).toEqual(['k']);
    expect(scope.objectsOfKind('LimitRange', at('nowhere/deploy.yaml'))).toEqual([]);
  });
  it('summarizes the LimitRanges of a namespace once: the first declared default wins', () => {
    const limits = scope.limitRanges(at('app/web/deploy.yaml'));
    expect(limits?.defaults.defaultRequest.cpu.text).toBe('100m');
    expect(names(limits?.requestSuppliers.cpu ?? [])).toEqual(['app', 'web']);
    expect(scope.limitRanges(at('app/web/other.yaml'))).toBe(limits);
    expect(scope.limitRanges(at('nowhere/deploy.yaml'))).toBeUndefined();
  });
  it('is built once per set', () => {
    expect(referenceScope(set)).toBe(scope);
    expect(referenceScope(setOfFiles({}))).not.toBe(scope);
  });
});

describe('mayCreatePods', () => {
  const set = setOfFiles({
    'crs.yaml': [
      object('Prometheus', 'k8s', 'mon', 'monitoring.coreos.com/v1'),
      object('JobSet', 'train', 'ml', 'jobset.x-k8s.io/v1alpha2'),
      object('IstioOperator', 'istio', 'istio-system', 'install.istio.io/v1alpha1'),
      object('ServiceMonitor', 'web', 'mon', 'monitoring.coreos.com/v1'),
      object('VirtualService', 'web', 'shop', 'networking.istio.io/v1'),
      object('Certificate', 'tls', 'shop', 'cert-manager.io/v1'),
      object('SealedSecret', 'db', 'shop', 'bitnami.com/v1alpha1'),
      object('VerticalPodAutoscaler', 'web', 'shop', 'autoscaling.k8s.io/v1'),
      object('Gateway', 'gw', 'shop', 'gateway.networking.k8s.io/v1'),
      object('Deployment', 'web', 'shop', 'apps/v1'),
    ].join('---\n'),
  });
  it('custom resources whose operators may run pods, not configuration around pods nor built-ins', () => {
    expect(set.objects.filter(mayCreatePods).map((o) => o.kind)).toEqual(['Prometheus', 'JobSet', 'IstioOperator']);
  });
  it('are found per namespace as applied', () => {
    const scope = referenceScope(set);
    expect(scope.podCreators({ namespace: 'mon', source: { path: 'elsewhere/x.yaml' } }).map((o) => o.name)).toEqual(['k8s']);
    expect(scope.podCreators({ namespace: 'shop', source: { path: 'crs.yaml' } })).toEqual([]);
  });
});
