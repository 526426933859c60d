import type { Path } from '../../types.js';
import { readSelector, type LabelSelector } from '../labels.js';
import { readPortRef, type PortRef } from '../ports.js';
import { isRecord, type Raw } from '../../util/raw.js';

/** Reading a NetworkPolicy as the API server stores it: effective policyTypes, rules, peers, ports. */

export type Direction = 'ingress' | 'egress';
export type PolicyType = 'Ingress' | 'Egress';

export const POLICY_TYPE: Record<Direction, PolicyType> = { ingress: 'Ingress', egress: 'Egress' };
/** The peer list key of a rule: `from` for ingress, `to` for egress. */
export const PEER_KEY: Record<Direction, 'from' | 'to'> = { ingress: 'from', egress: 'to' };

export interface PolicyPort {
  /** Defaults to TCP. */
  protocol: string;
  /** Absent: every port of the protocol. */
  port?: PortRef;
  endPort?: number;
  path: Path;
}

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except: string[] };
  path: Path;
}

export interface PolicyRule {
  direction: Direction;
  path: Path;
  /** undefined: `from`/`to` absent or empty, i.e. every peer. */
  peers?: PolicyPeer[];
  /** `from: []` / `to: []` written out: reads like "nobody", means everybody. */
  peersWrittenEmpty: boolean;
  /** undefined: `ports` absent or empty, i.e. every port. */
  ports?: PolicyPort[];
}

export interface NetworkPolicySpec {
  /** Selects pods of the policy's own namespace; absent reads as {} (every pod). */
  podSelector: LabelSelector;
  /** `policyTypes` as written when it is a non-empty list (only then is it kept as is). */
  explicitPolicyTypes?: PolicyType[];
  /** After API defaulting. */
  policyTypes: PolicyType[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
  /** Whether the `ingress` key is written at all (even as `[]`). */
  declaresIngress: boolean;
}

/**
 * `SetDefaults_NetworkPolicy`: only an absent or empty `policyTypes` is defaulted, to [Ingress]
 * plus Egress when `egress` holds at least one rule.
 */
export function readNetworkPolicy(raw: Raw): NetworkPolicySpec {
  const spec = isRecord(raw.spec) ? raw.spec : {};
  const ingress = readRules(spec.ingress, 'ingress');
  const egress = readRules(spec.egress, 'egress');
  const written = Array.isArray(spec.policyTypes) ? spec.policyTypes.filter((t): t is PolicyType => t === 'Ingress' || t === 'Egress') : [];
  const explicit = Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0 ? written : undefined;
  const policyTypes: PolicyType[] = explicit ?? (egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress']);
  return {
    podSelector: readSelector(spec.podSelector) ?? {},
    explicitPolicyTypes: explicit,
    policyTypes,
    ingress,
    egress,
    declaresIngress: spec.ingress !== undefined && spec.ingress !== null,
  };
}

export function isolates(policy: NetworkPolicySpec, direction: Direction): boolean {
  return policy.policyTypes.includes(POLICY_TYPE[direction]);
}

/** A rule with no peers and no ports: it allows everything in its direction. */
export function allowsEverything(rule: PolicyRule): boolean {
  return !rule.peers && !rule.ports;
}

function readRules(value: unknown, direction: Direction): PolicyRule[] {
  if (!Array.isArray(value)) return [];
  const rules: PolicyRule[] = [];
  value.forEach((item, i) => {
    const rule = isRecord(item) ? item : {};
    const path: Path = ['spec', direction, i];
    const peerList = rule[PEER_KEY[direction]];
    const peers = Array.isArray(peerList) ? peerList.map((p, j) => readPeer(p, [...path, PEER_KEY[direction], j])) : [];
    const ports = Array.isArray(rule.ports) ? rule.ports.map((p, j) => readPort(p, [...path, 'ports', j])) : [];
    rules.push({
      direction,
      path,
      peers: peers.length > 0 ? peers : undefined,
      peersWrittenEmpty: Array.isArray(peerList) && peerList.length === 0,
      ports: ports.length > 0 ? ports : undefined,
    });
  });
  return rules;
}

function readPeer(value: unknown, path: Path): PolicyPeer {
  const peer: PolicyPeer = { path };
  if (!isRecord(value)) return peer;
  const podSelector = readSelector(value.podSelector);
  const namespaceSelector = readSelector(value.namespaceSelector);
  if (podSelector) peer.podSelector = podSelector;
  if (namespaceSelector) peer.namespaceSelector = namespaceSelector;
  if (isRecord(value.ipBlock)) {
    peer.ipBlock = {
      cidr: String(value.ipBlock.cidr ?? ''),
      except: Array.isArray(value.ipBlock.except) ? value.ipBlock.except.map(String) : [],
    };
  }
  return peer;
}

function readPort(value: unknown, path: Path): PolicyPort {
  const port = isRecord(value) ? value : {};
  const out: PolicyPort = { protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP', path };
  const ref = readPortRef(port.port);
  if (ref) out.port = ref;
  if (typeof port.endPort === 'number') out.endPort = port.endPort;
  return out;
}
