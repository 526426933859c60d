import { defineRule } from '../src/engine/rule.js';
import type { K8sObject } from '../src/model/object.js';
import { closest } from '../src/util/edit-distance.js';

export default defineRule({
  id: 'statefulset-service-unknown',
  aliases: ['statefulset-service-missing'],
  severity: 'warning',
  category: 'storage',
  summary: 'A StatefulSet names a governing Service that is not in the set, or is not headless',
  docs: {
    catches:
      '`serviceName` names no Service in the set (suggesting a similarly named headless one), or one that is not headless (`clusterIP: ' +
      'None`): the per-pod DNS names do not resolve. ' +
      'Only Services applied with the StatefulSet (its namespace, and for namespace-less manifests its directory tree) are judged; a namesake in an unrelated folder is neither a match nor a finding.',
    declared: 'spec.serviceName naming a Service that the set does not declare, or one without clusterIP: None',
    interpreted:
      'the StatefulSet controller neither creates nor checks the governing Service; per-pod DNS names (<pod>.<service>.<namespace>.svc) exist only through a headless Service of that name, so without it peers cannot find each other by their stable names',
    fix: 'declare a Service with that name and clusterIP: None selecting the StatefulSet pods, or point serviceName at the existing headless Service',
  },
  check(ctx) {
    for (const workload of ctx.workloads()) {
      if (workload.kind !== 'StatefulSet') continue;
      const serviceName = workload.object.get(['spec', 'serviceName']);
      if (typeof serviceName !== 'string' || serviceName === '') continue;
      // Only the Services applied with the StatefulSet are judged; a namesake elsewhere in a checkout is another app's.
      const around = ctx.around(workload.object);
      if (around.objects('Service').length === 0) continue;
      const declared = around.allNamed('Service', serviceName);
      const dnsName = `<pod>.${serviceName}.${workload.namespace ?? '<namespace>'}.svc`;

      if (declared.length === 0) {
        const applied = around.objects('Service').filter((s) => s.name !== null);
        const headless = [...new Set(applied.filter(isHeadless).map((s) => s.name as string))];
        const suggestion = closest(serviceName, headless);
        ctx.report({
          object: workload.object,
          path: ['spec', 'serviceName'],
          message: `StatefulSet "${workload.name}" names Service "${serviceName}", which is not in the set${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          declared: `serviceName: ${serviceName}; the set declares Services in this namespace, none named "${serviceName}"`,
          interpreted: `the StatefulSet controller does not create the governing Service; unless a headless Service "${serviceName}" exists in the cluster, the per-pod DNS names ${dnsName} do not resolve`,
          fix: suggestion
            ? `set serviceName: ${suggestion}, or declare a headless Service (clusterIP: None) named "${serviceName}"`
            : `declare a Service named "${serviceName}" with clusterIP: None selecting the StatefulSet pods`,
          related: suggestion
            ? [
                {
                  object: applied.find((s) => s.name === suggestion) as K8sObject,
                  path: ['metadata', 'name'],
                  message: `a Service with a similar name`,
                },
              ]
            : undefined,
        });
        continue;
      }
      if (declared.some(isHeadless)) continue;
      const service = declared[declared.length - 1];
      const clusterIP = service.get(['spec', 'clusterIP']);
      ctx.report({
        object: workload.object,
        path: ['spec', 'serviceName'],
        message: `StatefulSet "${workload.name}" is governed by Service "${serviceName}", which is not headless (${clusterIP === undefined ? 'no clusterIP: None' : `clusterIP: ${String(clusterIP)}`})`,
        declared: `serviceName: ${serviceName}; that Service has ${clusterIP === undefined ? 'no clusterIP, so it gets a virtual IP' : `clusterIP ${String(clusterIP)}`}`,
        interpreted: `a Service with a cluster IP gets one DNS record for the virtual IP; the per-pod DNS names ${dnsName} exist only for a headless Service, so they do not resolve`,
        fix: `add a headless Service (clusterIP: None) for the StatefulSet and name it in serviceName; clusterIP cannot be changed on an existing Service, so create a new one (e.g. "${serviceName}-headless")`,
        related: [{ object: service, path: ['spec', 'clusterIP'], message: `Service "${serviceName}" is not headless` }],
      });
    }
  },
});

function isHeadless(service: K8sObject): boolean {
  return service.get(['spec', 'clusterIP']) === 'None';
}
