/** Which namespace-wide policy objects (LimitRange, ResourceQuota) govern which workloads. */
import path from 'node:path';

export interface Scoped {
  namespace: string | null;
  source: { path: string };
}

/**
 * The key under which a namespaced object meets the objects of its namespace. A declared namespace
 * is that namespace. An object that declares none lands in whatever namespace it is applied to:
 * two such objects are taken for the same namespace only when they come from the same folder (one
 * app applied together), never across unrelated folders of a large checkout.
 */
export function namespaceScope(object: Scoped): string {
  return object.namespace !== null ? `ns:${object.namespace}` : `dir:${path.dirname(object.source.path)}`;
}
