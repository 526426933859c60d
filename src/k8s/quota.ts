import type { Path } from '../types.js';
import type { Quantity } from './quantity.js';
import { usableQuantity } from './quantity-mistakes.js';
import type { QosClass } from './resources.js';
import { own, record, type Raw } from '../util/raw.js';

/** ResourceQuota: which container fields a quota makes mandatory, and which pods it applies to. */

/** A container field a quota requires: `requests.cpu` (or its alias `cpu`), `limits.memory`, ... */
export interface RequiredField {
  kind: 'requests' | 'limits';
  resource: 'cpu' | 'memory';
  /** The `hard` key as written, and its path from the object root. */
  key: string;
  path: Path;
}

const REQUIRED: Record<string, Pick<RequiredField, 'kind' | 'resource'>> = {
  cpu: { kind: 'requests', resource: 'cpu' },
  memory: { kind: 'requests', resource: 'memory' },
  'requests.cpu': { kind: 'requests', resource: 'cpu' },
  'requests.memory': { kind: 'requests', resource: 'memory' },
  'limits.cpu': { kind: 'limits', resource: 'cpu' },
  'limits.memory': { kind: 'limits', resource: 'memory' },
};

/**
 * The fields every container (init containers included) of a pod must carry for the quota to
 * admit it. Only cpu and memory: quota admission enforces explicit values for those alone.
 */
export function quotaRequiredFields(quotaSpec: unknown): RequiredField[] {
  const hard = record(record(quotaSpec)?.hard) ?? {};
  return Object.keys(hard).flatMap((key) => {
    const required = own(REQUIRED, key);
    return required ? [{ ...required, key, path: ['spec', 'hard', key] }] : [];
  });
}

/** A pod-resource total a quota caps: `requests.cpu: 4`, `limits.memory: 8Gi`, `requests.nvidia.com/gpu: 2`. */
export interface PodResourceCap {
  kind: 'requests' | 'limits';
  resource: string;
  hard: Quantity;
  key: string;
  path: Path;
}

const BARE_REQUEST_KEYS = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isPodResource(resource: string): boolean {
  return BARE_REQUEST_KEYS.has(resource) || resource.startsWith('hugepages-') || resource.includes('/');
}

/** The quota's caps on pod resources (not PVC storage, object counts or storage classes). */
export function quotaPodCaps(quotaSpec: unknown): PodResourceCap[] {
  const hard = record(record(quotaSpec)?.hard) ?? {};
  const out: PodResourceCap[] = [];
  for (const [key, raw] of Object.entries(hard)) {
    const m = /^(requests|limits)\.(.+)$/.exec(key);
    const kind = m ? (m[1] as 'requests' | 'limits') : BARE_REQUEST_KEYS.has(key) ? 'requests' : undefined;
    const resource = m ? m[2] : key;
    // A unit mistake (`memory: 512m`) is quantity-suspicious-unit's finding: no cap is built on it.
    const quantity = usableQuantity(resource, raw);
    if (!kind || !quantity || !isPodResource(resource)) continue;
    out.push({ kind, resource, hard: quantity, key, path: ['spec', 'hard', key] });
  }
  return out;
}

/** What a quota scope needs to know about a pod. */
export interface PodScopeFacts {
  qos: QosClass;
  /** `activeDeadlineSeconds` is set (>= 0): the pod counts as Terminating. */
  terminating: boolean;
}

/**
 * Whether the quota counts this pod: true / false when every scope can be evaluated from the
 * manifest, undefined when a scope depends on the cluster (PriorityClass, CrossNamespacePodAffinity, unknown).
 */
export function quotaAppliesTo(quotaSpec: unknown, pod: PodScopeFacts): boolean | undefined {
  const spec = record(quotaSpec) ?? {};
  const scopes: Array<{ name: unknown; operator: unknown; values?: unknown }> = [];
  if (Array.isArray(spec.scopes)) for (const name of spec.scopes) scopes.push({ name, operator: 'Exists' });
  const expressions = record(spec.scopeSelector)?.matchExpressions;
  if (Array.isArray(expressions)) {
    for (const e of expressions) {
      const expr = record(e);
      if (expr) scopes.push({ name: expr.scopeName, operator: expr.operator, values: expr.values });
    }
  }
  let result: boolean | undefined = true;
  for (const scope of scopes) {
    const matches = scopeMatches(scope.name, scope.operator, pod);
    if (matches === false) return false;
    if (matches === undefined) result = undefined;
  }
  return result;
}

function scopeMatches(name: unknown, operator: unknown, pod: PodScopeFacts): boolean | undefined {
  let holds: boolean;
  switch (name) {
    case 'BestEffort':
      holds = pod.qos === 'BestEffort';
      break;
    case 'NotBestEffort':
      holds = pod.qos !== 'BestEffort';
      break;
    case 'Terminating':
      holds = pod.terminating;
      break;
    case 'NotTerminating':
      holds = !pod.terminating;
      break;
    default:
      return undefined;
  }
  if (operator === 'Exists') return holds;
  if (operator === 'DoesNotExist') return !holds;
  return undefined;
}

/** A pod spec counts as Terminating for quota scopes when it sets activeDeadlineSeconds >= 0. */
export function isTerminatingPod(podSpec: Raw): boolean {
  return typeof podSpec.activeDeadlineSeconds === 'number' && podSpec.activeDeadlineSeconds >= 0;
}
