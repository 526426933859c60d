import { describe, expect, it } from 'vitest';
import { setOf, setOfFiles } from './helpers.js';
import { networkPolicyModel } from '../src/model/network-policies.js';

const deployment = (name: string, ns: string, labels: string, ports = '[{ name: http, containerPort: 8080 }]') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { ${labels} } }
  template:
    metadata: { labels: { ${labels} } }
    spec:
      containers: [{ name: main, image: x, ports: ${ports} }]
---`;
const service = (name: string, ns: string, selector: string, ports: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { selector: { ${selector} }, ports: ${ports} }
---`;
const policy = (name: string, ns: string, spec: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: ${ns} }
spec: ${spec}
---`;

const DENY = policy('deny', 'shop', '{ podSelector: {}, policyTypes: [Ingress] }');

function model(text: string) {
  const set = setOf(text);
  const m = networkPolicyModel(set);
  const workload = (name: string) => set.workloads.find((w) => w.name === name)!;
  const svc = (name: string) => set.ofKind('Service').find((s) => s.name === name)!;
  return { set, m, workload, svc };
}

describe('NetworkPolicyModel: isolation', () => {
  it('a policy selects pods of its own namespace only', () => {
    const { m, workload } = model(deployment('web', 'shop', 'app: web') + deployment('web', 'other', 'app: web') + DENY);
    expect(m.isolating(workload('web'), 'ingress').map((p) => p.object.name)).toEqual(['deny']);
    const other = m.selecting(model(deployment('web', 'other', 'app: web') + DENY).workload('web'));
    expect(other).toEqual([]);
  });
  it('isolation per direction follows the effective policyTypes', () => {
    const { m, workload } = model(
      deployment('web', 'shop', 'app: web') + policy('eg', 'shop', '{ podSelector: {}, policyTypes: [Egress] }'),
    );
    expect(m.isolating(workload('web'), 'ingress')).toEqual([]);
    expect(m.isolating(workload('web'), 'egress').map((p) => p.object.name)).toEqual(['eg']);
  });
  it('rules are the union over every policy isolating the direction; rules of a direction not in policyTypes do not count', () => {
    const { m, workload } = model(
      deployment('web', 'shop', 'app: web') +
        DENY +
        policy('a', 'shop', '{ podSelector: { matchLabels: { app: web } }, ingress: [{ ports: [{ port: 80 }] }] }') +
        policy('b', 'shop', '{ podSelector: {}, ingress: [{ ports: [{ port: 81 }] }] }') +
        policy('dead', 'shop', '{ podSelector: {}, policyTypes: [Egress], ingress: [{}] }') +
        policy('other-app', 'shop', '{ podSelector: { matchLabels: { app: api } }, ingress: [{}] }'),
    );
    expect(m.rules(workload('web'), 'ingress').map((r) => r.policy.object.name)).toEqual(['a', 'b']);
  });
});

describe('NetworkPolicyModel: Service reach', () => {
  const app =
    deployment('redis', 'shop', 'app: redis', '[{ name: redis, containerPort: 6379 }]') +
    service('redis', 'shop', 'app: redis', '[{ port: 6379 }]');
  it('default deny without allow: the target port is blocked, naming the isolating policy', () => {
    const { m, svc } = model(app + DENY);
    const [port] = m.serviceReach(svc('redis'));
    expect(port.blocked.map((b) => [b.workload.name, b.targetPort, b.reason, b.isolatedBy.map((p) => p.object.name)])).toEqual([
      ['redis', 6379, 'no-rule', ['deny']],
    ]);
  });
  it('hostNetwork pods: whether policies apply is cluster-dependent, so they are not taken as isolated', () => {
    const { m, svc } = model(app.replace('containers: [', 'hostNetwork: true\n      containers: [') + DENY);
    expect(m.serviceReach(svc('redis'))[0].blocked).toEqual([]);
  });
  it('no policy: nothing blocked', () => {
    const { m, svc } = model(app);
    expect(m.serviceReach(svc('redis'))[0].blocked).toEqual([]);
  });
  it('an allow policy by named port, another by number: either opens the port (union)', () => {
    for (const allow of ['{ port: redis }', '{ port: 6379 }', '{ port: 6000, endPort: 7000 }']) {
      const { m, svc } = model(
        app + DENY + policy('allow', 'shop', `{ podSelector: { matchLabels: { app: redis } }, ingress: [{ ports: [${allow}] }] }`),
      );
      expect(m.serviceReach(svc('redis'))[0].blocked, allow).toEqual([]);
    }
  });
  it('UDP allowed does not open a TCP port; a named targetPort resolves on the pod', () => {
    const text =
      deployment('web', 'shop', 'app: web') +
      service('web', 'shop', 'app: web', '[{ port: 80, targetPort: http }]') +
      DENY +
      policy('udp', 'shop', '{ podSelector: {}, ingress: [{ ports: [{ port: 8080, protocol: UDP }] }] }');
    const { m, svc } = model(text);
    expect(m.serviceReach(svc('web'))[0].blocked.map((b) => b.targetPort)).toEqual([8080]);
  });
  it('allowed only from pods that exist nowhere in the namespace: peers-nowhere; from another namespace not in the set: reachable', () => {
    const from = (peer: string) =>
      model(
        app + deployment('api', 'shop', 'app: api') + DENY + policy('allow', 'shop', `{ podSelector: {}, ingress: [{ from: [${peer}] }] }`),
      );
    const nowhere = from('{ podSelector: { matchLabels: { app: typo } } }');
    expect(nowhere.m.serviceReach(nowhere.svc('redis'))[0].blocked.map((b) => b.reason)).toEqual(['peers-nowhere']);
    const exists = from('{ podSelector: { matchLabels: { app: api } } }');
    expect(exists.m.serviceReach(exists.svc('redis'))[0].blocked).toEqual([]);
    const outside = from('{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } } }');
    expect(outside.m.serviceReach(outside.svc('redis'))[0].blocked).toEqual([]);
    const labelled = from('{ namespaceSelector: { matchLabels: { team: a } }, podSelector: { matchLabels: { app: typo } } }');
    expect(labelled.m.serviceReach(labelled.svc('redis'))[0].blocked).toEqual([]);
    const ip = from('{ ipBlock: { cidr: 10.0.0.0/8 } }');
    expect(ip.m.serviceReach(ip.svc('redis'))[0].blocked).toEqual([]);
  });
  it('a namespaceSelector pinned to a namespace of the set whose pods do not match: peers-nowhere', () => {
    const { m, svc } = model(
      app +
        deployment('client', 'front', 'app: client') +
        DENY +
        policy(
          'allow',
          'shop',
          '{ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: front } }, podSelector: { matchLabels: { app: other } } }] }] }',
        ),
    );
    expect(m.serviceReach(svc('redis'))[0].blocked.map((b) => b.reason)).toEqual(['peers-nowhere']);
  });
});

describe('NetworkPolicyModel: DNS egress', () => {
  const w = deployment('web', 'shop', 'app: web');
  const egress = (rules: string) => model(w + policy('eg', 'shop', `{ podSelector: {}, policyTypes: [Egress], egress: ${rules} }`));
  const dns = (rules: string) => {
    const { m, workload } = egress(rules);
    const d = m.dnsEgress(workload('web'));
    return d && { udp: d.udp, tcp: d.tcp };
  };
  it('not egress-isolated: undefined', () => {
    const { m, workload } = model(w + DENY);
    expect(m.dnsEgress(workload('web'))).toBeUndefined();
  });
  it('deny all egress blocks DNS', () => {
    expect(dns('[]')).toEqual({ udp: false, tcp: false });
  });
  it('kube-system/kube-dns on UDP and TCP 53 allows DNS', () => {
    expect(
      dns(
        '[{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } }], ports: [{ port: 53, protocol: UDP }, { port: 53, protocol: TCP }] }]',
      ),
    ).toEqual({ udp: true, tcp: true });
  });
  it('UDP only vs TCP only', () => {
    expect(dns('[{ ports: [{ port: 53, protocol: UDP }] }]')).toEqual({ udp: true, tcp: false });
    expect(dns('[{ ports: [{ port: 53 }] }]')).toEqual({ udp: false, tcp: true });
  });
  it('egress to pods of the own namespace or another named namespace does not reach the DNS', () => {
    expect(dns('[{ to: [{ podSelector: { matchLabels: { app: db } } }] }]')).toEqual({ udp: false, tcp: false });
    expect(dns('[{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: db } } }] }]')).toEqual({
      udp: false,
      tcp: false,
    });
    expect(
      dns('[{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: db } } }], ports: [{ port: 53, protocol: UDP }] }]'),
    ).toEqual({ udp: false, tcp: false });
  });
  it('peers that may include the DNS pods: any namespace, an unknown-label namespace selector, an ipBlock, a named port', () => {
    expect(dns('[{ to: [{ namespaceSelector: {} }] }]')).toEqual({ udp: true, tcp: true });
    expect(dns('[{ to: [{ namespaceSelector: { matchLabels: { name: kube-system } } }] }]')).toEqual({ udp: true, tcp: true });
    expect(dns('[{ to: [{ ipBlock: { cidr: 10.96.0.10/32 } }], ports: [{ port: 53, protocol: UDP }, { port: 53 }] }]')).toEqual({
      udp: true,
      tcp: true,
    });
    expect(dns('[{ ports: [{ port: dns, protocol: UDP }, { port: dns-tcp }] }]')).toEqual({ udp: true, tcp: true });
  });
  it('a kube-system Namespace object in the set decides label selectors', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: kube-system, labels: { tier: system } }\n---';
    const check = (label: string) => {
      const { m, workload } = model(
        ns +
          w +
          policy(
            'eg',
            'shop',
            `{ podSelector: {}, policyTypes: [Egress], egress: [{ to: [{ namespaceSelector: { matchLabels: { ${label} } } }] }] }`,
          ),
      );
      return m.dnsEgress(workload('web'))!.udp;
    };
    expect(check('tier: system')).toBe(true);
    expect(check('tier: apps, kubernetes.io/metadata.name: kube-system')).toBe(false);
    // openshift-dns has no Namespace object in the set: a label other than the name may be on it
    expect(check('tier: apps')).toBe(true);
  });
});

describe('NetworkPolicyModel: other policy engines', () => {
  it('a CiliumNetworkPolicy in the namespace or a cluster-wide policy marks it', () => {
    const cnp = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: c, namespace: shop }\nspec: {}\n---';
    const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: a }\nspec: {}\n---';
    const calico = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: c, namespace: shop }\nspec: {}\n---';
    const pods = deployment('web', 'shop', 'app: web') + deployment('web', 'other', 'app: web');
    const applies = (text: string, ns: string) => {
      const { m, set } = model(`${pods}\n${text}`);
      return m.otherPoliciesApply(set.workloads.find((w) => w.namespace === ns)!.object);
    };
    expect(applies(cnp, 'shop')).toBe(true);
    expect(applies(cnp, 'other')).toBe(false);
    expect(applies(anp, 'other')).toBe(true);
    expect(applies(calico, 'shop')).toBe(true);
    expect(model(calico).m.policies).toEqual([]);
    expect(applies(DENY, 'shop')).toBe(false);
  });
});

describe('NetworkPolicyModel: namespaces the set cannot pin down', () => {
  const bare = (text: string) => text.replace(/, namespace: \w+/g, '');
  it('a namespace-less policy selects namespace-less workloads of its own directory tree only, up to a kustomization directory', () => {
    const files = {
      'app/policies/deny.yaml': bare(DENY),
      'app/policies/web.yaml': bare(deployment('web', 'x', 'app: web')),
      'app/policies/sub/worker.yaml': bare(deployment('worker', 'x', 'app: worker')),
      'app/api.yaml': bare(deployment('api', 'x', 'app: api')),
      'other/db.yaml': bare(deployment('db', 'x', 'app: db')),
    };
    const m = networkPolicyModel(setOfFiles(files));
    expect(m.selected(m.policies[0]).map((w) => w.name)).toEqual(['web', 'worker', 'api']);
    const kustomized = networkPolicyModel(
      setOfFiles({ ...files, 'app/policies/kustomization.yaml': 'resources: [deny.yaml, web.yaml]\n' }),
    );
    expect(kustomized.selected(kustomized.policies[0]).map((w) => w.name)).toEqual(['web', 'worker']);
  });
  it("kubebuilder's placeholder namespace `system` is scoped the same way; real namespaces are not", () => {
    const files = (ns: string) => ({
      'a/config/policy.yaml': policy('deny', ns, '{ podSelector: {} }'),
      'b/config/manager.yaml': deployment('manager', ns, 'app: m'),
    });
    const system = networkPolicyModel(setOfFiles(files('system')));
    expect(system.selected(system.policies[0])).toEqual([]);
    const shop = networkPolicyModel(setOfFiles(files('shop')));
    expect(shop.selected(shop.policies[0]).map((w) => w.name)).toEqual(['manager']);
  });
  it('the workloads of a declared namespace are known across directories; of a shared one, never', () => {
    const files = (ns: string) => ({
      'a/policy.yaml': policy('allow', ns, '{ podSelector: {} }'),
      'b/api.yaml': deployment('api', ns, 'app: api'),
    });
    const shop = networkPolicyModel(setOfFiles(files('shop')));
    expect(shop.knownWorkloads(shop.policies[0], 'shop').map((w) => w.name)).toEqual(['api']);
    const shared = networkPolicyModel(setOfFiles(files('default')));
    expect(shared.knownWorkloads(shared.policies[0], 'default')).toEqual([]);
  });
  it('the last declared policy of an identity is the one that counts (namespace-less ones stay apart, scoped by tree)', () => {
    const m = networkPolicyModel(setOf(DENY + policy('deny', 'shop', '{ podSelector: { matchLabels: { app: web } } }')));
    expect(m.policies.map((p) => p.spec.podSelector)).toEqual([{ matchLabels: { app: 'web' } }]);
  });
  it('pods an operator may create (a custom resource in the namespace) are not "nowhere"', () => {
    const app =
      deployment('redis', 'shop', 'app: redis', '[{ containerPort: 6379 }]') + service('redis', 'shop', 'app: redis', '[{ port: 6379 }]');
    const allow = policy(
      'allow',
      'shop',
      '{ podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: prometheus } } }] }] }',
    );
    const cr = '\napiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: { name: k8s, namespace: shop }\nspec: {}\n---';
    const without = model(app + DENY + allow);
    expect(without.m.serviceReach(without.svc('redis'))[0].blocked.map((b) => b.reason)).toEqual(['peers-nowhere']);
    const withCr = model(app + DENY + allow + cr);
    expect(withCr.m.serviceReach(withCr.svc('redis'))[0].blocked).toEqual([]);
  });
});

describe('NetworkPolicyModel: namespace-less Services', () => {
  it('reach only namespace-less workloads of their own directory', () => {
    const bare = (text: string) => text.replace(/, namespace: \w+/g, '');
    const set = setOfFiles({
      'base/service.yaml': bare(service('redis', 'x', 'app: redis', '[{ port: 6379 }]')),
      'bundle/install.yaml': bare(deployment('redis', 'x', 'app: redis', '[{ containerPort: 6379 }]') + DENY),
    });
    const m = networkPolicyModel(set);
    expect(m.serviceReach(set.ofKind('Service')[0])).toEqual([]);
  });
});
