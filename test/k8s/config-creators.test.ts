import { describe, expect, it } from 'vitest';
import { grantsCreate, namesResource, runsWithName } from '../../src/k8s/config-creators.js';

describe('runsWithName', () => {
  const pod = (c: Record<string, unknown>, field = 'containers') => ({ [field]: [{ name: 'c', ...c }] });
  it('finds the name as a word of the command, args or env values', () => {
    expect(runsWithName(pod({ args: ['create', '--secret-name=web-admission'] }), 'web-admission')).toBe(true);
    expect(runsWithName(pod({ command: ['sh', '-c', 'kubectl create secret generic db-pass --from-literal=x=y'] }), 'db-pass')).toBe(true);
    expect(runsWithName(pod({ env: [{ name: 'SECRET', value: 'tls.cert' }] }), 'tls.cert')).toBe(true);
  });
  it('does not take a longer name for it', () => {
    expect(runsWithName(pod({ args: ['--secret-name=web-admission-v2'] }), 'web-admission')).toBe(false);
    expect(runsWithName(pod({ args: ['--secret-name=my-web-admission'] }), 'web-admission')).toBe(false);
  });
  it('reads only init containers when asked to', () => {
    expect(runsWithName(pod({ args: ['web-admission'] }), 'web-admission', 'init')).toBe(false);
    expect(runsWithName(pod({ args: ['web-admission'] }, 'initContainers'), 'web-admission', 'init')).toBe(true);
  });
});

describe('grantsCreate and namesResource', () => {
  it('create (or *) on the resource (or *) in the core group (or *)', () => {
    expect(grantsCreate([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] }], 'secrets')).toBe(true);
    expect(grantsCreate([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], 'configmaps')).toBe(true);
    expect(grantsCreate([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }], 'secrets')).toBe(false);
    expect(grantsCreate([{ apiGroups: ['apps'], resources: ['secrets'], verbs: ['create'] }], 'secrets')).toBe(false);
    expect(grantsCreate([{ apiGroups: [''], resources: ['configmaps'], verbs: ['create'] }], 'secrets')).toBe(false);
  });
  it('resourceNames that name the object', () => {
    expect(namesResource([{ resources: ['secrets'], resourceNames: ['argocd-redis'], verbs: ['get'] }], 'argocd-redis')).toBe(true);
    expect(namesResource([{ resources: ['secrets'], verbs: ['get'] }], 'argocd-redis')).toBe(false);
  });
});
