import { defineRule } from '../src/engine/rule.js';
import { byWorkload, listNames } from '../src/sim/output/lint-view.js';

export default defineRule({
  id: 'zone-loss-unschedulable',
  severity: 'warning',
  category: 'scheduling',
  summary: 'With the cluster given, pods find no node after one zone is lost',
  docs: {
    declared: 'workloads on a multi-zone cluster whose remaining zones cannot take back one zone\u2019s pods',
    interpreted:
      'when a zone fails, the pods there are replaced in the other zones; some fit nowhere (no room, spread or anti-affinity rules, or a zonal volume that cannot follow) and stay Pending until the zone returns',
    fix: 'keep spare capacity in every zone for one zone\u2019s pods, use whenUnsatisfiable: ScheduleAnyway where spreading is a preference, and replicate data across zones instead of relying on one zonal disk',
    details:
      'Active only with a cluster (lint --cluster FILE or cluster.profile) of two zones or more; silent otherwise. Each zone is taken away in turn; every pod outside it stays where the simulation placed it; claims of zonal storage stay in the zone their pod ran in.',
  },
  check(ctx) {
    const zones = ctx.simulation()?.resilience.zones ?? [];
    const all = zones.flatMap((z) => z.pending.map((p) => ({ ...p, zone: z.target })));
    for (const group of byWorkload(ctx.workloads(), all, (p) => p.origin)) {
      const lostIn = [...new Set(group.items.map((p) => p.zone))];
      const names = [...new Set(group.items.map((p) => p.pod.split('/')[1]))];
      ctx.report({
        object: group.object,
        path: group.path,
        message: `After losing zone ${lostIn.join(' or ')}, ${names.length === 1 ? `pod ${names[0]} finds` : `${names.length} pods (${listNames(names)}) find`} no node: "${group.items[0].message}"`,
      });
    }
  },
});
