import { describe, expect, it } from 'vitest';
import {
  accessModes,
  claimClassRequest,
  claimVolumeName,
  indexStorageClasses,
  isAttachedVolume,
  isSingleAttach,
  isSingleZoneCluster,
  isStaticallyBound,
  isTopologyFreeProvisioner,
  provisionerTopology,
  isStatefulSetClaimName,
  isZoneKey,
  podClaimVolumes,
  podEphemeralClaims,
  readStorageClass,
  resolveClaimClass,
  statefulSetClaimTemplates,
  volumeSource,
  workloadClaimVolumes,
  zoneConstraints,
} from '../../src/k8s/storage.js';

const storageClass = (name: string, extra: Record<string, unknown> = {}, annotations: Record<string, string> = {}) => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, annotations },
  provisioner: 'ebs.csi.aws.com',
  ...extra,
});
const entry = (raw: Record<string, unknown>) => ({ info: readStorageClass(raw), object: raw });

describe('StorageClass reading', () => {
  it('an absent volumeBindingMode means Immediate; reclaimPolicy defaults to Delete', () => {
    const info = readStorageClass(storageClass('gp3'));
    expect(info).toMatchObject({
      name: 'gp3',
      volumeBindingMode: 'Immediate',
      isDefault: false,
      reclaimPolicy: 'Delete',
      allowedZones: undefined,
    });
    expect(readStorageClass(storageClass('wffc', { volumeBindingMode: 'WaitForFirstConsumer' })).volumeBindingMode).toBe(
      'WaitForFirstConsumer',
    );
  });

  it('reads the default-class annotation (GA and beta), only with the value "true"', () => {
    expect(readStorageClass(storageClass('a', {}, { 'storageclass.kubernetes.io/is-default-class': 'true' })).isDefault).toBe(true);
    expect(readStorageClass(storageClass('b', {}, { 'storageclass.beta.kubernetes.io/is-default-class': 'true' })).isDefault).toBe(true);
    expect(readStorageClass(storageClass('c', {}, { 'storageclass.kubernetes.io/is-default-class': 'false' })).isDefault).toBe(false);
  });

  it('allowedTopologies: the zones of all terms, undefined when a term leaves zones open', () => {
    const oneZone = { allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['eu-west-1a'] }] }] };
    expect(readStorageClass(storageClass('z', oneZone)).allowedZones).toEqual(['eu-west-1a']);
    const twoTerms = {
      allowedTopologies: [
        ...oneZone.allowedTopologies,
        { matchLabelExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', values: ['eu-west-1b'] }] },
      ],
    };
    expect(readStorageClass(storageClass('z', twoTerms)).allowedZones).toEqual(['eu-west-1a', 'eu-west-1b']);
    const open = {
      allowedTopologies: [...oneZone.allowedTopologies, { matchLabelExpressions: [{ key: 'kubernetes.io/hostname', values: ['n1'] }] }],
    };
    expect(readStorageClass(storageClass('z', open)).allowedZones).toBeUndefined();
  });

  it('zone keys: well-known, legacy and CSI driver keys', () => {
    expect(isZoneKey('topology.kubernetes.io/zone')).toBe(true);
    expect(isZoneKey('failure-domain.beta.kubernetes.io/zone')).toBe(true);
    expect(isZoneKey('topology.gke.io/zone')).toBe(true);
    expect(isZoneKey('kubernetes.io/hostname')).toBe(false);
    expect(isZoneKey('topology.kubernetes.io/region')).toBe(false);
  });
});

describe('claim class request', () => {
  it('named, explicitly none (""), or omitted', () => {
    expect(claimClassRequest({ spec: { storageClassName: 'fast' } })).toEqual({
      kind: 'named',
      name: 'fast',
      path: ['spec', 'storageClassName'],
    });
    expect(claimClassRequest({ spec: { storageClassName: '' } })).toEqual({ kind: 'none', path: ['spec', 'storageClassName'] });
    expect(claimClassRequest({ spec: {} })).toEqual({ kind: 'omitted' });
  });
  it('the legacy beta annotation wins over spec.storageClassName', () => {
    const claim = { metadata: { annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } }, spec: { storageClassName: 'new' } };
    expect(claimClassRequest(claim)).toMatchObject({ kind: 'named', name: 'old' });
  });
});

describe('pre-bound claims', () => {
  it('name a PersistentVolume in spec.volumeName, or select one', () => {
    expect(claimVolumeName({ spec: { volumeName: 'pv-1' } })).toBe('pv-1');
    expect(claimVolumeName({ spec: { volumeName: '' } })).toBeUndefined();
    expect(claimVolumeName({ spec: 'nope' })).toBeUndefined();
    expect(isStaticallyBound({ spec: { volumeName: 'pv-1' } })).toBe(true);
    expect(isStaticallyBound({ spec: { selector: { matchLabels: { disk: 'a' } } } })).toBe(true);
    expect(isStaticallyBound({ spec: { storageClassName: 'fast' } })).toBe(false);
  });
});

describe('resolveClaimClass', () => {
  const immediate = entry(storageClass('standard'));
  const wffc = entry(storageClass('wffc', { volumeBindingMode: 'WaitForFirstConsumer' }));
  const defaultWffc = entry(
    storageClass('default-wffc', { volumeBindingMode: 'WaitForFirstConsumer' }, { 'storageclass.kubernetes.io/is-default-class': 'true' }),
  );
  const defaultImmediate = entry(storageClass('default-imm', {}, { 'storageclass.kubernetes.io/is-default-class': 'true' }));
  const named = (name: string) => ({ kind: 'named', name, path: ['spec', 'storageClassName'] }) as const;

  it('"" means no class, never the default', () => {
    expect(
      resolveClaimClass({ kind: 'none', path: [] }, indexStorageClasses([defaultImmediate]), { name: 'x', volumeBindingMode: 'Immediate' }),
    ).toEqual({ status: 'no-class' });
  });
  it('a named class in the set', () => {
    expect(resolveClaimClass(named('standard'), indexStorageClasses([immediate, wffc]), undefined)).toMatchObject({
      status: 'resolved',
      name: 'standard',
      via: 'named',
      volumeBindingMode: 'Immediate',
    });
    expect(resolveClaimClass(named('wffc'), indexStorageClasses([immediate, wffc]), undefined)).toMatchObject({
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  });
  it('the last declaration of a name wins', () => {
    const later = entry(storageClass('standard', { volumeBindingMode: 'WaitForFirstConsumer' }));
    expect(resolveClaimClass(named('standard'), indexStorageClasses([immediate, later]), undefined)).toMatchObject({
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  });
  it('a named class only in the config, with and without a binding mode', () => {
    expect(resolveClaimClass(named('gp2'), indexStorageClasses([]), { name: 'gp2', volumeBindingMode: 'Immediate' })).toMatchObject({
      status: 'resolved',
      via: 'named',
      volumeBindingMode: 'Immediate',
    });
    expect(resolveClaimClass(named('gp2'), indexStorageClasses([]), { name: 'gp2' })).toMatchObject({ status: 'unknown', name: 'gp2' });
  });
  it('an unknown named class is unknown, not the default', () => {
    expect(
      resolveClaimClass(named('nope'), indexStorageClasses([defaultImmediate]), { name: 'gp2', volumeBindingMode: 'Immediate' }),
    ).toMatchObject({ status: 'unknown', name: 'nope' });
  });
  it('omitted: the one default of the set, before the config', () => {
    expect(
      resolveClaimClass({ kind: 'omitted' }, indexStorageClasses([immediate, defaultWffc]), {
        name: 'standard',
        volumeBindingMode: 'Immediate',
      }),
    ).toMatchObject({
      status: 'resolved',
      name: 'default-wffc',
      via: 'set-default',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  });
  it('omitted: several defaults in the set cannot be told apart', () => {
    expect(resolveClaimClass({ kind: 'omitted' }, indexStorageClasses([defaultImmediate, defaultWffc]), undefined)).toMatchObject({
      status: 'unknown',
    });
  });
  it('omitted: the configured default, read from the set when declared there', () => {
    expect(resolveClaimClass({ kind: 'omitted' }, indexStorageClasses([]), { name: 'gp2', volumeBindingMode: 'Immediate' })).toMatchObject({
      status: 'resolved',
      via: 'config-default',
      volumeBindingMode: 'Immediate',
    });
    expect(
      resolveClaimClass({ kind: 'omitted' }, indexStorageClasses([wffc]), { name: 'wffc', volumeBindingMode: 'Immediate' }),
    ).toMatchObject({ via: 'config-default', volumeBindingMode: 'WaitForFirstConsumer' });
    expect(resolveClaimClass({ kind: 'omitted' }, indexStorageClasses([immediate]), undefined)).toMatchObject({ status: 'unknown' });
  });
});

describe('cluster zones', () => {
  it('one zone, by count or by name', () => {
    expect(isSingleZoneCluster(1)).toBe(true);
    expect(isSingleZoneCluster(['a'])).toBe(true);
    expect(isSingleZoneCluster(3)).toBe(false);
    expect(isSingleZoneCluster(['a', 'b'])).toBe(false);
    expect(isSingleZoneCluster(undefined)).toBe(false);
  });
});

describe('access modes', () => {
  it('RWO and RWOP alone attach to one node; any ROX or RWX mode allows several', () => {
    expect(isSingleAttach(accessModes({ accessModes: ['ReadWriteOnce'] }))).toBe(true);
    expect(isSingleAttach(accessModes({ accessModes: ['ReadWriteOncePod'] }))).toBe(true);
    expect(isSingleAttach(accessModes({ accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }))).toBe(false);
    expect(isSingleAttach(accessModes({ accessModes: ['ReadWriteMany'] }))).toBe(false);
    expect(isSingleAttach(accessModes({}))).toBe(false);
  });
});

describe('claims of a pod spec', () => {
  const podSpec = {
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'db-data', readOnly: true } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { storageClassName: 'fast' } } } },
      { name: 'cache', emptyDir: {} },
      { name: 'bare' },
      { name: 'cfg', configMap: { name: 'cfg' } },
      { name: 'share', nfs: { server: 'nfs', path: '/' } },
    ],
  };
  it('PVC volumes and generic ephemeral volumes', () => {
    expect(podClaimVolumes(podSpec)).toEqual([{ volumeName: 'data', claimName: 'db-data', index: 0 }]);
    expect(podEphemeralClaims(podSpec)).toEqual([{ volumeName: 'scratch', index: 1, template: { spec: { storageClassName: 'fast' } } }]);
  });
  it('volume sources; a volume without a source is an emptyDir', () => {
    expect(podSpec.volumes.map(volumeSource)).toEqual(['persistentVolumeClaim', 'ephemeral', 'emptyDir', 'emptyDir', 'config', 'other']);
  });
  it('StatefulSet claim templates and the PVC names they create', () => {
    expect(statefulSetClaimTemplates({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] })).toEqual([
      { name: 'data', index: 0, template: { metadata: { name: 'data' }, spec: {} } },
    ]);
    expect(isStatefulSetClaimName('data-db-0', 'data', 'db')).toBe(true);
    expect(isStatefulSetClaimName('data-db-12', 'data', 'db')).toBe(true);
    expect(isStatefulSetClaimName('data-db-x', 'data', 'db')).toBe(false);
    expect(isStatefulSetClaimName('data-db', 'data', 'db')).toBe(false);
  });
});

describe('zone constraints', () => {
  it('finds zone spreading and zone (anti-)affinity, required or preferred', () => {
    const podSpec = {
      nodeSelector: { 'topology.kubernetes.io/zone': 'a', disk: 'ssd' },
      topologySpreadConstraints: [
        { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 },
        { topologyKey: 'kubernetes.io/hostname', maxSkew: 1 },
        { topologyKey: 'failure-domain.beta.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' },
      ],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }] }],
          },
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }],
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone' } }],
        },
      },
    };
    expect(zoneConstraints(podSpec).map((c) => `${c.kind}:${c.hard}`)).toEqual([
      'topology spread:true',
      'topology spread:false',
      'node selector:true',
      'node affinity:true',
      'pod anti-affinity:false',
    ]);
  });
  it('none on hostname-only placement', () => {
    expect(
      zoneConstraints({
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] } },
      }),
    ).toEqual([]);
  });
});

describe('workloadClaimVolumes', () => {
  const podSpec = {
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'shared', persistentVolumeClaim: { claimName: 'shared' } },
    ],
  };
  it('a StatefulSet claim template replaces the pod volume of the same name', () => {
    const spec = { volumeClaimTemplates: [{ metadata: { name: 'data' } }] };
    expect(workloadClaimVolumes('StatefulSet', spec, podSpec).map((v) => v.volumeName)).toEqual(['shared']);
    expect(workloadClaimVolumes('Deployment', spec, podSpec).map((v) => v.volumeName)).toEqual(['data', 'shared']);
  });
});

describe('topology-free provisioners', () => {
  it('network file and Ceph storage carries no zone; block disks and unknown drivers might', () => {
    expect(isTopologyFreeProvisioner('rbd.csi.ceph.com')).toBe(true);
    expect(isTopologyFreeProvisioner('efs.csi.aws.com')).toBe(true);
    expect(isTopologyFreeProvisioner('ebs.csi.aws.com')).toBe(false);
    expect(isTopologyFreeProvisioner('example.com/custom')).toBe(false);
    expect(isTopologyFreeProvisioner(undefined)).toBe(false);
  });

  it('matches CSI drivers by suffix and family: Rook prefixes them with its namespace', () => {
    expect(provisionerTopology('rook-ceph.rbd.csi.ceph.com')).toBe('network');
    expect(provisionerTopology('storage.cephfs.csi.ceph.com')).toBe('network');
    expect(provisionerTopology('rook-ceph.nfs.csi.ceph.com')).toBe('network');
    expect(provisionerTopology('ebs.csi.aws.com')).toBe('zonal');
    expect(provisionerTopology('pd.csi.storage.gke.io')).toBe('zonal');
    // A driver name that merely contains a known one is not that driver.
    expect(provisionerTopology('notrbd.csi.ceph.com.example')).toBe('unknown');
    expect(provisionerTopology('xkubernetes.io/rbd')).toBe('unknown');
  });

  it('an unknown provisioner is unknown, never zonal; no-provisioner is local', () => {
    expect(provisionerTopology('example.com/custom')).toBe('unknown');
    expect(provisionerTopology(undefined)).toBe('unknown');
    expect(provisionerTopology('kubernetes.io/no-provisioner')).toBe('local');
  });
});

describe('isAttachedVolume: which PersistentVolumes the attach/detach controller attaches', () => {
  const drivers = new Map([
    ['files.example.com', { attachRequired: false }],
    ['disk.example.com', {}],
  ]);
  it('is false for NFS-like sources and CSI drivers that need no attach', () => {
    expect(isAttachedVolume({ nfs: { server: 's', path: '/' } }, drivers)).toBe(false);
    expect(isAttachedVolume({ hostPath: { path: '/data' } }, drivers)).toBe(false);
    expect(isAttachedVolume({ csi: { driver: 'files.example.com' } }, drivers)).toBe(false);
  });
  it('is true for block sources and CSI drivers that attach (attachRequired defaults to true)', () => {
    expect(isAttachedVolume({ awsElasticBlockStore: { volumeID: 'v' } }, drivers)).toBe(true);
    expect(isAttachedVolume({ csi: { driver: 'disk.example.com' } }, drivers)).toBe(true);
  });
  it('is unknown for a CSI driver the set does not describe', () => {
    expect(isAttachedVolume({ csi: { driver: 'other.example.com' } }, drivers)).toBeUndefined();
  });
});
