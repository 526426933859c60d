import { isRecord, type Raw } from '../util/raw.js';

/**
 * Whether a pod spec's containers name `name` in what they run: a word of their command, args or
 * env values (`--secret-name=ingress-nginx-admission`, a `kubectl create secret` line). A Job (a
 * Helm hook, a certificate generator) or an init container that does so plausibly creates the
 * ConfigMap or Secret of that name.
 */
export function runsWithName(podSpec: Raw, name: string, containers: 'all' | 'init' = 'all'): boolean {
  if (name === '') return false;
  const word = new RegExp(`(^|[^A-Za-z0-9.-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9-])`);
  const fields = containers === 'all' ? ['initContainers', 'containers'] : ['initContainers'];
  for (const field of fields) {
    for (const c of list(podSpec[field])) {
      const texts = [...strings(c.command), ...strings(c.args), ...list(c.env).flatMap((e) => strings([e.value]))];
      if (texts.some((t) => word.test(t))) return true;
    }
  }
  return false;
}

/**
 * Whether RBAC rules (a Role's or ClusterRole's `rules`) let their subject create objects of a
 * core-group resource (`secrets`, `configmaps`): `create` (or `*`) on it (or `*`) in the core group
 * (or `*`). resourceNames cannot restrict create, so they are not read.
 */
export function grantsCreate(rules: unknown, resource: string): boolean {
  return list(rules).some((rule) => {
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources);
    const verbs = strings(rule.verbs);
    return (
      (groups.includes('') || groups.includes('*')) &&
      (resources.includes(resource) || resources.includes('*')) &&
      (verbs.includes('create') || verbs.includes('*'))
    );
  });
}

/** Whether RBAC rules name an object among their resourceNames. */
export function namesResource(rules: unknown, name: string): boolean {
  return list(rules).some((rule) => strings(rule.resourceNames).includes(name));
}

function list(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}
