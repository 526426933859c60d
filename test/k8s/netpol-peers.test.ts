import { describe, expect, it } from 'vitest';
import {
  maySelectDnsPods,
  namespaceSelectorMatches,
  pinnedNamespaceNames,
  policyPortAllows,
  rulePortsAllow,
} from '../../src/k8s/netpol/peers.js';
import type { PolicyPort, PolicyRule } from '../../src/k8s/netpol/policy.js';

const NAME = 'kubernetes.io/metadata.name';

describe('namespaceSelectorMatches', () => {
  it('uses the declared labels plus the automatic name label when the Namespace is in the set', () => {
    expect(namespaceSelectorMatches({ matchLabels: { team: 'a' } }, 'shop', { team: 'a' })).toBe('yes');
    expect(namespaceSelectorMatches({ matchLabels: { team: 'b' } }, 'shop', { team: 'a' })).toBe('no');
    expect(namespaceSelectorMatches({ matchLabels: { [NAME]: 'shop' } }, 'shop', {})).toBe('yes');
    expect(namespaceSelectorMatches({}, 'shop', {})).toBe('yes');
  });
  it('the automatic name label cannot be overridden by a declared one', () => {
    expect(namespaceSelectorMatches({ matchLabels: { [NAME]: 'other' } }, 'shop', { [NAME]: 'other' })).toBe('no');
  });
  it('for a namespace not in the set only the name label is known', () => {
    expect(namespaceSelectorMatches({ matchLabels: { [NAME]: 'kube-system' } }, 'kube-system', undefined)).toBe('yes');
    expect(namespaceSelectorMatches({ matchLabels: { [NAME]: 'monitoring' } }, 'kube-system', undefined)).toBe('no');
    expect(namespaceSelectorMatches({ matchLabels: { name: 'kube-system' } }, 'kube-system', undefined)).toBe('maybe');
    expect(namespaceSelectorMatches({ matchLabels: { name: 'x', [NAME]: 'y' } }, 'kube-system', undefined)).toBe('no');
    expect(
      namespaceSelectorMatches({ matchExpressions: [{ key: NAME, operator: 'NotIn', values: ['kube-system'] }] }, 'kube-system', undefined),
    ).toBe('no');
    expect(namespaceSelectorMatches({}, 'anything', undefined)).toBe('yes');
  });
});

describe('pinnedNamespaceNames', () => {
  it('reads names pinned by matchLabels or In, intersecting both', () => {
    expect(pinnedNamespaceNames({ matchLabels: { [NAME]: 'shop' } })).toEqual(['shop']);
    expect(pinnedNamespaceNames({ matchExpressions: [{ key: NAME, operator: 'In', values: ['b', 'a'] }] })).toEqual(['a', 'b']);
    expect(
      pinnedNamespaceNames({ matchLabels: { [NAME]: 'a' }, matchExpressions: [{ key: NAME, operator: 'In', values: ['b'] }] }),
    ).toEqual([]);
  });
  it('is undefined when any name can match', () => {
    expect(pinnedNamespaceNames({})).toBeUndefined();
    expect(pinnedNamespaceNames({ matchLabels: { team: 'a' } })).toBeUndefined();
    expect(pinnedNamespaceNames({ matchExpressions: [{ key: NAME, operator: 'NotIn', values: ['a'] }] })).toBeUndefined();
  });
});

describe('policyPortAllows', () => {
  const port = (p: Partial<PolicyPort>): PolicyPort => ({ protocol: 'TCP', path: [], ...p });
  const containers = [
    {
      name: 'app',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
      ],
    },
  ];
  it('TCP 53 does not match UDP 53', () => {
    expect(policyPortAllows(port({ port: { number: 53 } }), 53, 'TCP')).toBe('yes');
    expect(policyPortAllows(port({ port: { number: 53 } }), 53, 'UDP')).toBe('no');
    expect(policyPortAllows(port({ protocol: 'UDP', port: { number: 53 } }), 53, 'UDP')).toBe('yes');
  });
  it('no port: every port of the protocol; endPort: a range', () => {
    expect(policyPortAllows(port({}), 6379, 'TCP')).toBe('yes');
    expect(policyPortAllows(port({ port: { number: 8000 }, endPort: 8100 }), 8080, 'TCP')).toBe('yes');
    expect(policyPortAllows(port({ port: { number: 8000 }, endPort: 8100 }), 8101, 'TCP')).toBe('no');
  });
  it('named ports resolve against the destination containers, by protocol', () => {
    expect(policyPortAllows(port({ port: { name: 'http' } }), 8080, 'TCP', containers)).toBe('yes');
    expect(policyPortAllows(port({ port: { name: 'http' } }), 9090, 'TCP', containers)).toBe('no');
    expect(policyPortAllows(port({ port: { name: 'dns' } }), 53, 'TCP', containers)).toBe('no');
    expect(policyPortAllows(port({ port: { name: 'dns' }, protocol: 'UDP' }), 53, 'UDP', containers)).toBe('yes');
    expect(policyPortAllows(port({ port: { name: 'metrics' } }), 8080, 'TCP', containers)).toBe('no');
  });
  it('a named port on a destination outside the set is maybe', () => {
    expect(policyPortAllows(port({ port: { name: 'dns-tcp' } }), 53, 'TCP')).toBe('maybe');
  });
  it('a rule without ports allows every port; with ports, any entry may', () => {
    const rule = (ports?: PolicyPort[]): PolicyRule => ({ direction: 'ingress', path: [], peersWrittenEmpty: false, ports });
    expect(rulePortsAllow(rule(), 1, 'SCTP')).toBe('yes');
    expect(rulePortsAllow(rule([port({ port: { number: 80 } }), port({ port: { name: 'x' } })]), 53, 'TCP')).toBe('maybe');
    expect(rulePortsAllow(rule([port({ port: { number: 80 } })]), 53, 'TCP')).toBe('no');
  });
});

describe('maySelectDnsPods', () => {
  it.each([
    [{}, true],
    [{ matchLabels: { 'k8s-app': 'kube-dns' } }, true],
    [{ matchLabels: { 'app.kubernetes.io/name': 'coredns' } }, true],
    [{ matchLabels: { app: 'my-dns-cache' } }, true],
    [{ matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns', 'coredns'] }] }, true],
    [{ matchLabels: { app: 'postgres' } }, false],
    [{ matchLabels: { 'k8s-app': 'metrics-server' } }, false],
  ])('%j -> %s', (selector, expected) => {
    expect(maySelectDnsPods(selector)).toBe(expected);
  });
});
