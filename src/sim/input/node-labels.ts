/** How nodes say where they are and what they hold: well-known labels and the quantities of node status. */
import { parseQuantity } from '../../k8s/quantity.js';
import { record } from '../../util/raw.js';
import type { ApiObject, ResourceAmounts } from '../types.js';
import type { Provider } from './allocatable.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const REGION_LABEL = 'topology.kubernetes.io/region';

/**
 * The label each provider puts the node pool's name in. Generic clusters have none; kube-intent labels the
 * nodes of a generic profile with its own key so reports can group them.
 */
export const POOL_LABEL: Record<Provider, string> = {
  gke: 'cloud.google.com/gke-nodepool',
  eks: 'eks.amazonaws.com/nodegroup',
  aks: 'kubernetes.azure.com/agentpool',
  generic: 'kube-intent.io/node-pool',
};

/** Pool labels in the order they are read: the managed providers', Karpenter's, then kube-intent's own. */
export const POOL_LABELS: readonly string[] = [POOL_LABEL.gke, POOL_LABEL.eks, POOL_LABEL.aks, 'karpenter.sh/nodepool', POOL_LABEL.generic];

function labelsOf(node: ApiObject): Record<string, unknown> {
  return record(record(node.metadata)?.labels) ?? {};
}

/** The node pool a Node belongs to, from the first pool label it carries; null when none. */
export function nodePoolOf(node: ApiObject): string | null {
  const labels = labelsOf(node);
  for (const key of POOL_LABELS) if (typeof labels[key] === 'string') return labels[key] as string;
  return null;
}

/** The node's zone label (`topology.kubernetes.io/zone`), or null. */
export function nodeZoneOf(node: ApiObject): string | null {
  const zone = labelsOf(node)[ZONE_LABEL];
  return typeof zone === 'string' ? zone : null;
}

/** Which provider's nodes these are, from their pool labels or provider IDs; generic when nothing says. */
export function detectProvider(nodes: readonly ApiObject[]): Provider {
  for (const node of nodes) {
    const labels = labelsOf(node);
    const providerID = String(record(node.spec)?.providerID ?? '');
    if (labels[POOL_LABEL.gke] !== undefined || providerID.startsWith('gce://')) return 'gke';
    if (labels[POOL_LABEL.eks] !== undefined || providerID.startsWith('aws://')) return 'eks';
    if (labels[POOL_LABEL.aks] !== undefined || providerID.startsWith('azure://')) return 'aks';
  }
  return 'generic';
}

/** Resource quantities as amounts: cpu in millicores, everything else in base units; values that do not parse are left out. */
export function readAmounts(values: Record<string, unknown>): ResourceAmounts {
  const out: ResourceAmounts = {};
  for (const [name, raw] of Object.entries(values)) {
    const q = parseQuantity(raw);
    if (q) out[name] = name === 'cpu' ? Math.round(q.value * 1000) : q.value;
  }
  return out;
}

const BYTE_RESOURCES = /^(memory|ephemeral-storage|hugepages-.+)$/;

/** Amounts as node status writes them: cpu `3920m` (or whole cores), bytes in Ki, counts plain. */
export function formatAmounts(amounts: ResourceAmounts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, amount] of Object.entries(amounts)) {
    if (name === 'cpu') out[name] = amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
    else if (BYTE_RESOURCES.test(name) && amount % 1024 === 0) out[name] = `${amount / 1024}Ki`;
    else out[name] = String(amount);
  }
  return out;
}
