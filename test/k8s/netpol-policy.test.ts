import { describe, expect, it } from 'vitest';
import { allowsEverything, isolates, readNetworkPolicy } from '../../src/k8s/netpol/policy.js';

const policy = (spec: unknown) => readNetworkPolicy({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec });

describe('readNetworkPolicy: policyTypes defaulting', () => {
  it('absent policyTypes: Ingress only, without egress rules', () => {
    expect(policy({ podSelector: {} }).policyTypes).toEqual(['Ingress']);
    expect(policy({ podSelector: {}, egress: [] }).policyTypes).toEqual(['Ingress']);
  });
  it('absent or empty policyTypes with at least one egress rule: Ingress and Egress', () => {
    expect(policy({ podSelector: {}, egress: [{}] }).policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy({ podSelector: {}, policyTypes: [], egress: [{ to: [] }] }).policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy({ podSelector: {}, policyTypes: [], egress: [{}] }).explicitPolicyTypes).toBeUndefined();
  });
  it('an explicit list is kept as written, whatever the rules', () => {
    const p = policy({ podSelector: {}, policyTypes: ['Ingress'], egress: [{}] });
    expect(p.policyTypes).toEqual(['Ingress']);
    expect(p.explicitPolicyTypes).toEqual(['Ingress']);
    expect(isolates(p, 'egress')).toBe(false);
    expect(policy({ policyTypes: ['Egress'] }).policyTypes).toEqual(['Egress']);
  });
  it('an absent podSelector reads as {} (every pod)', () => {
    expect(policy({}).podSelector).toEqual({});
    expect(policy({ podSelector: { matchLabels: { app: 'web' } } }).podSelector).toEqual({ matchLabels: { app: 'web' } });
  });
  it('tells an ingress key written as [] from an absent one', () => {
    expect(policy({ ingress: [] }).declaresIngress).toBe(true);
    expect(policy({ egress: [{}] }).declaresIngress).toBe(false);
  });
});

describe('readNetworkPolicy: rules, peers and ports', () => {
  it('empty peers and ports read as "every peer" / "every port"', () => {
    const p = policy({ ingress: [{}, { from: [] }, { ports: [] }, { from: [{ podSelector: {} }] }] });
    expect(p.ingress.map(allowsEverything)).toEqual([true, true, true, false]);
    expect(p.ingress.map((r) => r.peersWrittenEmpty)).toEqual([false, true, false, false]);
  });
  it('keeps the path of every rule, peer and port', () => {
    const p = policy({
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 53, protocol: 'UDP' }] }],
    });
    const rule = p.egress[0];
    expect(rule.path).toEqual(['spec', 'egress', 0]);
    expect(rule.peers?.[0]).toEqual({ path: ['spec', 'egress', 0, 'to', 0], ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } });
    expect(rule.ports?.[0]).toEqual({ path: ['spec', 'egress', 0, 'ports', 0], protocol: 'UDP', port: { number: 53 } });
  });
  it('ports: protocol defaults to TCP, names stay names, endPort is kept', () => {
    const p = policy({ ingress: [{ ports: [{ port: 'http' }, { port: 8000, endPort: 8100 }, { protocol: 'UDP' }] }] });
    expect(p.ingress[0].ports?.map(({ path, ...rest }) => rest)).toEqual([
      { protocol: 'TCP', port: { name: 'http' } },
      { protocol: 'TCP', port: { number: 8000 }, endPort: 8100 },
      { protocol: 'UDP' },
    ]);
  });
  it('a peer with both selectors keeps both (they are ANDed)', () => {
    const p = policy({ ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } }] }] });
    expect(p.ingress[0].peers?.[0]).toMatchObject({ namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } });
  });
});
