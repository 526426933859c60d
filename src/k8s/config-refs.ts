import type { Path } from '../types.js';
import { isRecord, type Raw } from '../util/raw.js';

/** How a pod uses a ConfigMap or Secret, which decides what happens when it is missing. */
export type ConfigUse = 'volume' | 'envFrom' | 'env';

/** A ConfigMap or Secret a pod spec names. */
export interface ConfigRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  use: ConfigUse;
  /** Container name, for envFrom and env. */
  container?: string;
  /** Path from the pod spec. */
  path: Path;
}

/**
 * Every ConfigMap and Secret a pod spec needs to start: volumes (also projected sources), and
 * envFrom and env valueFrom of init and app containers. References marked `optional: true` are
 * left out: the kubelet starts the pod without them.
 */
export function requiredConfigRefs(podSpec: Raw): ConfigRef[] {
  const out: ConfigRef[] = [];
  const add = (kind: ConfigRef['kind'], source: unknown, nameKey: string, use: ConfigUse, path: Path, container?: string) => {
    if (!isRecord(source) || source.optional === true) return;
    const name = source[nameKey];
    if (typeof name === 'string' && name !== '') out.push({ kind, name, use, path, ...(container !== undefined ? { container } : {}) });
  };
  list(podSpec.volumes).forEach((v, i) => {
    add('ConfigMap', v.configMap, 'name', 'volume', ['volumes', i, 'configMap', 'name']);
    add('Secret', v.secret, 'secretName', 'volume', ['volumes', i, 'secret', 'secretName']);
    const projected = isRecord(v.projected) ? v.projected : {};
    list(projected.sources).forEach((s, j) => {
      add('ConfigMap', s.configMap, 'name', 'volume', ['volumes', i, 'projected', 'sources', j, 'configMap', 'name']);
      add('Secret', s.secret, 'name', 'volume', ['volumes', i, 'projected', 'sources', j, 'secret', 'name']);
    });
  });
  for (const field of ['initContainers', 'containers'] as const) {
    list(podSpec[field]).forEach((c, i) => {
      const name = typeof c.name === 'string' ? c.name : `#${i}`;
      list(c.envFrom).forEach((e, j) => {
        add('ConfigMap', e.configMapRef, 'name', 'envFrom', [field, i, 'envFrom', j, 'configMapRef', 'name'], name);
        add('Secret', e.secretRef, 'name', 'envFrom', [field, i, 'envFrom', j, 'secretRef', 'name'], name);
      });
      list(c.env).forEach((e, j) => {
        const from = isRecord(e.valueFrom) ? e.valueFrom : {};
        add('ConfigMap', from.configMapKeyRef, 'name', 'env', [field, i, 'env', j, 'valueFrom', 'configMapKeyRef', 'name'], name);
        add('Secret', from.secretKeyRef, 'name', 'env', [field, i, 'env', j, 'valueFrom', 'secretKeyRef', 'name'], name);
      });
    });
  }
  return out;
}

/** ConfigMaps the control plane puts in every namespace (the root CA bundle, since 1.21). */
export const AUTOMATIC_CONFIGMAPS = ['kube-root-ca.crt'];

function list(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}
